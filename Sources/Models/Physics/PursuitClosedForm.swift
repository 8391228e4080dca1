import Foundation

/// Bouguer's closed-form pursuit curve for a target on a straight line, used to check the integrator.
///
/// Coordinates as in `PursuitConfig`: target runs west from the origin along y = 0, pursuer starts at (0, a).
/// Write u = −x (distance west) and h = y (height above the target's line), n = 1/k. The pursuer's tangent
/// passes through the target, v·t − u = −h·p with p = du/dh; differentiating and using arc length
/// ds = −√(1 + p²) dh = kv dt gives dp/√(1 + p²) = n dh/h, so with p(a) = 0:
///   p(h) = ½[(h/a)^n − (h/a)^(−n)],
///   u(h) = (a/2)[((h/a)^(1+n) − 1)/(1+n) − ((h/a)^(1−n) − 1)/(1−n)],
///   v·t(h) = u(h) − h·p(h),   s(h) = (a/2)[(1 − (h/a)^(1+n))/(1+n) + (1 − (h/a)^(1−n))/(1−n)].
/// At h = 0: path length a·k²/(k²−1), capture time a·k/(v(k²−1)), capture point x = −a·k/(k²−1).
/// (P. Bouguer 1732; e.g. P. J. Nahin, "Chases and Escapes", Princeton 2007, ch. 1.)
public struct PursuitClosedForm: Sendable, Equatable {
    public let a: Double
    public let k: Double
    public let v: Double

    public init(a: Double, k: Double, v: Double) {
        precondition(a > 0 && k > 1 && v > 0)
        self.a = a
        self.k = k
        self.v = v
    }

    /// The closed form for a config, or nil when the target does not run in a straight line.
    public init?(_ c: PursuitConfig) {
        guard c.target == .line else { return nil }
        self.init(a: c.a, k: c.k, v: c.v)
    }

    private var n: Double { 1 / k }

    /// Total distance run by the pursuer, a·k²/(k² − 1).
    public var pathLength: Double { a * k * k / (k * k - 1) }
    /// Time to capture, a·k/(v·(k² − 1)).
    public var captureTime: Double { a * k / (v * (k * k - 1)) }
    public var capturePoint: Vec2 { Vec2(-a * k / (k * k - 1), 0) }

    /// Slope du/dh of the path at height h.
    public func slope(atHeight h: Double) -> Double {
        let q = h / a
        return 0.5 * (pow(q, n) - pow(q, -n))
    }

    /// The curve x(y): east coordinate of the pursuer when it is at height y ∈ [0, a].
    public func x(atHeight h: Double) -> Double {
        let q = h / a
        let u = 0.5 * a * ((pow(q, 1 + n) - 1) / (1 + n) - (pow(q, 1 - n) - 1) / (1 - n))
        return -u
    }

    /// Time at which the pursuer is at height h.
    public func time(atHeight h: Double) -> Double {
        if h <= 0 { return captureTime }
        return (-x(atHeight: h) - h * slope(atHeight: h)) / v
    }

    /// Distance run by the pursuer when at height h.
    public func arcLength(atHeight h: Double) -> Double {
        let q = h / a
        return 0.5 * a * ((1 - pow(q, 1 + n)) / (1 + n) + (1 - pow(q, 1 - n)) / (1 - n))
    }

    /// The pursuer's height at time t, by bisection on the strictly decreasing t(h).
    public func height(atTime t: Double) -> Double {
        if t <= 0 { return a }
        if t >= captureTime { return 0 }
        var lo = 0.0, hi = a
        while true {
            let mid = 0.5 * (lo + hi)
            if mid <= lo || mid >= hi { return mid }
            if time(atHeight: mid) > t { lo = mid } else { hi = mid }
        }
    }

    /// The curve y(x): the pursuer's height when its east coordinate is x ∈ [capturePoint.x, 0], by bisection
    /// on the increasing x(h); well conditioned near capture, where the path becomes tangent to y = 0.
    public func height(atX x: Double) -> Double {
        if x >= 0 { return a }
        if x <= capturePoint.x { return 0 }
        var lo = 0.0, hi = a
        while true {
            let mid = 0.5 * (lo + hi)
            if mid <= lo || mid >= hi { return mid }
            if self.x(atHeight: mid) < x { lo = mid } else { hi = mid }
        }
    }

    /// Pursuer position at time t.
    public func pursuer(atTime t: Double) -> Vec2 {
        let h = height(atTime: t)
        return Vec2(x(atHeight: h), h)
    }

    /// `count` points of the curve, evenly spaced in height from the start (0, a) to the capture point.
    public func curve(points count: Int) -> [Vec2] {
        precondition(count >= 2)
        return (0..<count).map { i in
            let h = a * Double(count - 1 - i) / Double(count - 1)
            return Vec2(x(atHeight: h), h)
        }
    }
}
