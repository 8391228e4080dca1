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

/// `normalise: false` drops w (w = 1), for finite-difference checks of the whole chain.
public func sidGeneratorLoss(teacher a: SIMD2<Float>, fake b: SIMD2<Float>, sample x: SIMD2<Float>, lambda: Float,
                             normalise: Bool = true) -> SiDLossTerms {
    let w = normalise ? max((abs(x.x - a.x) + abs(x.y - a.y)) / 2, 1e-5) : 1
    let diff = a - b, res = a - x
    let value = ((diff * (res - lambda * diff)).sum()) / w
    return SiDLossTerms(value: value,
                        dA: (res + (1 - 2 * lambda) * diff) / w,
                        dB: (2 * lambda * diff - res) / w,
                        dX: -diff / w)
}
