import Foundation

/// Adaptive Dormand–Prince 5(4) (DOPRI5): fifth-order steps with an embedded fourth-order error estimate,
/// so accuracy is set by a tolerance instead of a hand-tuned step.
/// Coefficients: J. R. Dormand & P. J. Prince, J. Comput. Appl. Math. 6 (1980) 19–26; Hairer–Nørsett–Wanner I, Table II.5.2.
public struct DormandPrince: Sendable {
    public var relativeTolerance: Double
    public var absoluteTolerance: Double
    public var maxSteps: Int

    public init(relativeTolerance: Double = 1e-12, absoluteTolerance: Double = 1e-12, maxSteps: Int = 10_000_000) {
        self.relativeTolerance = relativeTolerance
        self.absoluteTolerance = absoluteTolerance
        self.maxSteps = maxSteps
    }

    /// The outcome of one attempted step: the fifth-order solution, f at it (first stage of the next step), and scaled error.
    public struct Trial<S: ODEVector> {
        public var y: S
        public var derivative: S
        public var error: Double
    }

    /// Attempts one step of size h from (t, y) with f(t, y) = `dydt` already known (first-same-as-last).
    public func trial<S: ODEVector>(_ f: (Double, S) -> S, t: Double, y: S, dydt k1: S, h: Double) -> Trial<S> {
        let k2 = f(t + h / 5, Self.combine(y, h, [1.0 / 5], [k1]))
        let k3 = f(t + 3 * h / 10, Self.combine(y, h, [3.0 / 40, 9.0 / 40], [k1, k2]))
        let k4 = f(t + 4 * h / 5, Self.combine(y, h, [44.0 / 45, -56.0 / 15, 32.0 / 9], [k1, k2, k3]))
        let k5 = f(t + 8 * h / 9, Self.combine(y, h, [19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561,
                                                      -212.0 / 729], [k1, k2, k3, k4]))
        let k6 = f(t + h, Self.combine(y, h, [9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176,
                                              -5103.0 / 18656], [k1, k2, k3, k4, k5]))
        let y1 = Self.combine(y, h, [35.0 / 384, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84],
                              [k1, k3, k4, k5, k6])
        let k7 = f(t + h, y1)
        let errorTerms = Self.combine(nil, h, [71.0 / 57600, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200,
                                               22.0 / 525, -1.0 / 40], [k1, k3, k4, k5, k6, k7])
        let e = S.scaledError(errorTerms, y, y1, atol: absoluteTolerance, rtol: relativeTolerance)
        return Trial(y: y1, derivative: k7, error: e)
    }

    /// base + h·Σ cᵢ·kᵢ (or just h·Σ cᵢ·kᵢ without a base), summed term by term.
    @inline(__always)
    static func combine<S: ODEVector>(_ base: S?, _ h: Double, _ c: [Double], _ k: [S]) -> S {
        var sum = c[0] * k[0]
        for i in 1..<c.count { sum = sum + c[i] * k[i] }
        return base.map { $0 + h * sum } ?? h * sum
    }

    /// Standard step-size controller for a method whose error estimate is O(h⁵), with safety factor 0.9.
    public static func nextStepSize(_ h: Double, error: Double) -> Double {
        let factor = error == 0 ? 5 : min(5, max(0.2, 0.9 * pow(error, -0.2)))
        return h * factor
    }

    /// Integrates y' = f(t, y) from t0 to t1 exactly (the last step is shortened to land on t1).
    public func integrate<S: ODEVector>(_ f: (Double, S) -> S, from t0: Double, _ y0: S, to t1: Double,
                                        initialStep: Double? = nil) -> S {
        let span = t1 - t0
        if span == 0 { return y0 }
        let direction: Double = span > 0 ? 1 : -1
        var t = t0, y = y0, dydt = f(t0, y0)
        var h = direction * min(abs(initialStep ?? span / 100), abs(span))
        for _ in 0..<maxSteps {
            let remaining = t1 - t
            let last = abs(h) >= abs(remaining)
            let step = last ? remaining : h
            let attempt = trial(f, t: t, y: y, dydt: dydt, h: step)
            if attempt.error <= 1 {
                y = attempt.y
                dydt = attempt.derivative
                if last { return y }
                t += step
            }
            h = Self.nextStepSize(step, error: attempt.error)
        }
        preconditionFailure("DormandPrince.integrate exceeded \(maxSteps) steps")
    }
}
