import Foundation

/// A state an explicit Runge–Kutta method can combine linearly and measure for step-size control.
public protocol ODEVector: Sendable {
    static func + (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Double, rhs: Self) -> Self
    /// Largest componentwise |error_i| / (atol + rtol·max(|a_i|, |b_i|)): ≤ 1 means the step is accepted.
    static func scaledError(_ error: Self, _ a: Self, _ b: Self, atol: Double, rtol: Double) -> Double
}

/// One component's contribution to `ODEVector.scaledError`.
@inline(__always)
public func scaledComponentError(_ e: Double, _ a: Double, _ b: Double, atol: Double, rtol: Double) -> Double {
    abs(e) / (atol + rtol * max(abs(a), abs(b)))
}

extension Vec2: ODEVector {
    public static func scaledError(_ e: Vec2, _ a: Vec2, _ b: Vec2, atol: Double, rtol: Double) -> Double {
        max(scaledComponentError(e.x, a.x, b.x, atol: atol, rtol: rtol),
            scaledComponentError(e.y, a.y, b.y, atol: atol, rtol: rtol))
    }
}

/// Fixed-step integrators: simple, predictable, and the yardstick the adaptive method is checked against.
public enum RungeKutta {
    /// One classical fourth-order Runge–Kutta step of y' = f(t, y) (Kutta 1901; Hairer–Nørsett–Wanner I, II.1).
    @inlinable
    public static func rk4Step<S: ODEVector>(_ f: (Double, S) -> S, t: Double, y: S, h: Double) -> S {
        let k1 = f(t, y)
        let k2 = f(t + 0.5 * h, y + (0.5 * h) * k1)
        let k3 = f(t + 0.5 * h, y + (0.5 * h) * k2)
        let k4 = f(t + h, y + h * k3)
        return y + (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4)
    }

    /// `steps` RK4 steps of size (t1 − t0)/steps; time is recomputed from the step index so it does not drift.
    public static func rk4<S: ODEVector>(_ f: (Double, S) -> S, from t0: Double, _ y0: S, to t1: Double, steps: Int) -> S {
        precondition(steps > 0)
        let h = (t1 - t0) / Double(steps)
        var y = y0
        for i in 0..<steps {
            y = rk4Step(f, t: t0 + Double(i) * h, y: y, h: h)
        }
        return y
    }
}
