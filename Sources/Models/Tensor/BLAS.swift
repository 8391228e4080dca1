import CKernels

/// Matrix products through OpenBLAS (loaded by `ck_blas.h` with the kernels this CPU runs best), beating
/// hand-written SIMD here, or through libxsmm's JIT kernels for small ones when it is installed (`xsmm.c`).
public enum BLAS {
    /// Pins OpenBLAS to one thread: the lab's matrices are small and the trainer owns one core.
    public static func useSingleThread() {
        ck_blas_set_threads(1)
    }

    /// The kernel family OpenBLAS runs, e.g. "SkylakeX" (reported by `lab bench`).
    public static var core: String { String(cString: ck_blas_core()) }

    /// The libxsmm library small products go through (`xsmm.c`), or nil: OpenBLAS runs every product.
    public static var smallProducts: String? { ck_xsmm_loaded().map { String(cString: $0) } }

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
                    ck_sgemm(transposeA ? 1 : 0, transposeB ? 1 : 0, Int32(m), Int32(n), Int32(k),
                             alpha, pa.baseAddress, Int32(a.cols), pb.baseAddress, Int32(b.cols), beta, pc.baseAddress, Int32(n))
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
                ck_ssyrk_upper(Int32(a.rows), Int32(a.cols), alpha, pa.baseAddress, Int32(a.cols), beta, pc.baseAddress, Int32(a.rows))
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
                    ck_ssymm_left_upper(Int32(b.rows), Int32(b.cols), alpha, ps.baseAddress, Int32(s.cols),
                                        pb.baseAddress, Int32(b.cols), beta, pc.baseAddress, Int32(c.cols))
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

/// The C allocator's arenas (glibc): see `LabMain.limitMallocArenas` for why the lab keeps two.
public enum MemoryArenas {
    /// Caps glibc's arenas at `n`; call before any thread starts.
    public static func limit(_ n: Int) { _ = ck_limit_malloc_arenas(Int32(n)) }

    /// Returns free pages to the system (`malloc_trim`): buffers of changing sizes (sampler steps, trajectories, a
    /// batch) leave free holes that would otherwise stay resident.
    public static func releaseFree() { ck_release_free_memory() }
}
