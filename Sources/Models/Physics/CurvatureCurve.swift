import Foundation

/// A plane curve's curvature as a function of arc length, κ(s) (the post "向量结合复数：常曲率曲线").
public enum CurvatureProfile: String, CaseIterable, Sendable {
    /// κ = κ₀: a circle of radius 1/κ₀.
    case constant
    /// κ = c·s: the Euler spiral (clothoid), in Fresnel integrals.
    case linear
    /// κ = a·sin(ω·s): a meandering curve with no elementary closed form.
    case sine
    /// κ = κ₀ + c·s: a clothoid leaving a circle.
    case affine

    /// κ(s) for the preset's parameters.
    public func kappa(_ s: Double, _ c: CurveConfig) -> Double {
        switch self {
        case .constant: c.kappa0
        case .linear: c.slope * s
        case .sine: c.amplitude * sin(c.frequency * s)
        case .affine: c.kappa0 + c.slope * s
        }
    }
}

/// Parameters of the curve demo: the profile, its constants, and the integration step.
public struct CurveConfig: Sendable, Equatable {
    public var profile: CurvatureProfile = .linear
    public var kappa0 = 1.0
    public var slope = 1.0
    public var amplitude = 1.5
    public var frequency = 1.0
    /// Arc length of the whole curve.
    public var length = 5.0
    /// RK4 step in arc length, and steps per frame.
    public var ds = 1e-3
    public var stepsPerFrame = 10

    public init() {}

    /// RK4 steps over the whole length, and the step that makes them end exactly at `length` (≈ `ds`).
    public var totalSteps: Int { max(1, Int((length / ds).rounded())) }
    public var step: Double { length / Double(totalSteps) }

    /// The closed form of the curve at arc length s, starting at the origin heading along +x, where one exists.
    public func closedForm(_ s: Double) -> SIMD2<Double>? {
        switch profile {
        case .constant:
            // θ = κs: x = sin(κs)/κ, y = (1 − cos(κs))/κ (a straight line when κ = 0).
            guard kappa0 != 0 else { return SIMD2(s, 0) }
            return SIMD2(sin(kappa0 * s) / kappa0, (1 - cos(kappa0 * s)) / kappa0)
        case .linear:
            // θ = c s²/2: x = √(π/c)·C(s√(c/π)), y = √(π/c)·S(s√(c/π)) (mirrored for c < 0).
            guard slope != 0 else { return SIMD2(s, 0) }
            let c = abs(slope), scale = (Double.pi / c).squareRoot()
            let f = fresnel(s * (c / Double.pi).squareRoot())
            return SIMD2(scale * f.c, (slope < 0 ? -1 : 1) * scale * f.s)
        case .sine, .affine:
            return nil
        }
    }
}

/// Position, heading and arc length: the curve's state for RK4 (θ′ = κ(s), x′ = cos θ, y′ = sin θ).
public struct CurvePoint: ODEVector, Equatable {
    public var x: Double, y: Double, theta: Double
    public init(x: Double, y: Double, theta: Double) {
        self.x = x
        self.y = y
        self.theta = theta
    }
    public static func + (a: CurvePoint, b: CurvePoint) -> CurvePoint { CurvePoint(x: a.x + b.x, y: a.y + b.y, theta: a.theta + b.theta) }
    public static func * (k: Double, a: CurvePoint) -> CurvePoint { CurvePoint(x: k * a.x, y: k * a.y, theta: k * a.theta) }
    public static func scaledError(_ e: CurvePoint, _ a: CurvePoint, _ b: CurvePoint, atol: Double, rtol: Double) -> Double {
        max(scaledComponentError(e.x, a.x, b.x, atol: atol, rtol: rtol), scaledComponentError(e.y, a.y, b.y, atol: atol, rtol: rtol),
            scaledComponentError(e.theta, a.theta, b.theta, atol: atol, rtol: rtol))
    }
}

/// One frame of the curve demo: where the integrated curve is, its closed form (if any), and the curvature the
/// path itself shows, κ = |ṙ × r̈|/|ṙ|³ (R = 1/κ) from three successive positions, beside the prescribed κ(s).
public struct CurveFrame: Sendable, Equatable {
    public var s: Double
    public var point: CurvePoint
    public var closedForm: SIMD2<Double>?
    /// |integrated − closed form| at this s, and the largest so far.
    public var error: Double?
    public var maxError: Double?
    public var kappa: Double
    /// Curvature measured from the path's last three samples (central differences), at the previous frame's s;
    /// nil for the first frame.
    public var measuredKappa: Double?
}

/// The curve as a frame stepper: RK4 in arc length, `stepsPerFrame` steps per frame, until `length`.
public struct CurveSimulation: Stepper, Sendable {
    public let config: CurveConfig
    public private(set) var current: CurveFrame
    public private(set) var frameIndex = 0
    private var steps = 0
    /// The point one frame back and the steps between it and `current` (for the measured curvature).
    private var previous: (point: CurvePoint, gap: Int)?

    public init(config: CurveConfig = CurveConfig()) {
        self.config = config
        let p = CurvePoint(x: 0, y: 0, theta: 0)
        current = CurveFrame(s: 0, point: p, closedForm: config.closedForm(0), error: config.closedForm(0).map { _ in 0 }, maxError: 0,
                             kappa: config.profile.kappa(0, config), measuredKappa: nil)
    }

    public var time: Double { current.s }
    public var isFinished: Bool { current.s >= config.length - 1e-12 }

    public mutating func advance() -> CurveFrame {
        guard !isFinished else { return current }
        let c = config
        let f = { (s: Double, p: CurvePoint) in CurvePoint(x: cos(p.theta), y: sin(p.theta), theta: c.profile.kappa(s, c)) }
        var p = current.point
        let total = c.totalSteps, h = c.step
        let n = min(c.stepsPerFrame, total - steps)
        for i in 0..<n {
            // s from the step index, so it never drifts.
            p = RungeKutta.rk4Step(f, t: Double(steps + i) * h, y: p, h: h)
        }
        steps += n
        let s = steps == total ? c.length : Double(steps) * h
        frameIndex += 1
        let closed = c.closedForm(s)
        let err = closed.map { ((SIMD2(p.x, p.y) - $0) * (SIMD2(p.x, p.y) - $0)).sum().squareRoot() }
        // Central differences need equal spacing: the measured κ is at the middle point, one frame back.
        let measured = previous.flatMap { $0.gap == n ? Self.measuredCurvature($0.point, current.point, p, spacing: Double(n) * h) : nil }
        previous = (current.point, n)
        current = CurveFrame(s: s, point: p, closedForm: closed, error: err, maxError: err.map { max($0, current.maxError ?? 0) },
                             kappa: c.profile.kappa(s, c), measuredKappa: measured)
        return current
    }

    public mutating func restart() { self = CurveSimulation(config: config) }

    /// κ = |ṙ × r̈|/|ṙ|³ with ṙ and r̈ from central differences over three points `spacing` apart in arc length.
    static func measuredCurvature(_ a: CurvePoint, _ b: CurvePoint, _ c: CurvePoint, spacing h: Double) -> Double? {
        guard h > 0 else { return nil }
        let r1 = SIMD2((c.x - a.x) / (2 * h), (c.y - a.y) / (2 * h))
        let r2 = SIMD2((c.x - 2 * b.x + a.x) / (h * h), (c.y - 2 * b.y + a.y) / (h * h))
        let speed = (r1 * r1).sum().squareRoot()
        guard speed > 0 else { return nil }
        return (r1.x * r2.y - r1.y * r2.x) / (speed * speed * speed)
    }
}
