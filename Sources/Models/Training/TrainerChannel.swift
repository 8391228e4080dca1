import Dispatch

/// A fixed-capacity FIFO that drops its oldest entries when full, so a slow reader never grows memory.
public struct BoundedQueue<Element> {
    public let capacity: Int
    private var items: [Element?]
    private var head = 0
    public private(set) var count = 0
    /// Entries overwritten before anyone read them.
    public private(set) var dropped = 0

    public init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
        items = Array(repeating: nil, count: capacity)
    }

    public mutating func push(_ e: Element) {
        if count == capacity {
            items[head] = e
            head = (head + 1) % capacity
            dropped += 1
        } else {
            items[(head + count) % capacity] = e
            count += 1
        }
    }

    /// Everything held, oldest first, without removing it.
    public var elements: [Element] { (0..<count).map { items[(head + $0) % capacity]! } }

    /// Removes and returns everything, oldest first.
    public mutating func drain() -> [Element] {
        var out: [Element] = []
        out.reserveCapacity(count)
        for i in 0..<count {
            out.append(items[(head + i) % capacity]!)
            items[(head + i) % capacity] = nil
        }
        head = 0
        count = 0
        return out
    }
}

/// The only link between the UI and the trainer thread: commands in; metrics, events and snapshots out.
///
/// Per-step metrics go through a bounded ring (oldest dropped), rare events through a bounded queue,
/// and snapshots through a latest-wins slot, so neither side ever waits for the other.
public final class TrainerChannel: Sendable {
    private let commands = Locked(BoundedQueue<TrainerCommand>(capacity: 1024))
    private let metrics: Locked<BoundedQueue<StepMetrics>>
    private let events = Locked(BoundedQueue<TrainerEvent>(capacity: 1024))
    private let latestSnapshot = Locked<Snapshot?>(nil)
    private let wake = DispatchSemaphore(value: 0)

    public init(metricsCapacity: Int = 8192) {
        metrics = Locked(BoundedQueue(capacity: metricsCapacity))
    }

    // MARK: UI side

    /// Queues a command and wakes a paused trainer.
    public func send(_ command: TrainerCommand) {
        commands.withLock { $0.push(command) }
        wake.signal()
    }

    /// All metrics published since the last call, oldest first.
    public func drainMetrics() -> [StepMetrics] { metrics.withLock { $0.drain() } }

    /// All events published since the last call, oldest first.
    public func drainEvents() -> [TrainerEvent] { events.withLock { $0.drain() } }

    /// The newest snapshot, if one arrived since the last call.
    public func takeSnapshot() -> Snapshot? { latestSnapshot.withLock { s in defer { s = nil }; return s } }

    /// Metrics lost because the reader was slower than the trainer.
    public var droppedMetrics: Int { metrics.withLock { $0.dropped } }

    // MARK: Trainer side

    public func takeCommands() -> [TrainerCommand] { commands.withLock { $0.drain() } }
    public func publish(_ m: StepMetrics) { metrics.withLock { $0.push(m) } }
    public func publish(event: TrainerEvent) { events.withLock { $0.push(event) } }
    public func publish(snapshot: Snapshot) { latestSnapshot.withLock { $0 = snapshot } }

    /// Sleeps until a command arrives or `seconds` pass (used while paused, so it never spins).
    public func waitForCommand(timeout seconds: Double) {
        _ = wake.wait(timeout: .now() + seconds)
    }
}
