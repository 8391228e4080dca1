import Foundation

/// Curve fitting for the sweep: optimal LR per batch from a parabola in log LR, the small-batch slope, and theory curves.
public enum OptimumFit {
    /// Least-squares quadratic y = a·x² + b·x + c through the points; nil if fewer than three or singular.
    public static func quadratic(_ xs: [Double], _ ys: [Double]) -> (a: Double, b: Double, c: Double)? {
        guard xs.count >= 3, xs.count == ys.count else { return nil }
        // Centre x for conditioning, then solve the 3×3 normal equations by Cramer's rule.
        let m = xs.reduce(0, +) / Double(xs.count)
        var s = [Double](repeating: 0, count: 5), t = [Double](repeating: 0, count: 3)
        for (x0, y) in zip(xs, ys) {
            let x = x0 - m
            var p = 1.0
            for k in 0..<5 {
                s[k] += p
                if k < 3 { t[k] += p * y }
                p *= x
            }
        }
        func det(_ r: [[Double]]) -> Double {
            r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1]) - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
                + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0])
        }
        let A = [[s[4], s[3], s[2]], [s[3], s[2], s[1]], [s[2], s[1], s[0]]]
        let d = det(A)
        guard abs(d) > 1e-300 else { return nil }
        func replaced(_ col: Int) -> [[Double]] { (0..<3).map { r in (0..<3).map { c in c == col ? [t[2], t[1], t[0]][r] : A[r][c] } } }
        let a = det(replaced(0)) / d, bc = det(replaced(1)) / d, cc = det(replaced(2)) / d
        // Undo the centring: a(x−m)² + b(x−m) + c.
        return (a, bc - 2 * a * m, a * m * m - bc * m + cc)
    }

    /// The minimiser in x of y(x) sampled on a grid: vertex of the parabola through the best point and its finite neighbours,
    /// kept inside their span; `atEdge` when the best point is the grid's first or last (the true optimum may lie outside).
    public static func minimum(xs: [Double], ys: [Double?]) -> (x: Double, atEdge: Bool)? {
        let finite = ys.indices.filter { ys[$0].map(\.isFinite) ?? false }
        guard let best = finite.min(by: { ys[$0]! < ys[$1]! }) else { return nil }
        let atEdge = best == 0 || best == xs.count - 1
        let window = [best - 1, best, best + 1].filter { finite.contains($0) }
        guard window.count == 3, let q = quadratic(window.map { xs[$0] }, window.map { ys[$0]! }), q.a > 0 else {
            return (xs[best], atEdge)
        }
        let v = -q.b / (2 * q.a)
        return (min(max(v, xs[window[0]]), xs[window[2]]), atEdge)
    }

    /// Ordinary least-squares slope and intercept of y on x.
    public static func line(_ xs: [Double], _ ys: [Double]) -> (slope: Double, intercept: Double)? {
        guard xs.count >= 2 else { return nil }
        let n = Double(xs.count)
        let mx = xs.reduce(0, +) / n, my = ys.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for (x, y) in zip(xs, ys) {
            sxy += (x - mx) * (y - my)
            sxx += (x - mx) * (x - mx)
        }
        guard sxx > 0 else { return nil }
        return (sxy / sxx, my - sxy / sxx * mx)
    }

    /// Best scale for a curve shape in log space: the mean residual; returns it and the sum of squared residuals.
    static func logScale(_ logEta: [Double], _ logShape: [Double]) -> (logScale: Double, sse: Double) {
        let r = zip(logEta, logShape).map { $0 - $1 }
        let c = r.reduce(0, +) / Double(r.count)
        return (c, r.reduce(0) { $0 + ($1 - c) * ($1 - c) })
    }

    /// Candidate scales for B_noise and πκ²/2: log-spaced far beyond the measured batches on both sides.
    static func scaleGrid(_ batches: [Double]) -> [Double] {
        let lo = log10(batches.min()! / 64), hi = log10(batches.max()! * 64)
        return (0...400).map { pow(10, lo + (hi - lo) * Double($0) / 400) }
    }
}

/// SGD's optimum η*(B) = η_max/(1 + B_noise/B) (McCandlish et al. 2018, eq. 2.7 with B_noise ≈ B_simple).
public struct SGDTheory: Sendable, Equatable {
    public var etaMax: Double
    public var bNoise: Double
    public func eta(_ b: Double) -> Double { etaMax / (1 + bNoise / b) }

    /// Least squares in log η over B_noise on a grid, η_max in closed form.
    public static func fit(batches: [Double], eta: [Double]) -> SGDTheory? {
        guard batches.count >= 2 else { return nil }
        let le = eta.map(log)
        var best: (Double, SGDTheory)?
        for bn in OptimumFit.scaleGrid(batches) {
            let f = OptimumFit.logScale(le, batches.map { -log(1 + bn / $0) })
            if best == nil || f.sse < best!.0 { best = (f.sse, SGDTheory(etaMax: exp(f.logScale), bNoise: bn)) }
        }
        return best?.1
    }
}

/// Adam as sign descent: η*(B) = c/√(1 + πκ²/(2B)), and with the surge form η_max/[½(β_n/β + β/β_n)], β = (1 + πκ²/(2B))^{−1/2}
/// (Li et al. 2024, "Surge phenomenon"); `kScale` = πκ²/2, so κ² = 2·kScale/π.
public struct AdamTheory: Sendable, Equatable {
    public var etaMax: Double
    public var kScale: Double
    /// β at the peak; nil for the plain (no surge) form.
    public var betaNoise: Double?

    public var kappaSquared: Double { 2 * kScale / Double.pi }
    public func beta(_ b: Double) -> Double { 1 / (1 + kScale / b).squareRoot() }

    public func eta(_ b: Double) -> Double {
        let beta = beta(b)
        guard let bn = betaNoise else { return etaMax * beta }
        return etaMax / (0.5 * (bn / beta + beta / bn))
    }

    /// The batch where the surge form peaks (β = β_n), if it does within any batch.
    public var peakBatch: Double? {
        guard let bn = betaNoise, bn < 1 else { return nil }
        return kScale / (1 / (bn * bn) - 1)
    }

    public static func fit(batches: [Double], eta: [Double], surge: Bool) -> AdamTheory? {
        guard batches.count >= (surge ? 3 : 2) else { return nil }
        let le = eta.map(log)
        var best: (Double, AdamTheory)?
        let betas: [Double?] = surge ? (1...100).map { Double($0) / 100 } : [nil]
        for k in OptimumFit.scaleGrid(batches) {
            for bn in betas {
                let shape = AdamTheory(etaMax: 1, kScale: k, betaNoise: bn)
                let f = OptimumFit.logScale(le, batches.map { log(shape.eta($0)) })
                if best == nil || f.sse < best!.0 - 1e-12 {
                    best = (f.sse, AdamTheory(etaMax: exp(f.logScale), kScale: k, betaNoise: bn))
                }
            }
        }
        return best?.1
    }
}
