import Foundation
import Synchronization

/// A flag another thread raises to stop an evaluation early, lowered again for the next one (`CancelFlag` stays raised).
public final class RearmableCancelFlag: Sendable {
    private let raised = Atomic<Bool>(false)
    public init() {}
    public func raise() { raised.store(true, ordering: .relaxed) }
    public func lower() { raised.store(false, ordering: .relaxed) }
    public var isRaised: Bool { raised.load(ordering: .relaxed) }
}

/// Cooperative cancellation of long sampling loops, per thread: the evaluator installs its flag on its own thread, and
/// the loops (reverse diffusion, ODE integrators, likelihood) break out early once it is raised. Other threads have no
/// flag, so headless runs are never cut short; the dashboard's trainer raises its own only to quit. A cancelled
/// computation's numbers are discarded.
public enum EvaluationCancellation {
    private static let key: pthread_key_t = {
        var k = pthread_key_t()
        pthread_key_create(&k, nil)
        return k
    }()

    /// Runs `body` with `flag` as this thread's cancellation flag.
    public static func with<T>(_ flag: RearmableCancelFlag, _ body: () -> T) -> T {
        let previous = pthread_getspecific(key)
        pthread_setspecific(key, Unmanaged.passUnretained(flag).toOpaque())
        defer { pthread_setspecific(key, previous) }
        return body()
    }

    /// True when this thread's evaluation was cancelled (checked once per sampler step: one thread-local read).
    @inline(__always)
    public static var requested: Bool {
        guard let p = pthread_getspecific(key) else { return false }
        return Unmanaged<RearmableCancelFlag>.fromOpaque(p).takeUnretainedValue().isRaised
    }
}
