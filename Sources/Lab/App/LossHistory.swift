import Models

/// The loss curve's points, bounded: past `capacity` it halves its resolution, keeping each pair's more extreme raw value.
struct LossHistory: Sendable {
    private(set) var raw: [(x: Double, y: Double)] = []
    private(set) var ema: [(x: Double, y: Double)] = []
    let capacity: Int
    /// Extent of the finite, positive raw losses (what a log axis can show).
    private(set) var minY = Double.infinity
    private(set) var maxY = -Double.infinity

    /// 20 000 points is 50× the widest chart's dots and fills within minutes, so a long session's memory is flat
    /// after warm-up (at 100 000 moe-balance's histories were still filling three minutes in).
    init(capacity: Int = 20_000) { self.capacity = capacity }

    var last: (step: Int, loss: Double, ema: Double)? {
        guard let r = raw.last, let e = ema.last else { return nil }
        return (Int(r.x), r.y, e.y)
    }

    mutating func append(_ m: StepMetrics) {
        let y = Double(m.loss)
        raw.append((Double(m.step), y))
        if y.isFinite, y > 0 {
            minY = min(minY, y)
            maxY = max(maxY, y)
        }
        ema.append((Double(m.step), Double(m.lossEMA)))
        if raw.count > capacity { compact() }
    }

    mutating func removeAll() {
        raw.removeAll(keepingCapacity: true)
        ema.removeAll(keepingCapacity: true)
        minY = .infinity
        maxY = -.infinity
    }

    /// Halves both series; of each raw pair the point further from the EMA survives, so the noise band keeps its width.
    private mutating func compact() {
        var r: [(x: Double, y: Double)] = [], e: [(x: Double, y: Double)] = []
        r.reserveCapacity(capacity)
        e.reserveCapacity(capacity)
        var i = 0
        while i + 1 < raw.count {
            let a = raw[i], b = raw[i + 1]
            let keepA = abs(a.y - ema[i].y) >= abs(b.y - ema[i + 1].y)
            r.append(keepA ? a : b)
            e.append(ema[i + 1])
            i += 2
        }
        if i < raw.count {
            r.append(raw[i])
            e.append(ema[i])
        }
        raw = r
        ema = e
    }
}
