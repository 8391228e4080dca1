import Foundation

/// Parameters of the orbit demo: the orbit, the integrator, and how many integrator steps make one frame.
public struct KeplerConfig: Sendable, Equatable {
    public var orbit: KeplerOrbit
    public var integrator: OrbitIntegratorKind
    public var stepsPerPeriod: Int
    public var stepsPerFrame: Int

    public init(orbit: KeplerOrbit = KeplerOrbit(), integrator: OrbitIntegratorKind = .verlet,
                stepsPerPeriod: Int = OrbitIntegrator.defaultStepsPerPeriod, stepsPerFrame: Int = 5) {
        precondition(stepsPerPeriod > 0 && stepsPerFrame > 0)
        self.orbit = orbit
        self.integrator = integrator
        self.stepsPerPeriod = stepsPerPeriod
        self.stepsPerFrame = stepsPerFrame
    }

    public var stepSize: Double { orbit.period / Double(stepsPerPeriod) }
}

/// One frame of the orbit demo: the analytic and numeric states at the same time and how far they disagree.
public struct KeplerFrame: Sendable, Equatable {
    public var t: Double
    public var kepler: PhaseState
    public var integrator: PhaseState
    /// (E − E₀)/|E₀| of the integrator's energy E = v²/2 − μ/r.
    public var energyDrift: Double
    /// (L − L₀)/|L₀| of the integrator's angular momentum L = x·vy − y·vx.
    public var angularMomentumDrift: Double
    /// Largest |energyDrift| seen so far in this run.
    public var maxEnergyDrift: Double
    /// (v² − μ(2/r − 1/a))/(μ(2/r − 1/a)) on the integrator state: vis-viva with the nominal a.
    public var visVivaError: Double
    /// Signed angle from the Kepler position to the integrator position, wrapped to (−π, π].
    public var phaseError: Double
}

/// The orbit as a frame stepper: the integrator advances `stepsPerFrame` fixed steps per frame and each frame
/// compares it to the Kepler solution at the same time.
public struct KeplerSimulation: Stepper, Sendable {
    public private(set) var config: KeplerConfig
    public private(set) var integrator: OrbitIntegrator
    public private(set) var current: KeplerFrame
    public private(set) var frameIndex = 0
    private let initialEnergy: Double
    private let initialAngularMomentum: Double

    public init(config: KeplerConfig = KeplerConfig()) {
        self.config = config
        integrator = OrbitIntegrator(orbit: config.orbit, kind: config.integrator, stepsPerPeriod: config.stepsPerPeriod)
        initialEnergy = integrator.state.energy(mu: config.orbit.mu)
        initialAngularMomentum = integrator.state.angularMomentum
        current = Self.frame(orbit: config.orbit, integrator: integrator, e0: initialEnergy,
                             l0: initialAngularMomentum, maxDrift: 0)
    }

    public var orbit: KeplerOrbit { config.orbit }
    public var time: Double { current.t }
    public var isFinished: Bool { false }
    public var period: Double { config.orbit.period }

    /// Builds the frame for the integrator's current state.
    public static func frame(orbit: KeplerOrbit, integrator: OrbitIntegrator, e0: Double, l0: Double,
                             maxDrift: Double) -> KeplerFrame {
        let t = integrator.time, s = integrator.state, k = orbit.state(at: t)
        let drift = (s.energy(mu: orbit.mu) - e0) / abs(e0)
        let r = s.position.length
        let vv = orbit.visVivaSpeedSquared(radius: r)
        return KeplerFrame(
            t: t, kepler: k, integrator: s, energyDrift: drift,
            angularMomentumDrift: (s.angularMomentum - l0) / abs(l0),
            maxEnergyDrift: max(maxDrift, abs(drift)),
            visVivaError: (s.velocity.lengthSquared - vv) / vv,
            phaseError: k.position.angle(to: s.position))
    }

    /// Advances the integrator by `steps` fixed steps and records the resulting frame (used for odd final frames).
    public mutating func advance(steps: Int) -> KeplerFrame {
        integrator.step(times: steps)
        frameIndex += 1
        current = Self.frame(orbit: config.orbit, integrator: integrator, e0: initialEnergy,
                             l0: initialAngularMomentum, maxDrift: current.maxEnergyDrift)
        return current
    }

    public mutating func advance() -> KeplerFrame { advance(steps: config.stepsPerFrame) }

    public mutating func restart() { self = KeplerSimulation(config: config) }

    /// Restarts at periapsis with a new eccentricity (the live `e` control).
    public mutating func restart(e: Double) {
        var c = config
        c.orbit = KeplerOrbit(mu: c.orbit.mu, a: c.orbit.a, e: e)
        self = KeplerSimulation(config: c)
    }

    /// Restarts at periapsis with another integrator.
    public mutating func restart(integrator kind: OrbitIntegratorKind) {
        var c = config
        c.integrator = kind
        self = KeplerSimulation(config: c)
    }
}
