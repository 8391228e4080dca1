/// Axis along which `Layout.split` cuts: horizontal = side by side columns, vertical = stacked rows (as in ratatui).
enum Direction: Sendable {
    case horizontal
    case vertical
}

/// How much of the parent a segment wants.
enum Constraint: Hashable, Sendable {
    /// Exactly n cells (shrunk only if even percent and min segments cannot make room).
    case fixed(Int)
    /// p percent of the parent (after spacing).
    case percent(Int)
    /// At least n cells; grows to absorb slack when there is no `.fill`.
    case min(Int)
    /// Shares the leftover space by weight.
    case fill(Int)
}

/// Constraint layout: splits a rect into segments that always tile the parent exactly.
enum Layout {
    static func split(_ rect: Rect, direction: Direction, constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        let total = direction == .horizontal ? rect.width : rect.height
        let sizes = self.sizes(total: total, constraints: constraints, spacing: spacing)
        let gap = constraints.count > 1 ? max(0, min(spacing, total / (constraints.count - 1))) : 0
        var offset = 0
        return sizes.map { size in
            defer { offset += size + gap }
            switch direction {
            case .horizontal: return Rect(x: rect.x + offset, y: rect.y, width: size, height: rect.height)
            case .vertical: return Rect(x: rect.x, y: rect.y + offset, width: rect.width, height: size)
            }
        }
    }

    /// Segment lengths for `total` cells; they sum to `total` minus spacing whenever constraints is non-empty.
    static func sizes(total: Int, constraints: [Constraint], spacing: Int = 0) -> [Int] {
        let n = constraints.count
        guard n > 0 else { return [] }
        let gap = n > 1 ? max(0, min(spacing, max(0, total) / (n - 1))) : 0
        let avail = max(0, total - gap * (n - 1))
        var size = constraints.map { c -> Int in
            switch c {
            case .fixed(let v), .min(let v): return max(0, v)
            case .percent(let p): return avail * max(0, min(100, p)) / 100
            case .fill: return 0
            }
        }
        var over = size.reduce(0, +) - avail
        if over > 0 {
            let groups: [(Constraint) -> Bool] = [
                { if case .percent = $0 { return true } else { return false } },
                { if case .min = $0 { return true } else { return false } },
                { if case .fixed = $0 { return true } else { return false } },
            ]
            for inGroup in groups where over > 0 {
                let idx = constraints.indices.filter { inGroup(constraints[$0]) }
                over -= shrink(&size, idx, by: over)
            }
        } else if over < 0 {
            var slack = -over
            let fills = constraints.indices.compactMap { i -> (Int, Int)? in
                if case .fill(let w) = constraints[i] { return (i, max(0, w)) } else { return nil }
            }
            let mins = constraints.indices.filter { if case .min = constraints[$0] { return true } else { return false } }
            if !fills.isEmpty {
                let weights = fills.allSatisfy { $0.1 == 0 } ? fills.map { ($0.0, 1) } : fills
                distribute(&size, weights, slack)
            } else if !mins.isEmpty {
                distribute(&size, mins.map { ($0, 1) }, slack)
            } else {
                size[n - 1] += slack
            }
            slack = 0
        }
        return size
    }

    /// Removes up to `amount` from the given indices proportionally; returns how much was removed.
    private static func shrink(_ size: inout [Int], _ idx: [Int], by amount: Int) -> Int {
        let groupSum = idx.reduce(0) { $0 + size[$1] }
        guard groupSum > 0 else { return 0 }
        let cut = min(amount, groupSum)
        var removed = 0
        for i in idx {
            let c = size[i] * cut / groupSum
            size[i] -= c
            removed += c
        }
        var k = idx.count - 1
        while removed < cut, k >= 0 {
            if size[idx[k]] > 0 { size[idx[k]] -= 1; removed += 1 } else { k -= 1 }
        }
        return removed
    }

    /// Adds `amount` across (index, weight) pairs by largest remainder so the total is exact.
    private static func distribute(_ size: inout [Int], _ weights: [(Int, Int)], _ amount: Int) {
        let wsum = weights.reduce(0) { $0 + $1.1 }
        guard wsum > 0 else { return }
        var given = 0
        var remainders: [(Int, Int)] = []
        for (i, w) in weights {
            let share = amount * w / wsum
            size[i] += share
            given += share
            remainders.append((i, amount * w % wsum))
        }
        remainders.sort { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
        var k = 0
        while given < amount {
            size[remainders[k % remainders.count].0] += 1
            given += 1
            k += 1
        }
    }
}
