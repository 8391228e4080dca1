import Foundation

/// A value behind a pthread mutex, shared between threads (the channel's queues, caches, sweep state).
/// Swift's `Synchronization.Mutex` locks through futex calls ThreadSanitizer does not intercept, so every access it
/// guarded was reported as a race (scripts/tsan.sh: 32 reports); a pthread mutex is intercepted, so TSan checks the
/// lock discipline itself instead of flagging correct code, and a real race stays visible.
public final class Locked<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    public init(_ value: Value) {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        self.value = value
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the value while holding the lock.
    @inline(__always)
    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
