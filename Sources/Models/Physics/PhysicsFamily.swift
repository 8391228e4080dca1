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

/// The curve demo's settings, each bound to its preset key once.
extension CurveConfig: PresetSettings {
    public static let settings: [Setting<CurveConfig>] = [
        .choice("profile", \.profile, "κ(s): constant (circle), linear (Euler spiral), sine, affine"),
        .number("kappa0", \.kappa0, -100...100, "κ₀ of constant and affine"),
        .number("slope", \.slope, -100...100, "c of linear (κ = c·s) and affine (κ = κ₀ + c·s)"),
        .number("amplitude", \.amplitude, -100...100, "a of sine (κ = a·sin(ω·s))"),
        .number("frequency", \.frequency, -100...100, "ω of sine"),
        .number("length", \.length, 1e-6...1e6, "arc length of the curve"),
        .number("ds", \.ds, 1e-9...10, "RK4 step in arc length"),
        .int("steps_per_frame", \.stepsPerFrame, 1...1_000_000, "RK4 steps per frame"),
    ]

    public init(preset p: Preset) { self.init(reading: p) }
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
        Member(.curvature, keys: CurveConfig.keys, runs: .frames),
    ])
}
