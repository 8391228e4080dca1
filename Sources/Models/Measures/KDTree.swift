import Foundation

/// A static 2D k-d tree for exact k-nearest-neighbour distances and "inside some point's ball" queries.
///
/// Median splits keep it balanced whatever the data (duplicates and collapsed samples included), so building is
/// O(n log n) and a query visits O(log n) leaves; n = 100 000 takes well under a second (`lab score --time`).
struct KDTree {
    private struct Node {
        var lo: Int32, hi: Int32, left: Int32, right: Int32
        var minX: Double, maxX: Double, minY: Double, maxY: Double
        /// Largest ball radius² under this node (for ball queries; 0 until `withBalls`).
        var maxBall: Double = 0

        @inline(__always)
        func distanceSquared(_ qx: Double, _ qy: Double) -> Double {
            let dx = max(minX - qx, 0, qx - maxX), dy = max(minY - qy, 0, qy - maxY)
            return dx * dx + dy * dy
        }
    }

    private static let leafSize = 8
    /// Coordinates in tree order.
    private var xs: [Double], ys: [Double]
    /// The original index of each tree-order point.
    private var order: [Int]
    private var nodes: [Node] = []
    /// Ball radius² of each tree-order point.
    private var balls: [Double] = []

    var count: Int { xs.count }

    /// A tree over a flat [x0, y0, x1, y1, …] array.
    init(points: [Float]) {
        let n = points.count / 2
        xs = (0..<n).map { Double(points[2 * $0]) }
        ys = (0..<n).map { Double(points[2 * $0 + 1]) }
        order = Array(0..<n)
        if n > 0 { build(0, n) }
    }

    @discardableResult
    private mutating func build(_ lo: Int, _ hi: Int) -> Int32 {
        var minX = Double.infinity, maxX = -Double.infinity, minY = Double.infinity, maxY = -Double.infinity
        for i in lo..<hi {
            minX = min(minX, xs[i]); maxX = max(maxX, xs[i])
            minY = min(minY, ys[i]); maxY = max(maxY, ys[i])
        }
        let id = nodes.count
        nodes.append(Node(lo: Int32(lo), hi: Int32(hi), left: -1, right: -1, minX: minX, maxX: maxX, minY: minY, maxY: maxY))
        guard hi - lo > Self.leafSize else { return Int32(id) }
        let mid = (lo + hi) / 2
        select(mid, lo, hi, byX: maxX - minX >= maxY - minY)
        let left = build(lo, mid)
        let right = build(mid, hi)
        nodes[id].left = left
        nodes[id].right = right
        return Int32(id)
    }

    /// Quickselect (Hoare partition, middle pivot): the k-th smallest by one coordinate lands at k.
    private mutating func select(_ k: Int, _ lo: Int, _ hi: Int, byX: Bool) {
        var lo = lo, hi = hi - 1
        while lo < hi {
            let pivot = byX ? xs[(lo + hi) / 2] : ys[(lo + hi) / 2]
            var i = lo, j = hi
            while i <= j {
                while (byX ? xs[i] : ys[i]) < pivot { i += 1 }
                while (byX ? xs[j] : ys[j]) > pivot { j -= 1 }
                if i <= j {
                    xs.swapAt(i, j); ys.swapAt(i, j); order.swapAt(i, j)
                    i += 1; j -= 1
                }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return }
        }
    }

    /// Distance from every point to its k-th nearest *other* point (duplicates count, at distance 0), in input order.
    func kthNeighbourDistances(k: Int) -> [Double] {
        precondition(k >= 1 && k < count, "k-NN needs more than k points")
        var out = [Double](repeating: 0, count: count)
        var best = [Double](repeating: .infinity, count: k)
        for i in 0..<count {
            for j in 0..<k { best[j] = .infinity }
            search(0, xs[i], ys[i], skip: i, &best)
            out[order[i]] = best[k - 1].squareRoot()
        }
        return out
    }

    /// Distance from `q` to its k-th nearest point of the tree.
    func kthDistance(to q: SIMD2<Double>, k: Int) -> Double {
        var best = [Double](repeating: .infinity, count: k)
        search(0, q.x, q.y, skip: -1, &best)
        return best[k - 1].squareRoot()
    }

    /// Keeps `best` as the k smallest squared distances seen (ascending), visiting the nearer child first.
    private func search(_ id: Int, _ qx: Double, _ qy: Double, skip: Int, _ best: inout [Double]) {
        let node = nodes[id]
        let k = best.count
        if node.left < 0 {
            for i in Int(node.lo)..<Int(node.hi) where i != skip {
                let dx = xs[i] - qx, dy = ys[i] - qy
                let d = dx * dx + dy * dy
                if d < best[k - 1] {
                    var j = k - 1
                    while j > 0 && best[j - 1] > d { best[j] = best[j - 1]; j -= 1 }
                    best[j] = d
                }
            }
            return
        }
        let l = Int(node.left), r = Int(node.right)
        let dl = nodes[l].distanceSquared(qx, qy), dr = nodes[r].distanceSquared(qx, qy)
        let (near, far, dFar) = dl <= dr ? (l, r, dr) : (r, l, dl)
        if min(dl, dr) < best[k - 1] { search(near, qx, qy, skip: skip, &best) }
        if dFar < best[k - 1] { search(far, qx, qy, skip: skip, &best) }
    }

    /// This tree with a ball of radius `radii[i]` (input order) around each point, for `anyBallContains`.
    func withBalls(radii: [Double]) -> KDTree {
        precondition(radii.count == count)
        var t = self
        t.balls = order.map { radii[$0] * radii[$0] }
        for id in t.nodes.indices.reversed() {
            let node = t.nodes[id]
            t.nodes[id].maxBall = node.left < 0
                ? t.balls[Int(node.lo)..<Int(node.hi)].max() ?? 0
                : max(t.nodes[Int(node.left)].maxBall, t.nodes[Int(node.right)].maxBall)
        }
        return t
    }

    /// Whether `q` lies in some point's (closed) ball: Kynkäänniemi et al.'s manifold membership.
    func anyBallContains(_ q: SIMD2<Double>) -> Bool {
        precondition(balls.count == count, "call withBalls first")
        return ballSearch(0, q.x, q.y)
    }

    private func ballSearch(_ id: Int, _ qx: Double, _ qy: Double) -> Bool {
        let node = nodes[id]
        if node.distanceSquared(qx, qy) > node.maxBall { return false }
        if node.left < 0 {
            for i in Int(node.lo)..<Int(node.hi) {
                let dx = xs[i] - qx, dy = ys[i] - qy
                if dx * dx + dy * dy <= balls[i] { return true }
            }
            return false
        }
        return ballSearch(Int(node.left), qx, qy) || ballSearch(Int(node.right), qx, qy)
    }
}
