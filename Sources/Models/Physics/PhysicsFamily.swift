/// The pursuit demo's settings, each bound to its preset key once (the circle's radius only matters for that target).
extension PursuitConfig: PresetSettings {
    /// The classic chase (every parameter at its default).
    public init() { self.init(a: 300) }

    public static let settings: [Setting<PursuitConfig>] = [
        .number("a", \.a, 1e-6...1e9, "initial distance, target due south of the pursuer (m)"),
        .number("k", \.k, 1.000001...1000, "pursuer speed / target speed (> 1)"),
        .number("v", \.v, 1e-9...1e9, "target speed (m/s)"),
        Setting(PresetKey("target", .choice(["line", "circle"]), default: .text("line"), "target path: due west, or a circle")) { c, p in
            c.target = p.text("target") == "circle" ? .circle(radius: p.number("radius")) : .line
        },
        Setting(PresetKey("radius", .number(1e-6...1e9), default: .number(200), "circle radius when target = circle (m)")) { _, _ in },
        .number("frame_interval", \.frameInterval, 1e-6...1e6, "seconds between frames"),
    ]

    public init(preset p: Preset) { self.init(reading: p) }
}

/// The Kepler demo's settings, each bound to its preset key once (`periods` is a headless run's length).
extension KeplerConfig: PresetSettings {
    public init() { self.init(orbit: KeplerOrbit()) }

    public static let settings: [Setting<KeplerConfig>] = [
        .number("mu", \.orbit.mu, 1e-12...1e30, "gravitational parameter μ"),
        .number("a", \.orbit.a, 1e-12...1e30, "semi-major axis"),
        .number("e", \.orbit.e, 0...0.999, "eccentricity (0 ≤ e ≤ 0.999)"),
        .choice("integrator", \.integrator, "numerical integrator beside Kepler's solution"),
        .int("steps_per_period", \.stepsPerPeriod, 8...10_000_000, "integrator steps per orbit"),
        .int("steps_per_frame", \.stepsPerFrame, 1...1_000_000, "integrator steps per frame"),
        Setting(PresetKey("periods", .number(0...100_000), default: .number(10.25), "orbits of a headless run")) { _, _ in },
    ]

    public init(preset p: Preset) { self.init(reading: p) }
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

extension ExperimentKind {
    public static let pursuit = ExperimentKind("pursuit"), kepler = ExperimentKind("kepler"), curvature = ExperimentKind("curvature")
}

/// Physics demos stepped frame by frame: the pursuit curve, the Kepler orbit, a curve from its curvature.
extension ExperimentFamily {
    public static let physics = ExperimentFamily("physics", [
        Member(.pursuit, keys: PursuitConfig.keys, runs: .frames),
        Member(.kepler, keys: KeplerConfig.keys, runs: .frames),
        Member(.curvature, keys: CurveConfig.keys, runs: .frames),
    ])
}
