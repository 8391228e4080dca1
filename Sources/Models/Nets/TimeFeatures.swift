/// How the flow time t enters the network: raw, or as sinusoidal (Fourier) features.
public enum TimeEncoding: Equatable, Sendable {
    /// The input is [x, y, t].
    case raw
    /// The input is [x, y, sin(2π·2^k·t), cos(2π·2^k·t) for k < count] (Fourier features, Tancik et al. 2020).
    case fourier(count: Int)

    public var width: Int {
        switch self {
        case .raw: 1
        case .fourier(let k): 2 * k
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
