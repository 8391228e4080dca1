import Foundation

/// Past frames of a simulation in a bounded ring buffer addressed by absolute frame index, so stepping back
/// returns exactly the stored state and memory stays bounded on long runs (oldest frames are dropped).
public struct FrameHistory<State> {
    public static var defaultCapacity: Int { 100_000 }

    public let capacity: Int
    private var storage: [State] = []
    /// Position in `storage` of the oldest kept frame once the buffer has wrapped.
    private var head = 0
    /// Absolute index of the oldest kept frame.
    public private(set) var firstIndex = 0

    public init(capacity: Int = FrameHistory.defaultCapacity) {
        precondition(capacity > 0)
        self.capacity = capacity
        storage.reserveCapacity(min(capacity, 4096))
    }

    public var count: Int { storage.count }
    public var isEmpty: Bool { storage.isEmpty }
    /// Absolute index of the newest frame (firstIndex − 1 when empty).
    public var lastIndex: Int { firstIndex + storage.count - 1 }

    public func contains(index: Int) -> Bool { index >= firstIndex && index <= lastIndex }

    /// Sets the absolute index of the oldest frame (for a history started mid-run).
    public mutating func rebase(firstIndex: Int) { self.firstIndex = firstIndex }

    /// Appends the frame with index `lastIndex + 1`, dropping the oldest if full.
    public mutating func append(_ state: State) {
        if storage.count < capacity {
            storage.append(state)
        } else {
            storage[head] = state
            head = (head + 1) % capacity
            firstIndex += 1
        }
    }

    /// The frame with absolute index `index`, or nil if it was dropped or not yet produced.
    public subscript(index: Int) -> State? {
        guard contains(index: index) else { return nil }
        return storage[(head + index - firstIndex) % storage.count]
    }

    public var last: State? { isEmpty ? nil : self[lastIndex] }

    public mutating func removeAll() {
        storage.removeAll(keepingCapacity: true)
        head = 0
        firstIndex = 0
    }
}

extension FrameHistory: Sendable where State: Sendable {}
