import Foundation

/// How β_t grows over the T diffusion steps.
public enum ScheduleKind: String, CaseIterable, Sendable {
    /// β linear from β_start to β_end over T steps (Ho et al. 2020).
    case linear
    /// ᾱ(t) = cos²((t/T + s)/(1 + s)·π/2) / cos²(s/(1 + s)·π/2), s = 0.008, β ≤ 0.999 (Nichol & Dhariwal 2021).
    case cosine
}

/// Where a diffusion step sits: the net's time input t ∈ (0, 1] (t = 0 data, t = 1 noise, the lab's convention)
/// and the signal level ᾱ, from which σ = √((1 − ᾱ)/ᾱ) (EDM's axis) follows.
public struct NoiseLevel: Sendable, Equatable {
    public var t: Float
    public var alphaBar: Double

    public init(t: Float, alphaBar: Double) {
        self.t = t
        self.alphaBar = alphaBar
    }

    /// The data level: ᾱ = 1, σ = 0.
    public static let data = NoiseLevel(t: 0, alphaBar: 1)

    /// EDM's σ = √((1 − ᾱ)/ᾱ) (Karras et al. 2022): x/√ᾱ = x0 + σ·ε.
    public var sigma: Double { ((1 - alphaBar) / alphaBar).squareRoot() }
}

/// A discrete DDPM noise schedule: β_1…β_T, α_t = 1 − β_t, ᾱ_t = Π α (index 0 is the data, ᾱ_0 = 1).
///
/// The paper's step index i ∈ 1…T meets the lab's time at one boundary, `level(_:)`: t = i/T.
public struct NoiseSchedule: Sendable, Equatable {
    public let kind: ScheduleKind
    public let steps: Int
    public let betaStart: Double
    public let betaEnd: Double
    /// β_i for i = 1…T at index i − 1.
    public let betas: [Double]
    /// ᾱ_i for i = 0…T (ᾱ_0 = 1).
    public let alphaBars: [Double]

    public init(kind: ScheduleKind = .linear, steps: Int = 1000, betaStart: Double = 1e-4, betaEnd: Double = 0.02) {
        precondition(steps >= 1, "a schedule needs at least one step")
        self.kind = kind
        self.steps = steps
        self.betaStart = betaStart
        self.betaEnd = betaEnd
        switch kind {
        case .linear:
            betas = (0..<steps).map { i in steps == 1 ? betaStart : betaStart + (betaEnd - betaStart) * Double(i) / Double(steps - 1) }
        case .cosine:
            let s = 0.008
            let f = { (i: Int) -> Double in
                let c = cos((Double(i) / Double(steps) + s) / (1 + s) * Double.pi / 2)
                return c * c
            }
            betas = (1...steps).map { i in min(1 - f(i) / f(i - 1), 0.999) }
        }
        var bars = [1.0]
        for b in betas { bars.append(bars[bars.count - 1] * (1 - b)) }
        alphaBars = bars
    }

    /// Step i ∈ 0…T as the net sees it (t = i/T) with its ᾱ_i.
    public func level(_ i: Int) -> NoiseLevel { NoiseLevel(t: Float(Double(i) / Double(steps)), alphaBar: alphaBars[i]) }

    /// The noisiest level, where sampling starts from N(0, I).
    public var last: NoiseLevel { level(steps) }

    /// A continuous level with EDM's σ: the fractional index where log ᾱ (monotone in i) reaches log 1/(1 + σ²),
    /// interpolated linearly between the two neighbouring steps; σ outside [σ_1, σ_T] is clamped to the ends.
    public func level(sigma: Double) -> NoiseLevel {
        let target = -log1p(sigma * sigma)
        if target >= log(alphaBars[1]) { return level(1) }
        if target <= log(alphaBars[steps]) { return level(steps) }
        var lo = 1, hi = steps
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if log(alphaBars[mid]) > target { lo = mid } else { hi = mid }
        }
        let a = log(alphaBars[lo]), b = log(alphaBars[hi])
        let frac = (a - target) / (a - b)
        return NoiseLevel(t: Float((Double(lo) + frac) / Double(steps)), alphaBar: exp(target))
    }

    /// S steps strided over the schedule, noisiest first and ending at the data: τ_k = round(k·T/S) for k = S…1, then 0
    /// ("trailing" spacing, so the first step starts at T where the noise is N(0, I)).
    public func strided(_ count: Int) -> [Int] {
        let s = max(1, min(count, steps))
        return (0...s).reversed().map { k in Int((Double(k) * Double(steps) / Double(s)).rounded()) }
    }

    /// Karras et al.'s σ grid with ρ = 7 from σ_T down to σ_1, then 0 (EDM eq. 5): `count` + 1 values.
    public func karrasSigmas(_ count: Int, rho: Double = 7) -> [Double] {
        let hi = level(steps).sigma, lo = level(1).sigma
        let n = max(1, count)
        let grid = (0..<n).map { i -> Double in
            guard n > 1 else { return hi }
            let r = Double(i) / Double(n - 1)
            return pow(pow(hi, 1 / rho) + r * (pow(lo, 1 / rho) - pow(hi, 1 / rho)), rho)
        }
        return grid + [0]
    }
}
