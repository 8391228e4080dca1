import Foundation

/// Numeric-vs-closed-form figures a UI shows beside the pursuit.
public struct PursuitReadout: Sendable, Equatable {
    public var t: Double
    public var pursuerDistance: Double
    public var targetDistance: Double
    public var gap: Double
    public var numericCaptureTime: Double
    public var numericCaptureDistance: Double
    /// Closed-form values exist only for a straight-line target.
    public var closedFormCaptureTime: Double?
    public var closedFormCaptureDistance: Double?
    public var captureTimeError: Double? {
        closedFormCaptureTime.map { numericCaptureTime - $0 }
    }
    public var captureDistanceError: Double? {
        closedFormCaptureDistance.map { numericCaptureDistance - $0 }
    }
}

/// The pursuit as a frame stepper: frame n is the integrator state at exactly t = n·dt (adaptive DOPRI5
/// substeps in between), and the final frame is the capture itself.
public struct PursuitSimulation: Stepper, Sendable {
    public let config: PursuitConfig
    /// Numerically located capture time (s) and point.
    public let captureTime: Double
    public let capturePoint: Vec2
    public private(set) var current: PursuitState
    public private(set) var frameIndex = 0
    private var ode: PursuitODEState
    private var dydt: PursuitODEState
    private var step = 1e-3

    public init(config: PursuitConfig = .classic) {
        self.config = config
        (captureTime, capturePoint) = PursuitIntegration.capture(config)
        ode = .initial(config)
        dydt = PursuitODEState.derivative(ode, config)
        current = PursuitState(ode, config: config)
    }

    /// Total distance run by the pursuer up to capture, kv·T.
    public var pursuerDistance: Double { config.pursuerSpeed * captureTime }
    public var time: Double { current.t }
    public var isFinished: Bool { current.captured }
    public var closedForm: PursuitClosedForm? { PursuitClosedForm(config) }

    public mutating func advance() -> PursuitState {
        if isFinished { return current }
        let next = Double(frameIndex + 1) * config.frameInterval
        frameIndex += 1
        if next >= captureTime {
            var y = ode
            y.t = captureTime
            current = PursuitState(y, config: config, captured: true)
        } else {
            PursuitIntegration.advance(&ode, dydt: &dydt, step: &step, toTime: next, config: config)
            current = PursuitState(ode, config: config)
        }
        return current
    }

    public mutating func restart() { self = PursuitSimulation(config: config) }

    /// Runs to capture and returns every frame, including frame 0 and the capture frame.
    public static func frames(_ config: PursuitConfig) -> [PursuitState] {
        var sim = PursuitSimulation(config: config)
        var out = [sim.current]
        while !sim.isFinished { out.append(sim.advance()) }
        return out
    }

    public func readout(for state: PursuitState? = nil) -> PursuitReadout {
        let s = state ?? current
        let cf = closedForm
        return PursuitReadout(
            t: s.t, pursuerDistance: s.distanceRun, targetDistance: s.targetDistanceRun, gap: s.gap,
            numericCaptureTime: captureTime, numericCaptureDistance: pursuerDistance,
            closedFormCaptureTime: cf?.captureTime, closedFormCaptureDistance: cf?.pathLength)
    }
}
