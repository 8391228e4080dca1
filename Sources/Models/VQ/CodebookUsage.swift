import Foundation

/// How a codebook is used on held-out data, and how well it reconstructs it.
///
/// Utilisation counts a code used even once; perplexity exp(H(p̄)) of the code frequencies p̄ counts codes by how
/// evenly they are used (K for uniform use, 1 for collapse), so it is the headline.
public struct CodebookUsage: Sendable, Equatable {
    /// Points assigned to each code.
    public var counts: [Int]
    /// Mean (x − x̂)² over points and coordinates, and its standard error over points.
    public var mse: Double
    public var mseStandardError: Double

    /// Usage of K codes by `codes` (one index per point), and the reconstruction error of `reconstruction` against `points`.
    public init(codes: [Int32], count k: Int, points: [Float], reconstruction: [Float]) {
        var counts = [Int](repeating: 0, count: k)
        for c in codes { counts[Int(c)] += 1 }
        self.counts = counts
        let n = points.count / 2
        var errors = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let dx = Double(points[2 * i] - reconstruction[2 * i]), dy = Double(points[2 * i + 1] - reconstruction[2 * i + 1])
            errors[i] = (dx * dx + dy * dy) / 2
        }
        let mean = errors.reduce(0, +) / Double(max(n, 1))
        let variance = errors.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(n - 1, 1))
        mse = mean
        mseStandardError = (variance / Double(max(n, 1))).squareRoot()
    }

    public var used: Int { counts.filter { $0 > 0 }.count }
    /// Share of the K codes used at least once.
    public var utilisation: Double { Double(used) / Double(counts.count) }

    /// exp of the entropy of the code frequencies, in codes (1…K).
    public var perplexity: Double {
        let n = Double(counts.reduce(0, +))
        guard n > 0 else { return .nan }
        let h = counts.reduce(0.0) { h, c in c > 0 ? h - Double(c) / n * log(Double(c) / n) : h }
        return exp(h)
    }

    /// The measures' names, in order (each prefixed by its gradient path when several train side by side).
    public static let names = ["utilisation", "perplexity", "mse", "mse_se"]

    public var values: [Double] { [utilisation, perplexity, mse, mseStandardError] }
}
