import Models

/// A physics demo driven by the UI loop itself: a frame player (no trainer thread), so `,` steps back exactly.
enum PhysicsDemo: Dashboard {
    case pursuit(FramePlayer<PursuitSimulation>)
    case kepler(FramePlayer<KeplerSimulation>)
    case curvature(FramePlayer<CurveSimulation>)

    var frameIndex: Int {
        switch self {
        case .pursuit(let p): p.cursor
        case .kepler(let k): k.cursor
        case .curvature(let c): c.cursor
        }
    }

    var time: Double {
        switch self {
        case .pursuit(let p): p.frame.t
        case .kepler(let k): k.frame.t
        case .curvature(let c): c.frame.s
        }
    }

    var speed: Double {
        switch self {
        case .pursuit(let p): p.speed
        case .kepler(let k): k.speed
        case .curvature(let c): c.speed
        }
    }

    /// Kepler's eccentricity and integrator, nil on the pursuit.
    var eccentricity: Double? {
        if case .kepler(let k) = self { return k.simulation.orbit.e }
        return nil
    }

    var integratorName: String? {
        if case .kepler(let k) = self { return k.simulation.config.integrator.name(short: false) }
        return nil
    }

    var atEnd: Bool {
        switch self {
        case .pursuit(let p): p.atEnd
        case .kepler(let k): k.atEnd
        case .curvature(let c): c.atEnd
        }
    }

    /// Applies `body` to whichever player this is (they share FramePlayer's API).
    mutating func withPlayer(pursuit: (inout FramePlayer<PursuitSimulation>) -> Void,
                             kepler: (inout FramePlayer<KeplerSimulation>) -> Void,
                             curvature: (inout FramePlayer<CurveSimulation>) -> Void) {
        switch self {
        case .pursuit(var p):
            pursuit(&p)
            self = .pursuit(p)
        case .kepler(var k):
            kepler(&k)
            self = .kepler(k)
        case .curvature(var c):
            curvature(&c)
            self = .curvature(c)
        }
    }

    mutating func tick() { withPlayer(pursuit: { $0.tick() }, kepler: { $0.tick() }, curvature: { $0.tick() }) }
    mutating func stepForward() { withPlayer(pursuit: { $0.stepForward() }, kepler: { $0.stepForward() }, curvature: { $0.stepForward() }) }
    mutating func stepBack() { withPlayer(pursuit: { $0.stepBack() }, kepler: { $0.stepBack() }, curvature: { $0.stepBack() }) }
    mutating func restart() { withPlayer(pursuit: { $0.restart() }, kepler: { $0.restart() }, curvature: { $0.restart() }) }

    /// Playback speed in frames per tick, kept within 1/64…1024.
    mutating func scaleSpeed(_ factor: Double) {
        let clamp = { (s: Double) in min(1024, max(1.0 / 64, s * factor)) }
        withPlayer(pursuit: { $0.speed = clamp($0.speed) }, kepler: { $0.speed = clamp($0.speed) }, curvature: { $0.speed = clamp($0.speed) })
    }

    /// Curvature only: the next κ(s) profile, restarting the curve.
    mutating func nextProfile() -> CurvatureProfile? {
        guard case .curvature(let c) = self else { return nil }
        var config = c.simulation.config
        let all = CurvatureProfile.allCases
        config.profile = all[(all.firstIndex(of: config.profile)! + 1) % all.count]
        self = .curvature(FramePlayer(CurveSimulation(config: config), speed: c.speed))
        return config.profile
    }

    /// Kepler only: restarts at periapsis with eccentricity changed by `delta` (clamped to 0…0.99).
    mutating func changeEccentricity(by delta: Double) {
        guard case .kepler(var k) = self else { return }
        var sim = k.simulation
        let e = min(0.99, max(0, ((sim.orbit.e + delta) * 100).rounded() / 100))
        sim.restart(e: e)
        k.reset(to: sim)
        self = .kepler(k)
    }

    /// Kepler only: switches between velocity Verlet and RK4, restarting at periapsis.
    mutating func toggleIntegrator() {
        guard case .kepler(var k) = self else { return }
        var sim = k.simulation
        sim.restart(integrator: sim.config.integrator == .verlet ? .rk4 : .verlet)
        k.reset(to: sim)
        self = .kepler(k)
    }
}
