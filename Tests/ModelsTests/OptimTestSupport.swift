import Foundation
@testable import Models

/// Small double-precision linear algebra for checking optimizers independently of BLAS.
enum Dense {
    /// Eigenvalues of a symmetric n×n matrix (row-major) by cyclic Jacobi rotations (Numerical Recipes §11.1), descending.
    static func symmetricEigenvalues(_ input: [Double], n: Int) -> [Double] {
        var a = input
        for _ in 0..<100 {
            var off = 0.0, total = 0.0
            for i in 0..<n {
                for j in 0..<n {
                    total += a[i * n + j] * a[i * n + j]
                    if i != j { off += a[i * n + j] * a[i * n + j] }
                }
            }
            if off <= 1e-26 * total || off == 0 { break }
            for p in 0..<(n - 1) {
                for q in (p + 1)..<n where a[p * n + q] != 0 {
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * a[p * n + q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let kp = a[k * n + p], kq = a[k * n + q]
                        a[k * n + p] = c * kp - s * kq
                        a[k * n + q] = s * kp + c * kq
                    }
                    for k in 0..<n {
                        let pk = a[p * n + k], qk = a[q * n + k]
                        a[p * n + k] = c * pk - s * qk
                        a[q * n + k] = s * pk + c * qk
                    }
                }
            }
        }
        return (0..<n).map { a[$0 * n + $0] }.sorted(by: >)
    }

    /// Singular values, descending, as square roots of the eigenvalues of the smaller Gram matrix (XᵀX or XXᵀ).
    static func singularValues(_ m: Matrix) -> [Double] {
        let wide = m.rows <= m.cols
        let k = wide ? m.rows : m.cols, inner = wide ? m.cols : m.rows
        func at(_ i: Int, _ l: Int) -> Double { Double(wide ? m[i, l] : m[l, i]) }
        var gram = [Double](repeating: 0, count: k * k)
        for i in 0..<k {
            for j in i..<k {
                var s = 0.0
                for l in 0..<inner { s += at(i, l) * at(j, l) }
                gram[i * k + j] = s
                gram[j * k + i] = s
            }
        }
        return symmetricEigenvalues(gram, n: k).map { max($0, 0).squareRoot() }
    }

    static func multiply(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
        let n = a.count, k = b.count, m = b[0].count
        var c = [[Double]](repeating: [Double](repeating: 0, count: m), count: n)
        for i in 0..<n { for j in 0..<m { for l in 0..<k { c[i][j] += a[i][l] * b[l][j] } } }
        return c
    }

    static func transpose(_ a: [[Double]]) -> [[Double]] {
        (0..<a[0].count).map { j in a.map { $0[j] } }
    }

    /// muon.py's zeropower_via_newtonschulz5, line by line in Double.
    static func newtonSchulz(_ g: [[Double]], steps: Int = 5) -> [[Double]] {
        let (a, b, c) = (3.4445, -4.7750, 2.0315)
        let tall = g.count > g[0].count
        var x = tall ? transpose(g) : g
        let norm = x.joined().reduce(0) { $0 + $1 * $1 }.squareRoot()
        x = x.map { $0.map { $0 / (norm + 1e-7) } }
        for _ in 0..<steps {
            let A = multiply(x, transpose(x))
            let AA = multiply(A, A)
            let B = zip(A, AA).map { zip($0, $1).map { b * $0 + c * $1 } }
            let BX = multiply(B, x)
            x = zip(x, BX).map { zip($0, $1).map { a * $0 + $1 } }
        }
        return tall ? transpose(x) : x
    }

    /// A random n×n orthogonal matrix by Gram–Schmidt on Gaussian columns.
    static func randomOrthogonal(_ n: Int, rng: inout RNG) -> [[Double]] {
        var cols: [[Double]] = []
        while cols.count < n {
            var v = (0..<n).map { _ in rng.normal() }
            for u in cols {
                let d = zip(u, v).reduce(0) { $0 + $1.0 * $1.1 }
                v = zip(v, u).map { $0 - d * $1 }
            }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            cols.append(v.map { $0 / norm })
        }
        return transpose(cols)
    }
}

extension Matrix {
    init(_ rows: [[Double]]) {
        self.init(rows: rows.count, cols: rows[0].count, data: rows.joined().map { Float($0) })
    }

    var doubles: [[Double]] { (0..<rows).map { r in (0..<cols).map { Double(self[r, $0]) } } }

    static func gaussian(_ rows: Int, _ cols: Int, seed: UInt64, scale: Float = 1) -> Matrix {
        var rng = RNG(seed: seed)
        var m = Matrix(rows: rows, cols: cols)
        rng.fillNormal(&m, scale: scale)
        return m
    }

    func maxAbsDifference(_ other: Matrix) -> Float {
        zip(data, other.data).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }

    var rms: Float { frobeniusNorm / Float(count).squareRoot() }
}

extension Parameter {
    convenience init(_ name: String, _ role: ParameterRole, _ value: Matrix, grad: Matrix? = nil) {
        self.init(name: name, role: role, value: value)
        if let grad { self.grad = grad }
    }

    /// A fresh parameter with the same name, role, value and gradient (no shared optimizer state).
    func clone() -> Parameter { Parameter(name, role, value, grad: grad) }
}

/// A config with the given kind and overrides, for one-line test setups.
func config(_ kind: OptimizerKind, _ tweak: (inout OptimizerConfig) -> Void = { _ in }) -> OptimizerConfig {
    var c = OptimizerConfig()
    c.kind = kind
    tweak(&c)
    return c
}
