import CKernels

/// Random Fourier features of a flow net's 2D position (Tancik et al. 2020, "Fourier Features Let Networks Learn High
/// Frequency Functions in Low Dimensional Domains"): [sin(Bᵀ·c·x), cos(Bᵀ·c·x)] appended to the net's input, B a fixed
/// 2×k matrix with entries ~ N(0, scale²).
///
/// A plain SiLU MLP on a 2D input cannot hold the 8-fold angular structure a one-step generator must map its noise
/// onto; these features let it (the SiD study in the issue "SiD that generates": 1-step kl 1.1–1.6 without, 0.35–0.45
/// with, on the generator). c = c_in(t) = 1/√((1−t)²σ_d² + t²) is EDM's c_in in the lab's flow time
/// (x_t = (1−t)·x0 + t·z), so c·x_t has unit variance at every t and one scale suits data and noise alike.
/// Not in the official SiD code, whose image U-Nets need no such help: a deviation for 2D inputs.
public struct InputFeatures: Sendable, Equatable {
    public let count: Int
    public let scale: Float
    /// The data's RMS σ_d, for c_in(t).
    public let sigmaData: Float
    /// The two rows of B: frequency j is (bx[j], by[j]).
    let bx: [Float]
    let by: [Float]

    /// B drawn from its own stream of `seed`, so the nets' own draws are those of a featureless run.
    public init(count: Int, scale: Float, sigmaData: Float, seed: UInt64) {
        precondition(count > 0 && sigmaData > 0)
        self.count = count
        self.scale = scale
        self.sigmaData = sigmaData
        var r = RNG(seed: seed, stream: 15)
        bx = (0..<count).map { _ in scale * r.normalFloat() }
        by = (0..<count).map { _ in scale * r.normalFloat() }
    }

    /// Columns the features add to a net's input: k sines, then k cosines.
    public var width: Int { 2 * count }

    /// c_in(t) = 1/√((1−t)²σ_d² + t²).
    @inline(__always)
    public func inputScale(_ t: Float) -> Float {
        let a = (1 - t) * sigmaData
        return 1 / (a * a + t * t).squareRoot()
    }

    /// Writes sin(Bᵀ·c·x) into `row[0..<k]` and cos(Bᵀ·c·x) into `row[k..<2k]`.
    @inline(__always)
    public func encode(x: Float, y: Float, t: Float, into row: UnsafeMutablePointer<Float>) {
        let c = inputScale(t), cx = c * x, cy = c * y, k = count
        withUnsafeTemporaryAllocation(of: Float.self, capacity: k) { arg in
            bx.withUnsafeBufferPointer { px in
                by.withUnsafeBufferPointer { py in
                    for j in 0..<k { arg[j] = px[j] * cx + py[j] * cy }
                }
            }
            ck_sincos(arg.baseAddress!, row, row + k, k)
        }
    }

    /// ∂/∂(x, y) of a scalar whose gradient with respect to the features is `grad[0..<2k]`, given the features
    /// `row[0..<2k]` at the same point: Σ_j c·b_j·(g_sin_j·cos_j − g_cos_j·sin_j).
    @inline(__always)
    public func positionGradient(features row: UnsafePointer<Float>, grad: UnsafePointer<Float>, t: Float) -> SIMD2<Float> {
        let k = count
        var gx: Float = 0, gy: Float = 0
        bx.withUnsafeBufferPointer { px in
            by.withUnsafeBufferPointer { py in
                for j in 0..<k {
                    let d = grad[j] * row[k + j] - grad[k + j] * row[j]
                    gx += px[j] * d
                    gy += py[j] * d
                }
            }
        }
        return inputScale(t) * SIMD2(gx, gy)
    }
}

extension InputFeatures {
    /// The features `input_features` asks for (nil for 0), for the settings' data and seed.
    public init?(_ s: CoreSettings) {
        guard s.net.inputFeatures > 0 else { return nil }
        self.init(count: s.net.inputFeatures, scale: s.net.inputFeatureScale, sigmaData: dataScale(s), seed: s.seed)
    }
}
