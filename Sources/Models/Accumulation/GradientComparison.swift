/// How micro-batches of a batch are turned into one gradient.
public enum Accumulation: Sendable, Equatable {
    /// One pass over the whole batch.
    case full
    /// k micro-batches, the loss of each on its own (its own negatives), gradients averaged: what plain gradient
    /// accumulation computes.
    case naive(Int)
    /// k micro-batches by GradCache: the full batch's gradient, computed a micro-batch at a time.
    case exact(Int)
}

extension ContrastiveEncoder {
    /// The loss and the flattened parameter gradient (in Double) that `mode` gives on `pairs`.
    public func gradient(_ p: ViewPairs, _ mode: Accumulation) -> (loss: Double, grad: [Double]) {
        let n = p.count
        var sum = [Double](repeating: 0, count: parameterCount)
        func add(_ w: Double) {
            var j = 0
            for q in parameters {
                for v in q.grad.data {
                    sum[j] += w * Double(v)
                    j += 1
                }
            }
        }
        switch mode {
        case .full:
            let l = chunkLossAndGradient(p, 0..<n)
            add(1)
            return (Double(l), sum)
        case .naive(let k):
            var l = 0.0
            for r in Self.chunks(n, k) {
                l += Double(chunkLossAndGradient(p, r)) / Double(k)
                add(1 / Double(k))
            }
            return (l, sum)
        case .exact(let k):
            let l = buildCache(p, chunk: n / k)
            for r in Self.chunks(n, k) {
                backpropagateCached(p, r)
                add(1)
            }
            return (Double(l), sum)
        }
    }

    /// The k equal micro-batches of n pairs (k must divide n).
    public static func chunks(_ n: Int, _ k: Int) -> [Range<Int>] {
        precondition(k > 0 && n % k == 0, "\(k) micro-batches do not split \(n) pairs evenly")
        let m = n / k
        return (0..<k).map { ($0 * m)..<(($0 + 1) * m) }
    }
}

/// ‖a − ref‖/‖ref‖.
public func relativeError(_ a: [Double], to ref: [Double]) -> Double {
    var d = 0.0, r = 0.0
    for (x, y) in zip(a, ref) {
        d += (x - y) * (x - y)
        r += y * y
    }
    return (d / max(r, .leastNonzeroMagnitude)).squareRoot()
}

/// ⟨a, b⟩/(‖a‖‖b‖).
public func cosine(_ a: [Double], _ b: [Double]) -> Double {
    var ab = 0.0, aa = 0.0, bb = 0.0
    for (x, y) in zip(a, b) {
        ab += x * y
        aa += x * x
        bb += y * y
    }
    return ab / max((aa * bb).squareRoot(), .leastNonzeroMagnitude)
}
