import Foundation

/// How the pursued target moves; both start at the origin heading due west (−x).
public enum TargetMotion: Sendable, Equatable {
    /// Straight line due west at speed v: the classic problem with a closed form.
    case line
    /// Clockwise circle of the given radius centred due north of the start (curving towards the pursuer's side).
    case circle(radius: Double)
}

/// Parameters of a pursuit. Coordinates: x east, y north, metres and seconds.
/// The target starts at the origin and runs west; the pursuer starts at (0, a), i.e. `a` due north of the target.
/// Defaults are the classic case: a = 300 m, k = 4/3, v = 1 m/s, straight line, one frame per second.
public struct PursuitConfig: Sendable, Equatable {
    /// Initial distance between pursuer and target (m).
    public var a: Double
    /// Pursuer speed ÷ target speed; must exceed 1 for capture.
    public var k: Double
    /// Target speed (m/s).
    public var v: Double
    public var target: TargetMotion
    /// Time between recorded frames (s).
    public var frameInterval: Double
    /// Relative and absolute tolerance of the adaptive integrator.
    public var tolerance: Double

    public init(a: Double = 300, k: Double = 4.0 / 3.0, v: Double = 1, target: TargetMotion = .line,
                frameInterval: Double = 1, tolerance: Double = 1e-13) {
        precondition(a > 0 && v > 0 && k > 1 && frameInterval > 0, "pursuit needs a > 0, v > 0, k > 1, dt > 0")
        if case .circle(let r) = target { precondition(r > 0, "circle radius must be positive") }
        self.a = a
        self.k = k
        self.v = v
        self.target = target
        self.frameInterval = frameInterval
        self.tolerance = tolerance
    }

    public static let classic = PursuitConfig()

    public var pursuerSpeed: Double { k * v }
    public var pursuerStart: Vec2 { Vec2(0, a) }

    public func targetPosition(at t: Double) -> Vec2 {
        switch target {
        case .line:
            return Vec2(-v * t, 0)
        case .circle(let r):
            let phi = v * t / r
            return Vec2(-r * sin(phi), r * (1 - cos(phi)))
        }
    }

    public func targetVelocity(at t: Double) -> Vec2 {
        switch target {
        case .line:
            return Vec2(-v, 0)
        case .circle(let r):
            let phi = v * t / r
            return Vec2(-v * cos(phi), v * sin(phi))
        }
    }
}

/// The pursuit ODE in variables that stay regular through capture.
///
/// With gap d = |T − P| and line-of-sight angle θ (e = (cos θ, sin θ) points from pursuer to target),
/// d' = V·e − kv and θ' = (e × V)/d blow up relative to d at capture. Taking s = −ln(d/a) as the independent
/// variable gives dt/ds = d/(kv − V·e), dθ/ds = (e × V)/(kv − V·e), dd/ds = −d, all bounded and smooth because
/// kv − V·e ≥ (k − 1)v > 0. Capture is s → ∞, where t converges exponentially; the pursuer is P = T(t) − d·e.
public struct PursuitODEState: ODEVector, Equatable {
    public var t: Double
    public var theta: Double
    public var gap: Double

    public init(t: Double, theta: Double, gap: Double) {
        self.t = t
        self.theta = theta
        self.gap = gap
    }

    public static func + (l: Self, r: Self) -> Self { Self(t: l.t + r.t, theta: l.theta + r.theta, gap: l.gap + r.gap) }
    public static func * (s: Double, v: Self) -> Self { Self(t: s * v.t, theta: s * v.theta, gap: s * v.gap) }
    public static func scaledError(_ e: Self, _ a: Self, _ b: Self, atol: Double, rtol: Double) -> Double {
        max(scaledComponentError(e.t, a.t, b.t, atol: atol, rtol: rtol),
            scaledComponentError(e.theta, a.theta, b.theta, atol: atol, rtol: rtol),
            scaledComponentError(e.gap, a.gap, b.gap, atol: 0, rtol: rtol))
    }

    /// The start: target due south of the pursuer at distance a.
    public static func initial(_ c: PursuitConfig) -> Self { Self(t: 0, theta: -Double.pi / 2, gap: c.a) }

    /// d/ds of the state (see the type's comment); autonomous in s.
    public static func derivative(_ y: Self, _ c: PursuitConfig) -> Self {
        let e = Vec2.unit(angle: y.theta)
        let vt = c.targetVelocity(at: y.t)
        let closing = c.pursuerSpeed - vt.dot(e)
        return Self(t: y.gap / closing, theta: e.cross(vt) / closing, gap: -y.gap)
    }

    /// Rate at which the gap closes, kv − V·e (m/s).
    public func closingSpeed(_ c: PursuitConfig) -> Double {
        c.pursuerSpeed - c.targetVelocity(at: t).dot(Vec2.unit(angle: theta))
    }

    public func pursuer(_ c: PursuitConfig) -> Vec2 { c.targetPosition(at: t) - gap * Vec2.unit(angle: theta) }
}

/// One recorded moment of a pursuit, with the readouts a UI shows.
public struct PursuitState: Sendable, Equatable {
    public var t: Double
    public var pursuer: Vec2
    public var target: Vec2
    /// Distance run by the pursuer, kv·t (its speed is constant).
    public var distanceRun: Double
    /// Distance run by the target, v·t.
    public var targetDistanceRun: Double
    public var gap: Double
    public var captured: Bool

    public init(_ y: PursuitODEState, config c: PursuitConfig, captured: Bool = false) {
        t = y.t
        target = c.targetPosition(at: y.t)
        pursuer = captured ? target : y.pursuer(c)
        distanceRun = c.pursuerSpeed * y.t
        targetDistanceRun = c.v * y.t
        gap = captured ? 0 : y.gap
        self.captured = captured
    }
}

/// Pure integration routines for the pursuit ODE.
public enum PursuitIntegration {
    /// Gap ratio d/a at which the integration stops; the remaining time d/(kv − V·e) is added in closed form
    /// (its error is O(d·Δθ), far below rounding at this ratio).
    public static let finalGapRatio = 1e-18

    /// The regularised ODE right-hand side bound to a config, in the shape DormandPrince expects.
    public static func field(_ c: PursuitConfig) -> (Double, PursuitODEState) -> PursuitODEState {
        { _, y in PursuitODEState.derivative(y, c) }
    }

    /// Capture time and point, integrating s from 0 to −ln(finalGapRatio).
    public static func capture(_ c: PursuitConfig) -> (time: Double, point: Vec2) {
        let dp = DormandPrince(relativeTolerance: c.tolerance, absoluteTolerance: c.tolerance)
        let end = dp.integrate(field(c), from: 0, .initial(c), to: -log(finalGapRatio), initialStep: 1e-3)
        let t = end.t + end.gap / end.closingSpeed(c)
        return (t, c.targetPosition(at: t))
    }

    /// Advances `y` (with f(y) = `dydt` and suggested step `h` in s) to exactly t = `time`, using adaptive steps
    /// and a final step whose length is found by Newton's method on t(s + h) = time, so the result is a true
    /// integrator state at that time rather than an interpolant.
    public static func advance(_ y: inout PursuitODEState, dydt: inout PursuitODEState, step h: inout Double,
                               toTime time: Double, config c: PursuitConfig) {
        let f = field(c)
        let dp = DormandPrince(relativeTolerance: c.tolerance, absoluteTolerance: c.tolerance)
        while y.t < time {
            let needed = (time - y.t) / dydt.t
            if h < needed {
                let attempt = dp.trial(f, t: 0, y: y, dydt: dydt, h: h)
                if attempt.error <= 1 && attempt.y.t < time {
                    y = attempt.y
                    dydt = attempt.derivative
                    h = DormandPrince.nextStepSize(h, error: attempt.error)
                    continue
                }
                if attempt.error > 1 {
                    h = DormandPrince.nextStepSize(h, error: attempt.error)
                    continue
                }
            }
            var hs = min(needed, h)
            var attempt = dp.trial(f, t: 0, y: y, dydt: dydt, h: hs)
            for _ in 0..<20 {
                let miss = attempt.y.t - time
                if abs(miss) <= 4 * time.ulp { break }
                hs -= miss / attempt.derivative.t
                attempt = dp.trial(f, t: 0, y: y, dydt: dydt, h: hs)
            }
            if attempt.error <= 1 {
                y = attempt.y
                y.t = time
                dydt = PursuitODEState.derivative(y, c)
                return
            }
            h = DormandPrince.nextStepSize(hs, error: attempt.error)
        }
    }
}
