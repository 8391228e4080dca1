import Foundation

/// A curve blurred by isotropic Gaussian noise, p(x) = ∫ q(t)·N(x; c(t), σ²I) dt, integrated by quadrature along it.
///
/// The nodes are composite 4-point Gauss–Legendre panels, each at most σ/2 long in arc length. Near the curve the
/// integrand is a Gaussian of std ≈ σ in arc length times the smooth density q; the rule's error term
/// h⁹·(4!)⁴/(9·(8!)³)·f⁽⁸⁾ with |f⁽⁸⁾| ≤ 218·f_max/σ⁸ (Cramér's bound on Hermite functions) is ≤ 5·10⁻¹⁰·h·f_max per
/// panel at h = σ/2, so within a few σ of the curve, where the mass is, p is off by less than 10⁻⁹ relative (a test
/// halves the panels). Panels end exactly at the curve's ends, so the truncated arms are integrated exactly too. Far
/// out the integrand sharpens (near an arm's end it decays over σ²/d), so the relative error grows: 0.2% at 26σ,
/// where log p ≈ −318. Nodes farther than 10σ are skipped (each contributes < e⁻⁵⁰ of its weight, and the weights sum
/// to 1); a point with too little mass nearby for that to be safe gets a log-sum-exp over every node.
public struct CurveDensity: Sendable {
    /// One piece of curve: t ∈ [lower, upper], point c(t), and the parameter's density q(t) (arm probability included).
    public struct Arm: Sendable {
        public var lower: Double, upper: Double
        public var point: @Sendable (Double) -> SIMD2<Double>
        public var density: @Sendable (Double) -> Double
    }

    public let std: Double
    let nodeX: [Double], nodeY: [Double], nodeWeight: [Double], nodeLogWeight: [Double]
    /// Nodes bucketed by cell (side = cutoff): cell c holds nodes cellStart[c]..<cellStart[c + 1].
    let cellStart: [Int]
    let originX: Double, originY: Double, columns: Int, rows: Int
    let cutoff: Double

    /// Gauss–Legendre 4-point nodes and weights on [−1, 1].
    private static let gaussNodes = [-0.861_136_311_594_052_6, -0.339_981_043_584_856_3, 0.339_981_043_584_856_3, 0.861_136_311_594_052_6]
    private static let gaussWeights = [0.347_854_845_137_453_9, 0.652_145_154_862_546_1, 0.652_145_154_862_546_1, 0.347_854_845_137_453_9]

    public init(arms: [Arm], std: Double, panelLength: Double? = nil) {
        self.std = std
        let h = panelLength ?? std / 2
        var xs: [Double] = [], ys: [Double] = [], ws: [Double] = []
        for arm in arms {
            var t = arm.lower
            while t < arm.upper {
                // Panel width in t from the arc speed at both ends of a first guess (conservative where speed grows).
                let guess = min(arm.upper - t, h / Self.speed(arm, at: t))
                let dt = min(arm.upper - t, h / max(Self.speed(arm, at: t), Self.speed(arm, at: t + guess)))
                for (u, w) in zip(Self.gaussNodes, Self.gaussWeights) {
                    let tn = t + dt * (u + 1) / 2
                    let p = arm.point(tn)
                    xs.append(p.x)
                    ys.append(p.y)
                    ws.append(w * dt / 2 * arm.density(tn))
                }
                t += dt
            }
        }
        let cut = 10 * std, minX = xs.min() ?? 0, minY = ys.min() ?? 0
        let cols = Int(((xs.max() ?? 0) - minX) / cut) + 1, rowCount = Int(((ys.max() ?? 0) - minY) / cut) + 1
        let cells = xs.indices.map { Int((ys[$0] - minY) / cut) * cols + Int((xs[$0] - minX) / cut) }
        let order = xs.indices.sorted { (cells[$0], $0) < (cells[$1], $1) }
        var starts = [Int](repeating: 0, count: cols * rowCount + 1)
        for c in cells { starts[c + 1] += 1 }
        for c in 0..<(cols * rowCount) { starts[c + 1] += starts[c] }
        cutoff = cut
        originX = minX
        originY = minY
        columns = cols
        rows = rowCount
        cellStart = starts
        nodeX = order.map { xs[$0] }
        nodeY = order.map { ys[$0] }
        nodeWeight = order.map { ws[$0] }
        nodeLogWeight = order.map { log(ws[$0]) }
    }

    /// |c′(t)| by a central difference: only sizes the panels, so its accuracy does not matter.
    private static func speed(_ arm: Arm, at t: Double) -> Double {
        let e = 1e-6 * max(1, abs(arm.upper - arm.lower))
        let d = arm.point(t + e) - arm.point(t - e)
        return max((d * d).sum().squareRoot() / (2 * e), 1e-9)
    }

    /// Total quadrature weight: the integral of q, which is 1 for a probability density.
    public var totalWeight: Double { nodeWeight.reduce(0, +) }

    public var nodeCount: Int { nodeX.count }

    public func logDensity(_ x: SIMD2<Double>) -> Double {
        let inv = 1 / (2 * std * std)
        let norm = -log(2 * Double.pi * std * std)
        let cx = ((x.x - originX) / cutoff).rounded(.down), cy = ((x.y - originY) / cutoff).rounded(.down)
        var sum = 0.0
        let c2 = cutoff * cutoff
        if cy >= -1 && cy <= Double(rows) && cx >= -1 && cx <= Double(columns) {
            let col = Int(cx), row = Int(cy)
            for r in max(row - 1, 0)...min(row + 1, rows - 1) {
                let from = cellStart[r * columns + max(col - 1, 0)], to = cellStart[r * columns + min(col + 1, columns - 1) + 1]
                for i in from..<to {
                    let dx = x.x - nodeX[i], dy = x.y - nodeY[i]
                    let d2 = dx * dx + dy * dy
                    if d2 < c2 { sum += nodeWeight[i] * exp(-d2 * inv) }
                }
            }
        }
        // Skipped nodes add at most e^{−cutoff²/2σ²} = e⁻⁵⁰ in all; accept when that is < 10⁻¹² of what was found.
        if sum > 1e12 * exp(-c2 * inv) { return log(sum) + norm }
        // Far from the curve: log-sum-exp over every node, exponentiating only those within e⁻⁴⁰ of the largest term
        // (at most a few thousand nodes are skipped, so the sum is off by < 10⁻¹³ relative).
        var top = -Double.infinity
        for i in nodeX.indices {
            let dx = x.x - nodeX[i], dy = x.y - nodeY[i]
            top = max(top, nodeLogWeight[i] - (dx * dx + dy * dy) * inv)
        }
        var all = 0.0
        for i in nodeX.indices {
            let dx = x.x - nodeX[i], dy = x.y - nodeY[i]
            let e = nodeLogWeight[i] - (dx * dx + dy * dy) * inv - top
            if e > -40 { all += exp(e) }
        }
        return top + log(all) + norm
    }
}
