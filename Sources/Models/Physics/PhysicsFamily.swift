extension PresetKey {
    /// Keys of the pursuit-curve demo.
    public static let pursuit: [PresetKey] = [
        PresetKey("a", .number(1e-6...1e9), default: .number(300), "initial distance, target due south of the pursuer (m)"),
        PresetKey("k", .number(1.000001...1000), default: .number(4.0 / 3.0), "pursuer speed / target speed (> 1)"),
        PresetKey("v", .number(1e-9...1e9), default: .number(1), "target speed (m/s)"),
        PresetKey("target", .choice(["line", "circle"]), default: .text("line"), "target path: due west, or a circle"),
        PresetKey("radius", .number(1e-6...1e9), default: .number(200), "circle radius when target = circle (m)"),
        PresetKey("frame_interval", .number(1e-6...1e6), default: .number(1), "seconds between frames"),
    ]

    /// Keys of the Kepler-orbit demo.
    public static let kepler: [PresetKey] = [
        PresetKey("mu", .number(1e-12...1e30), default: .number(1), "gravitational parameter μ"),
        PresetKey("a", .number(1e-12...1e30), default: .number(1), "semi-major axis"),
        PresetKey("e", .number(0...0.999), default: .number(0.5), "eccentricity (0 ≤ e ≤ 0.999)"),
        PresetKey("integrator", .choice(OrbitIntegratorKind.allCases.map(\.rawValue)), default: .text("verlet"), "numerical integrator beside Kepler's solution"),
        PresetKey("steps_per_period", .int(8...10_000_000), default: .int(1000), "integrator steps per orbit"),
        PresetKey("steps_per_frame", .int(1...1_000_000), default: .int(5), "integrator steps per frame"),
        PresetKey("periods", .number(0...100_000), default: .number(10.25), "orbits of a headless run"),
    ]
}

extension PresetKey {
    /// Keys of the constant-curvature curves demo.
    public static let curvature: [PresetKey] = [
        PresetKey("profile", .choice(CurvatureProfile.allCases.map(\.rawValue)), default: .text("linear"), "κ(s): constant (circle), linear (Euler spiral), sine, affine"),
        PresetKey("kappa0", .number(-100...100), default: .number(1), "κ₀ of constant and affine"),
        PresetKey("slope", .number(-100...100), default: .number(1), "c of linear (κ = c·s) and affine (κ = κ₀ + c·s)"),
        PresetKey("amplitude", .number(-100...100), default: .number(1.5), "a of sine (κ = a·sin(ω·s))"),
        PresetKey("frequency", .number(-100...100), default: .number(1), "ω of sine"),
        PresetKey("length", .number(1e-6...1e6), default: .number(5), "arc length of the curve"),
        PresetKey("ds", .number(1e-9...10), default: .number(1e-3), "RK4 step in arc length"),
        PresetKey("steps_per_frame", .int(1...1_000_000), default: .int(10), "RK4 steps per frame"),
    ]
}

extension CurveConfig {
    public init(preset p: Preset) {
        self.init()
        profile = p.choice("profile", as: CurvatureProfile.self)
        kappa0 = p.number("kappa0")
        slope = p.number("slope")
        amplitude = p.number("amplitude")
        frequency = p.number("frequency")
        length = p.number("length")
        ds = p.number("ds")
        stepsPerFrame = p.int("steps_per_frame")
    }
}

extension PursuitConfig {
    public init(preset p: Preset) {
        let target: TargetMotion = p.text("target") == "circle" ? .circle(radius: p.number("radius")) : .line
        self.init(a: p.number("a"), k: p.number("k"), v: p.number("v"), target: target, frameInterval: p.number("frame_interval"))
    }
}

extension KeplerConfig {
    public init(preset p: Preset) {
        self.init(orbit: KeplerOrbit(mu: p.number("mu"), a: p.number("a"), e: p.number("e")),
                  integrator: p.choice("integrator", as: OrbitIntegratorKind.self),
                  stepsPerPeriod: p.int("steps_per_period"), stepsPerFrame: p.int("steps_per_frame"))
    }
}

extension ExperimentKind {
    public static let pursuit = ExperimentKind("pursuit"), kepler = ExperimentKind("kepler"), curvature = ExperimentKind("curvature")
}

/// Physics demos stepped frame by frame: the pursuit curve, the Kepler orbit, a curve from its curvature.
extension ExperimentFamily {
    public static let physics = ExperimentFamily("physics", [
        Member(.pursuit, keys: PresetKey.pursuit, runs: .frames),
        Member(.kepler, keys: PresetKey.kepler, runs: .frames),
        Member(.curvature, keys: PresetKey.curvature, runs: .frames),
    ])
}
