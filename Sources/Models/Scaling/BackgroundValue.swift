import Dispatch

/// A value computed once on a background thread (a sweep's noise scale, a coordinate check): poll it without
/// blocking, or wait for it.
public final class BackgroundValue<T: Sendable>: Sendable {
    private final class Slot: Sendable {
        let value = Locked<T?>(nil)
    }
    private let slot = Slot()
    private let group = DispatchGroup()

    public init(_ body: @escaping @Sendable () -> T) {
        group.enter()
        DispatchQueue.global().async { [slot, group] in
            let v = body()
            slot.value.withLock { $0 = v }
            group.leave()
        }
    }

    /// The value once it is ready, else nil.
    public var value: T? { slot.value.withLock { $0 } }

    /// Blocks until the value is ready or `timeout` seconds pass; true when it is ready (a quit joins a cancelled
    /// computation so that no thread is left inside BLAS when the process exits).
    @discardableResult
    public func wait(timeout: Double) -> Bool { group.wait(timeout: .now() + timeout) == .success }

    /// Blocks until the value is ready.
    public func wait() -> T {
        group.wait()
        return slot.value.withLock { $0! }
    }
}
