/// How the MoE keeps experts evenly loaded.
public enum BalanceStrategy: String, CaseIterable, Sendable {
    /// No balancing: routing follows the flow loss alone.
    case none
    /// Switch-Transformer auxiliary loss α·E·Σ f_i·P_i added to the training loss.
    case aux
    /// DeepSeek's auxiliary-loss-free bias: b_i ← b_i + u·sign(mean load − load_i), used only to choose experts.
    case lossfree
    /// The same bias, stepped by u·(Q − F)/RMS(F − Q) instead of its sign.
    case lossfreeRMS = "lossfree-rms"

    public var usesBias: Bool { self == .lossfree || self == .lossfreeRMS }
}

/// MaxVio = (max_i load_i − mean load)/mean load (Wang et al. 2024, "Auxiliary-loss-free load balancing"); 0 when perfectly even.
public func maxViolation(_ loads: [Float]) -> Float {
    guard let top = loads.max(), !loads.isEmpty else { return 0 }
    let mean = loads.reduce(0, +) / Float(loads.count)
    return mean > 0 ? (top - mean) / mean : 0
}

/// Switch Transformer's auxiliary loss (Fedus et al. 2021, eq. 4): α·E·Σ_i f_i·P_i, equal to α when routing is uniform.
public func auxiliaryLoss(fractions f: [Float], meanProbabilities p: [Float], alpha: Float) -> Float {
    var s: Float = 0
    for i in f.indices { s += f[i] * p[i] }
    return alpha * Float(f.count) * s
}

/// One loss-free bias step from the batch's per-expert assignment counts: under-loaded experts gain u, over-loaded lose u.
public func updateRoutingBias(_ bias: inout [Float], counts: [Int], rate u: Float, strategy: BalanceStrategy) {
    let total = counts.reduce(0, +)
    guard total > 0, strategy.usesBias else { return }
    let q = 1 / Float(counts.count)
    let share = counts.map { Float($0) / Float(total) }
    switch strategy {
    case .lossfree:
        for i in bias.indices {
            let gap = q - share[i]
            bias[i] += gap > 0 ? u : (gap < 0 ? -u : 0)
        }
    case .lossfreeRMS:
        var ms: Float = 0
        for s in share { ms += (s - q) * (s - q) }
        let rms = (ms / Float(share.count)).squareRoot()
        guard rms > 0 else { return }
        for i in bias.indices { bias[i] -= u * (share[i] - q) / rms }
    case .none, .aux:
        return
    }
}

/// Per-expert assignment counts over the last `capacity` steps, for a global MaxVio that forgets old routing.
public struct LoadWindow: Sendable {
    public let capacity: Int
    public let experts: Int
    private var ring: [Int]
    private var totals: [Int]
    private var next = 0
    public private(set) var filled = 0

    public init(capacity: Int, experts: Int) {
        self.capacity = max(1, capacity)
        self.experts = experts
        ring = [Int](repeating: 0, count: self.capacity * experts)
        totals = [Int](repeating: 0, count: experts)
    }

    public mutating func add(_ counts: [Int]) {
        let base = next * experts
        for i in 0..<experts {
            totals[i] += counts[i] - ring[base + i]
            ring[base + i] = counts[i]
        }
        next = (next + 1) % capacity
        filled = min(filled + 1, capacity)
    }

    /// Each expert's share of the window's assignments (uniform before any step).
    public var shares: [Float] {
        let total = totals.reduce(0, +)
        return totals.map { total > 0 ? Float($0) / Float(total) : 1 / Float(experts) }
    }

    /// MaxVio of the summed counts in the window.
    public var maxVio: Float { maxViolation(totals.map(Float.init)) }

    public mutating func clear() {
        for i in ring.indices { ring[i] = 0 }
        for i in totals.indices { totals[i] = 0 }
        next = 0
        filled = 0
    }
}
