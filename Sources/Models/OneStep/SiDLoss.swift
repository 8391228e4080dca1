import Foundation

/// One sample's SiD generator loss and its partial derivatives (Zhou et al. 2024, eq. 22 with α = λ):
/// L = (a − b)·[(a − x) − λ(a − b)] / w with a = f_φ (teacher's x0), b = f_ψ (fake score's x0), x = x_g,
/// and w = sg(mean|x − a|) clipped at 1e-5, as in the official code.
///
/// λ = 0.5 gives ½(‖a − x‖² − ‖b − x‖²)/w, FGM's exact gradient; λ = 1 SiD's derivation.
public struct SiDLossTerms: Sendable, Equatable {
    public var value: Float
    public var dA: SIMD2<Float>
    public var dB: SIMD2<Float>
    /// ∂L/∂x through the explicit x only (not through a and b).
    public var dX: SIMD2<Float>
}

/// SiD's per-sample normaliser mean|x − a| over the coordinates, clipped at 1e-5 (sid_loss.py's `weight_factor`).
@inline(__always)
public func sidSampleWeight(sample x: SIMD2<Float>, teacher a: SIMD2<Float>) -> Float {
    max((abs(x.x - a.x) + abs(x.y - a.y)) / 2, 1e-5)
}

/// `normalise: false` drops w (w = 1), for finite-difference checks of the whole chain.
public func sidGeneratorLoss(teacher a: SIMD2<Float>, fake b: SIMD2<Float>, sample x: SIMD2<Float>, lambda: Float,
                             normalise: Bool = true) -> SiDLossTerms {
    let w = normalise ? sidSampleWeight(sample: x, teacher: a) : 1
    let diff = a - b, res = a - x
    let value = ((diff * (res - lambda * diff)).sum()) / w
    return SiDLossTerms(value: value,
                        dA: (res + (1 - 2 * lambda) * diff) / w,
                        dB: (2 * lambda * diff - res) / w,
                        dX: -diff / w)
}

/// How the SiD generator loss draws its noise level.
public enum SiDTimeSchedule: String, CaseIterable, Sendable {
    /// The official code: u ~ U(0, tmax), σ on EDM's Karras curve (σ_min 0.002, σ_max 80, ρ 7) at 1 − u, in image units.
    case karras
    /// t ~ U(0.02, 0.98) in the lab's time (this lab's first version; kept to show the difference).
    case uniform
}

/// SiD's noise levels in the lab's flow time: the generator loss's σ (sid_loss.py, `generator_loss`) scaled from image
/// units by σ_d/0.5 and converted with `flowTime(sigma:)`; the fake score trains at its teacher's times, U(0, 1).
public struct SiDNoiseSchedule: Sendable {
    public var kind: SiDTimeSchedule
    public var tmax: Float
    public var sigmaData: Float

    public init(kind: SiDTimeSchedule, tmax: Float, sigmaData: Float) {
        self.kind = kind
        self.tmax = tmax
        self.sigmaData = sigmaData
    }

    /// The image-unit σ of the official code at u ∈ [0, 1]: (σ_max^{1/ρ} + (1 − u)(σ_min^{1/ρ} − σ_max^{1/ρ}))^ρ.
    public static func karrasSigma(_ u: Float) -> Float {
        let lo = powf(0.002, 1 / 7), hi = powf(80, 1 / 7)
        return powf(hi + (1 - u) * (lo - hi), 7)
    }

    /// The generator loss's time for a uniform draw `u` ∈ [0, 1).
    public func generatorTime(uniform u: Float) -> Float {
        switch kind {
        case .karras: flowTime(sigma: Self.karrasSigma(u * tmax) * sigmaData / 0.5)
        case .uniform: 0.02 + 0.96 * u
        }
    }

    public func generatorTime(_ rng: inout RNG) -> Float { generatorTime(uniform: rng.uniformFloat()) }

    /// The fake score's flow-matching time (`sid_fake_loss: flow`): the teacher's U(0, 1) (karras), or the generator's
    /// range (uniform).
    public func fakeTime(_ rng: inout RNG) -> Float {
        kind == .karras ? rng.uniformFloat() : generatorTime(&rng)
    }

    /// EDM's training noise level (EDMLoss in sid_loss.py: P_mean −1.2, P_std 1.2, image units), as a flow time.
    public func fakeEDMTime(_ rng: inout RNG) -> Float {
        flowTime(sigma: expf(-1.2 + 1.2 * rng.normalFloat()) * sigmaData / 0.5)
    }

    /// EDM's loss weight λ(σ) = (σ² + σ_d²)/(σ·σ_d)² times t², the factor between D's and v's squared errors:
    /// (t² + (1−t)²σ_d²)/σ_d² (σ and σ_d in the same units, so the 0.5 image scale cancels).
    public func edmWeight(_ t: Float) -> Float {
        let a = (1 - t) * sigmaData
        return (t * t + a * a) / (sigmaData * sigmaData)
    }
}

/// What the fake score ψ trains on G's samples.
public enum SiDFakeLoss: String, CaseIterable, Sendable {
    /// The official code: EDM's denoising loss, σ log-normal, weight λ(σ).
    case edm
    /// Flow matching at t ~ U(0, 1), as the teacher trained (this lab's earlier version).
    case flow
}
