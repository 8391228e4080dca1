import Foundation

/// Solves Kepler's equation M = E − e·sin E for the eccentric anomaly E, for 0 ≤ e < 1 and any M.
///
/// M is reduced to m = |M mod 2π| ∈ [0, π] (f(E) = E − e·sin E − m is odd and 2π-periodic in shift), where the
/// root lies in [m, min(π, m + e)]. The start is Danby's E0 = m + e·sin m/(1 − sin(m + e) + sin m), or, for
/// e > 0.8 and small m where that starter is poor, the root of the cubic m = (1 − e)E + e·E³/6 (Taylor series).
/// Halley iterations are safeguarded by bisection on the shrinking bracket, so convergence is guaranteed
/// (J. M. A. Danby, "Fundamentals of Celestial Mechanics", 2nd ed. 1988, §6.6; Murray & Dermott §2.4).
/// The result is continuous in M: solveKepler(M + 2πj) = solveKepler(M) + 2πj.
public func solveKepler(M: Double, e: Double) -> Double {
    precondition(e >= 0 && e < 1, "elliptic Kepler equation needs 0 ≤ e < 1")
    precondition(M.isFinite)
    let twoPi = 2 * Double.pi
    let reduced = remainder(M, twoPi)
    let m = abs(reduced)
    var lo = m, hi = min(Double.pi, m + e)
    var E: Double
    if e > 0.8 && m < 0.45 {
        let p = 6 * (1 - e) / e, q = 6 * m / e
        let w = cbrt(q / 2 + (q * q / 4 + p * p * p / 27).squareRoot())
        E = w == 0 ? 0 : w - p / (3 * w)
    } else {
        E = m + e * sin(m) / (1 - sin(m + e) + sin(m))
    }
    if !(E >= lo && E <= hi) { E = 0.5 * (lo + hi) }
    for _ in 0..<100 {
        let s = e * sin(E), c = e * cos(E)
        let f = E - s - m
        if f == 0 { break }
        if f > 0 { hi = E } else { lo = E }
        let fp = 1 - c
        let newton = f / fp
        var next = E - f / (fp - 0.5 * s * newton)
        if !(next > lo && next < hi) { next = 0.5 * (lo + hi) }
        let change = abs(next - E)
        E = next
        if change <= 2 * max(1, E).ulp || hi - lo <= 2 * max(1, hi).ulp { break }
    }
    let signed = reduced < 0 ? -E : E
    return signed + (M - reduced)
}

/// Residual M − (E − e·sin E) of a claimed solution; zero up to rounding when E solves Kepler's equation.
public func keplerResidual(M: Double, e: Double, E: Double) -> Double { M - (E - e * sin(E)) }
