/// How the flow time t enters the network: raw, or as sinusoidal (Fourier) features.
public enum TimeEncoding: Equatable, Sendable {
    /// The input is [x, y, t].
    case raw
    /// The input is [x, y, sin(2π·2^k·t), cos(2π·2^k·t) for k < count] (Fourier features, Tancik et al. 2020).
    /// Every feature has period 1, so t = 0 and t = 1 look alike.
    case fourier(count: Int)
    /// The transformer timestep embedding DDPM uses (Vaswani et al. 2017; Ho et al. 2020): sin and cos of i·ω_j for
    /// the step i = 1000·t, ω_j = 10000^(−j/(count−1)): from one radian per step down to 10⁻⁴, never periodic over [0, 1].
    case sinusoidal(count: Int)

    public var width: Int {
        switch self {
        case .raw: 1
        case .fourier(let k), .sinusoidal(let k): 2 * k
        }
    }

    /// Writes the features of `t` into `row[0..<width]`.
    @inline(__always)
    public func encode(_ t: Float, into row: UnsafeMutablePointer<Float>) {
        switch self {
        case .raw:
            row[0] = t
        case .fourier(let k):
            var freq: Float = 2 * .pi
            for j in 0..<k {
                row[2 * j] = sinf(freq * t)
                row[2 * j + 1] = cosf(freq * t)
                freq *= 2
            }
        case .sinusoidal(let k):
            let ratio = k > 1 ? powf(10_000, -1 / Float(k - 1)) : 1
            var freq: Float = 1000
            for j in 0..<k {
                row[2 * j] = sinf(freq * t)
                row[2 * j + 1] = cosf(freq * t)
                freq *= ratio
            }
        }
    }
}

extension TimeEncoding {
    /// Writes row `i` of a 2D flow net's input: position (x, y), then the features of `t`.
    @inline(__always)
    public func fillRow(_ input: inout Matrix, row i: Int, x: Float, y: Float, t: Float) {
        let w = input.cols
        input.data.withUnsafeMutableBufferPointer { p in
            let row = p.baseAddress! + i * w
            row[0] = x
            row[1] = y
            encode(t, into: row + 2)
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
