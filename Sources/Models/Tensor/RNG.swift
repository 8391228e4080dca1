import Foundation

/// xoshiro256** (Blackman & Vigna): fast, seedable, and identical on every platform, so runs are reproducible.
public struct RNG: RandomNumberGenerator, Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64)
    private var spareNormal: Double?

    public init(seed: UInt64) {
        var sm = seed
        func splitmix() -> UInt64 {
            sm &+= 0x9E37_79B9_7F4A_7C15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitmix(), splitmix(), splitmix(), splitmix())
    }

    /// An independent stream derived from this seed and a label (e.g. "data", "init").
    public init(seed: UInt64, stream: UInt64) {
        self.init(seed: seed &* 0x2545_F491_4F6C_DD1D ^ (stream &+ 0x632B_E59B_D9B4_E019))
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = ((s.1 &* 5) << 7 | (s.1 &* 5) >> 57) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = (s.3 << 45) | (s.3 >> 19)
        return result
    }

    /// The generator's whole state as six words (the four of xoshiro, whether a normal is cached, its bits), so a run
    /// saved mid-way continues with exactly the numbers it would have drawn.
    public var state: [UInt64] {
        [s.0, s.1, s.2, s.3, spareNormal == nil ? 0 : 1, spareNormal?.bitPattern ?? 0]
    }

    /// A generator in the state `state` gave; nil when it is not six words or is all zero (not a xoshiro state).
    public init?(state w: [UInt64]) {
        guard w.count == 6, w[0] | w[1] | w[2] | w[3] != 0, w[4] <= 1 else { return nil }
        s = (w[0], w[1], w[2], w[3])
        spareNormal = w[4] == 1 ? Double(bitPattern: w[5]) : nil
    }

    /// Uniform in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform Float in [0, 1).
    @inline(__always)
    public mutating func uniformFloat() -> Float { Float(next() >> 40) * 0x1.0p-24 }

    /// Uniform integer in 0..<n.
    @inline(__always)
    public mutating func int(below n: Int) -> Int { Int(next() % UInt64(n)) }

    /// Standard normal by Marsaglia's polar method (no sin/cos), caching the second value of each pair.
    public mutating func normal() -> Double {
        if let z = spareNormal {
            spareNormal = nil
            return z
        }
        while true {
            let u = 2 * uniform() - 1, v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let f = (-2 * log(s) / s).squareRoot()
                spareNormal = v * f
                return u * f
            }
        }
    }

    @inline(__always)
    public mutating func normalFloat() -> Float { Float(normal()) }

    /// Fills a buffer with standard normals.
    public mutating func fillNormal(_ m: inout Matrix, scale: Float = 1) {
        for i in 0..<m.count { m.data[i] = scale * normalFloat() }
    }

    /// Fills a buffer with uniforms in [lo, hi).
    public mutating func fillUniform(_ m: inout Matrix, lo: Float, hi: Float) {
        for i in 0..<m.count { m.data[i] = lo + (hi - lo) * uniformFloat() }
    }
}
