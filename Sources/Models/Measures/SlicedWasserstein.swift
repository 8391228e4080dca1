import Foundation

/// Sliced Wasserstein-1 between two 2D point sets (any sizes), averaged over `projections` fixed directions.
///
/// Each projection reduces W1 to 1D, where it is ∫₀¹ |F_a⁻¹(u) − F_b⁻¹(u)| du between the sorted projections (the mean
/// gap when the sizes are equal). Directions are evenly spaced angles in [0, π), so the metric needs no random state.
public func slicedWasserstein1(_ a: [Float], _ b: [Float], projections: Int = 64) -> Double {
    SlicedW1Reference(b, projections: projections).distance(to: a)
}

/// A reference set's sorted projections, computed once so that each distance sorts only the samples.
struct SlicedW1Reference: Sendable {
    let projections: Int
    private let sorted: [[Float]]

    init(_ reference: [Float], projections: Int = 64) {
        precondition(reference.count >= 2 && projections > 0, "sliced W1 needs a non-empty reference")
        self.projections = projections
        var scratch: [Float] = []
        sorted = (0..<projections).map { k in
            var p = [Float](repeating: 0, count: reference.count / 2)
            Self.project(reference, direction: k, of: projections, into: &p)
            radixSort(&p, scratch: &scratch)
            return p
        }
    }

    func distance(to samples: [Float]) -> Double {
        precondition(samples.count >= 2, "sliced W1 needs non-empty samples")
        var p = [Float](repeating: 0, count: samples.count / 2), scratch: [Float] = []
        var total = 0.0
        for k in 0..<projections {
            Self.project(samples, direction: k, of: projections, into: &p)
            radixSort(&p, scratch: &scratch)
            total += wasserstein1(p, sorted[k])
        }
        return total / Double(projections)
    }

    private static func project(_ points: [Float], direction k: Int, of count: Int, into out: inout [Float]) {
        let th = Double.pi * Double(k) / Double(count)
        let c = Float(cos(th)), s = Float(sin(th))
        for i in out.indices { out[i] = c * points[2 * i] + s * points[2 * i + 1] }
    }
}

/// ∫₀¹ |Qa(u) − Qb(u)| du for sorted samples a and b: walk the merged breakpoints i/n and j/m of both quantile functions.
func wasserstein1(_ a: [Float], _ b: [Float]) -> Double {
    let n = a.count, m = b.count
    var i = 0, j = 0, u = 0.0, total = 0.0
    while i < n && j < m {
        let ua = Double(i + 1) / Double(n), ub = Double(j + 1) / Double(m)
        let next = min(ua, ub)
        total += (next - u) * Double(abs(a[i] - b[j]))
        u = next
        if ua <= ub { i += 1 }
        if ub <= ua { j += 1 }
    }
    return total
}
