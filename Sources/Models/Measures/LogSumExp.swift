import Foundation

/// log Σ exp(vᵢ) accumulated in one pass (rescaling when a larger term arrives): no overflow, no underflow, no array.
struct LogSumExp {
    private var best = -Double.infinity
    private var total = 0.0

    @inline(__always)
    mutating func add(_ v: Double) {
        if v <= best {
            total += exp(v - best)
        } else if v > -Double.infinity {
            total = total * exp(best - v) + 1
            best = v
        }
    }

    var value: Double { best.isFinite ? best + log(total) : best }
}
