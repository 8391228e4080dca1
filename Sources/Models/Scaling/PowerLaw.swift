import Foundation

/// y = coefficient · C^exponent, fitted by least squares in log₁₀ y against log₁₀ C, with a two-sided 95% interval on
/// the exponent from Student's t with n − 2 degrees of freedom (the textbook OLS slope interval).
public struct PowerLaw: Sendable, Equatable {
    public var coefficient: Double
    public var exponent: Double
    /// 95% interval on the exponent (nil with fewer than three points: no residual degrees of freedom).
    public var interval: ClosedRange<Double>?
    /// Points the fit used.
    public var points: Int

    public init(coefficient: Double, exponent: Double, interval: ClosedRange<Double>? = nil, points: Int = 0) {
        self.coefficient = coefficient
        self.exponent = exponent
        self.interval = interval
        self.points = points
    }

    public func callAsFunction(_ c: Double) -> Double { coefficient * pow(c, exponent) }

    /// DeepSeek LLM (DeepSeek-AI 2024, §3.1, eq. 1): η_opt = 0.3118·C^−0.1250, B_opt = 0.2920·C^0.3271, C in FLOPs, B in tokens.
    public static let deepSeekLR = PowerLaw(coefficient: 0.3118, exponent: -0.1250)
    public static let deepSeekBatch = PowerLaw(coefficient: 0.2920, exponent: 0.3271)

    /// Least squares through (C, y) with C, y > 0; nil for fewer than two points or a single C.
    public static func fit(_ c: [Double], _ y: [Double]) -> PowerLaw? {
        let pairs = zip(c, y).filter { $0.0 > 0 && $0.1 > 0 && $0.0.isFinite && $0.1.isFinite }
        let xs = pairs.map { log10($0.0) }, ys = pairs.map { log10($0.1) }
        guard let l = OptimumFit.line(xs, ys) else { return nil }
        var law = PowerLaw(coefficient: pow(10, l.intercept), exponent: l.slope, points: xs.count)
        let n = Double(xs.count)
        if xs.count >= 3 {
            let mx = xs.reduce(0, +) / n
            let sxx = xs.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
            let sse = zip(xs, ys).reduce(0) { $0 + pow($1.1 - (l.intercept + l.slope * $1.0), 2) }
            let se = (sse / (n - 2) / sxx).squareRoot()
            let h = StudentT.quantile975(degrees: xs.count - 2) * se
            law.interval = (l.slope - h)...(l.slope + h)
        }
        return law
    }
}

/// Student's t distribution, just what the interval needs.
public enum StudentT {
    /// The 0.975 quantile (the two-sided 95% critical value) for `degrees` ≥ 1: bisection on the CDF, whose density is
    /// integrated by Simpson's rule; accurate to ~1e-9.
    public static func quantile975(degrees nu: Int) -> Double {
        precondition(nu >= 1, "t needs at least one degree of freedom")
        var lo = 0.0, hi = 20.0
        while halfMass(hi, nu) < 0.475 { hi *= 2 }
        for _ in 0..<80 {
            let mid = (lo + hi) / 2
            if halfMass(mid, nu) < 0.475 { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// P(0 < T < t): the density (1 + x²/ν)^(−(ν+1)/2) · Γ((ν+1)/2)/(√(νπ) Γ(ν/2)) integrated over [0, t].
    static func halfMass(_ t: Double, _ nu: Int) -> Double {
        let v = Double(nu)
        let norm = exp(lgamma((v + 1) / 2) - lgamma(v / 2)) / (v * Double.pi).squareRoot()
        let f = { (x: Double) in norm * pow(1 + x * x / v, -(v + 1) / 2) }
        let n = 4000, h = t / Double(n)
        var s = f(0) + f(t)
        for i in 1..<n { s += f(Double(i) * h) * (i % 2 == 1 ? 4 : 2) }
        return s * h / 3
    }
}
