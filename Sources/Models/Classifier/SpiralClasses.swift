import Foundation

/// Three interleaved spiral arms, one class each (the CS231n classification toy with arms twice as long by default): a
/// task where a wider MLP does better within 300 steps, so width transfer has something to show. Arm k at s ∈ [0, 1]:
/// radius s, angle span·(k + s) + noise·N(0, 1) (CS231n: span 4 rad, noise 0.2).
public struct SpiralClasses: Sendable {
    public static let classes = 3
    /// Inputs [count × 2] and their class labels.
    public let x: Matrix
    public let labels: [Int32]

    public var count: Int { labels.count }

    /// How many points and how hard: arm length and angle noise in radians.
    public struct Shape: Sendable, Equatable {
        public var perClass: Int
        public var span: Double
        public var noise: Double
        public init(perClass: Int = 1000, span: Double = 8, noise: Double = 0.2) {
            self.perClass = perClass
            self.span = span
            self.noise = noise
        }
    }

    public init(_ shape: Shape, seed: UInt64) { self.init(perClass: shape.perClass, seed: seed, span: shape.span, noise: shape.noise) }

    /// `perClass` points per arm, drawn once from `seed`: the fixed "full data" every loss is measured on.
    public init(perClass: Int, seed: UInt64, span: Double = 8, noise: Double = 0.2) {
        var rng = RNG(seed: seed, stream: 0x5819)
        var x = Matrix(rows: perClass * Self.classes, cols: 2)
        var labels = [Int32](repeating: 0, count: perClass * Self.classes)
        for k in 0..<Self.classes {
            for i in 0..<perClass {
                let row = k * perClass + i
                let p = Self.point(arm: k, s: rng.uniform(), span: span, noise: noise * rng.normal())
                x.data[2 * row] = p.x
                x.data[2 * row + 1] = p.y
                labels[row] = Int32(k)
            }
        }
        self.x = x
        self.labels = labels
    }

    /// The point of arm `k` at parameter `s`, its angle moved by `noise` radians.
    public static func point(arm k: Int, s: Double, span: Double, noise: Double) -> SIMD2<Float> {
        let th = span * (Double(k) + s) + noise
        return SIMD2(Float(s * sin(th)), Float(s * cos(th)))
    }

    /// A training batch: `x.rows` points drawn uniformly with replacement, copied into `x` and `labels`.
    public func fill(x out: inout Matrix, labels: inout [Int32], rng: inout RNG) {
        let n = out.rows
        if labels.count != n { labels = [Int32](repeating: 0, count: n) }
        for r in 0..<n {
            let i = rng.int(below: count)
            out.data[2 * r] = x.data[2 * i]
            out.data[2 * r + 1] = x.data[2 * i + 1]
            labels[r] = self.labels[i]
        }
    }
}
