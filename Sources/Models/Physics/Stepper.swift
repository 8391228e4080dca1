import Foundation

/// A simulation that produces frames one at a time, so a UI can play, pause and step it uniformly.
public protocol Stepper {
    associatedtype State
    /// The most recently produced frame.
    var current: State { get }
    /// Index of `current`; frame 0 is the initial state.
    var frameIndex: Int { get }
    /// Simulated time of `current`.
    var time: Double { get }
    /// True once no further frames change (e.g. after capture); `advance` then returns `current`.
    var isFinished: Bool { get }
    /// Computes, stores as `current` and returns the next frame.
    mutating func advance() -> State
    /// Returns to frame 0 with the same parameters.
    mutating func restart()
}

/// Plays a stepper through a bounded history: stepping back shows stored frames exactly (`,`), stepping
/// forward replays them and computes new ones past the end (`.`), and `tick` plays at a chosen speed.
public struct FramePlayer<Sim: Stepper> {
    public private(set) var simulation: Sim
    public private(set) var history: FrameHistory<Sim.State>
    /// Absolute index of the frame on screen.
    public private(set) var cursor: Int
    /// Frames advanced per `tick`; fractional speeds accumulate, so 0.25 moves one frame every fourth tick.
    public var speed: Double
    private var pending: Double = 0

    public init(_ simulation: Sim, capacity: Int = FrameHistory<Sim.State>.defaultCapacity, speed: Double = 1) {
        self.simulation = simulation
        history = FrameHistory(capacity: capacity)
        history.append(simulation.current)
        cursor = simulation.frameIndex
        history.rebase(firstIndex: simulation.frameIndex)
        self.speed = speed
    }

    /// The frame on screen.
    public var frame: Sim.State { history[cursor]! }

    /// True when showing the newest frame and the simulation cannot produce more.
    public var atEnd: Bool { cursor == history.lastIndex && simulation.isFinished }

    /// Moves one frame forward, computing it if it is beyond the stored history.
    @discardableResult
    public mutating func stepForward() -> Sim.State {
        if cursor < history.lastIndex {
            cursor += 1
        } else if !simulation.isFinished {
            history.append(simulation.advance())
            cursor = history.lastIndex
        }
        return frame
    }

    /// Moves one frame back if it is still stored; otherwise stays on the oldest kept frame.
    @discardableResult
    public mutating func stepBack() -> Sim.State {
        if cursor > history.firstIndex { cursor -= 1 }
        return frame
    }

    /// Advances by `speed` frames (accumulating fractions) and returns the frame now on screen.
    @discardableResult
    public mutating func tick() -> Sim.State {
        pending += speed
        while pending >= 1 {
            pending -= 1
            if atEnd { pending = 0; break }
            stepForward()
        }
        return frame
    }

    /// Restarts the simulation and clears the history.
    public mutating func restart() {
        simulation.restart()
        reset(to: simulation)
    }

    /// Replaces the simulation (e.g. after a parameter change) and clears the history.
    public mutating func reset(to newSimulation: Sim) {
        simulation = newSimulation
        history = FrameHistory(capacity: history.capacity)
        history.append(simulation.current)
        history.rebase(firstIndex: simulation.frameIndex)
        cursor = simulation.frameIndex
        pending = 0
    }
}

extension FramePlayer: Sendable where Sim: Sendable, Sim.State: Sendable {}
