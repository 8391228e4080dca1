import Foundation

/// The Fresnel integrals C(z) = ∫₀ᶻ cos(πt²/2) dt and S(z) = ∫₀ᶻ sin(πt²/2) dt to ~1e-15: the power series for
/// |z| ≤ 1.5, else the continued fraction of the complementary error function (modified Lentz; Press et al.,
/// Numerical Recipes, §6.9), which stays accurate where the series would cancel catastrophically.
public func fresnel(_ z: Double) -> (c: Double, s: Double) {
    let ax = abs(z)
    let eps = 1e-16, maxIterations = 200, tiny = 1e-300
    var c = 0.0, s = 0.0
    if ax < 1e-150 {
        c = ax
    } else if ax <= 1.5 {
        var sum = 0.0, sumS = 0.0, sumC = ax, sign = 1.0
        let fact = Double.pi / 2 * ax * ax
        var odd = true, term = ax, n = 3.0
        for k in 1...maxIterations {
            term *= fact / Double(k)
            sum += sign * term / n
            let test = abs(sum) * eps
            if odd {
                sign = -sign
                sumS = sum
                sum = sumC
            } else {
                sumC = sum
                sum = sumS
            }
            if term < test { break }
            odd.toggle()
            n += 2
        }
        c = sumC
        s = sumS
    } else {
        let pix2 = Double.pi * ax * ax
        var b = Complex(1, -pix2)
        var cc = Complex(1 / tiny, 0)
        var d = b.reciprocal
        var h = d
        var n = -1.0
        for _ in 2...maxIterations {
            n += 2
            let a = -n * (n + 1)
            b = b + Complex(4, 0)
            d = (a * d + b).reciprocal
            cc = b + a * cc.reciprocal
            let del = cc * d
            h = h * del
            if abs(del.re - 1) + abs(del.im) < eps { break }
        }
        h = Complex(ax, -ax) * h
        let cs = Complex(0.5, 0.5) * (Complex(1, 0) - Complex(cos(0.5 * pix2), sin(0.5 * pix2)) * h)
        c = cs.re
        s = cs.im
    }
    return z < 0 ? (-c, -s) : (c, s)
}

/// Just enough complex arithmetic for the continued fraction.
private struct Complex {
    var re: Double, im: Double
    init(_ re: Double, _ im: Double) {
        self.re = re
        self.im = im
    }
    static func + (a: Complex, b: Complex) -> Complex { Complex(a.re + b.re, a.im + b.im) }
    static func - (a: Complex, b: Complex) -> Complex { Complex(a.re - b.re, a.im - b.im) }
    static func * (a: Complex, b: Complex) -> Complex { Complex(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re) }
    static func * (a: Double, b: Complex) -> Complex { Complex(a * b.re, a * b.im) }
    var reciprocal: Complex {
        let d = re * re + im * im
        return Complex(re / d, -im / d)
    }
}
