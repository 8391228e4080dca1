import CBLAS

/// Matrix products through OpenBLAS: it picks the CPU's kernel at run time, beating hand-written SIMD here.
public enum BLAS {
    /// Pins OpenBLAS to one thread: the lab's matrices are small and the trainer owns one core.
    public static func useSingleThread() {
        openblas_set_num_threads(1)
    }

    /// C ← α·op(A)·op(B) + β·C, all row-major; C must already have the product's shape.
    @inline(__always)
    public static func gemm(
        _ a: Matrix, transposeA: Bool = false,
        _ b: Matrix, transposeB: Bool = false,
        into c: inout Matrix, alpha: Float = 1, beta: Float = 0
    ) {
        let m = transposeA ? a.cols : a.rows
        let k = transposeA ? a.rows : a.cols
        let kb = transposeB ? b.cols : b.rows
        let n = transposeB ? b.rows : b.cols
        precondition(k == kb && c.rows == m && c.cols == n,
                     "gemm shape mismatch: \(m)x\(k) · \(kb)x\(n) -> \(c.rows)x\(c.cols)")
        if m == 0 || n == 0 { return }
        a.data.withUnsafeBufferPointer { pa in
            b.data.withUnsafeBufferPointer { pb in
                c.data.withUnsafeMutableBufferPointer { pc in
                    cblas_sgemm(
                        CblasRowMajor,
                        transposeA ? CblasTrans : CblasNoTrans,
                        transposeB ? CblasTrans : CblasNoTrans,
                        blasint(m), blasint(n), blasint(k),
                        alpha, pa.baseAddress, blasint(a.cols),
                        pb.baseAddress, blasint(b.cols),
                        beta, pc.baseAddress, blasint(n))
                }
            }
        }
    }

    /// Upper triangle of C ← α·A·Aᵀ + β·C (symmetric rank-k update: half the FLOPs of gemm).
    @inline(__always)
    public static func syrkUpper(_ a: Matrix, into c: inout Matrix, alpha: Float = 1, beta: Float = 0) {
        precondition(c.rows == a.rows && c.cols == a.rows, "syrk shape mismatch")
        a.data.withUnsafeBufferPointer { pa in
            c.data.withUnsafeMutableBufferPointer { pc in
                cblas_ssyrk(CblasRowMajor, CblasUpper, CblasNoTrans,
                            blasint(a.rows), blasint(a.cols), alpha, pa.baseAddress, blasint(a.cols),
                            beta, pc.baseAddress, blasint(a.rows))
            }
        }
    }

    /// C ← α·S·B + β·C where S is symmetric and only its upper triangle is read.
    @inline(__always)
    public static func symmUpperLeft(_ s: Matrix, _ b: Matrix, into c: inout Matrix, alpha: Float = 1, beta: Float = 0) {
        precondition(s.rows == s.cols && s.cols == b.rows && c.rows == b.rows && c.cols == b.cols,
                     "symm shape mismatch")
        s.data.withUnsafeBufferPointer { ps in
            b.data.withUnsafeBufferPointer { pb in
                c.data.withUnsafeMutableBufferPointer { pc in
                    cblas_ssymm(CblasRowMajor, CblasLeft, CblasUpper,
                                blasint(b.rows), blasint(b.cols), alpha, ps.baseAddress, blasint(s.cols),
                                pb.baseAddress, blasint(b.cols), beta, pc.baseAddress, blasint(c.cols))
                }
            }
        }
    }
}

extension Matrix {
    /// Copies the upper triangle onto the lower one, making a syrk result a full symmetric matrix.
    public mutating func mirrorUpperToLower() {
        let n = rows
        precondition(n == cols)
        data.withUnsafeMutableBufferPointer { p in
            for r in 1..<max(n, 1) {
                for c in 0..<r { p[r * n + c] = p[c * n + r] }
            }
        }
    }
}
