import CKernels
import Foundation

/// Chooses the fused dense kernels (CKernels/dense.c) for the layer shapes BLAS runs worst, per task like
/// `NativeKernels`; `LAB_DENSE=blas` in the environment starts every task on the BLAS path (for side-by-side timing).
enum FusedLayers {
    @TaskLocal static var allowed = getenv("LAB_DENSE").map { String(cString: $0) != "blas" } ?? true
}

/// Which MLPs the fused path can run: SiLU between layers, a narrow input (≤ 8, e.g. [x, y, t]), two or more hidden
/// layers whose widths are whole AVX2 registers, a 2-wide output, on an AVX2+FMA CPU.
func fusedPathFits(_ shape: MLPShape) -> Bool {
    cpuHasNativeKernels && shape.activation == .silu && shape.hidden.count >= 2
        && (1...8).contains(shape.input) && shape.output == 2 && shape.hidden.allSatisfy { $0 % 8 == 0 }
}

/// Read-only pointer to a matrix's buffer for the duration of `body`.
@inline(__always)
private func reading<R>(_ m: Matrix, _ body: (UnsafePointer<Float>) -> R) -> R {
    m.data.withUnsafeBufferPointer { body($0.baseAddress!) }
}

/// Mutable pointer to a matrix's buffer for the duration of `body`.
@inline(__always)
private func writing<R>(_ m: inout Matrix, _ body: (UnsafeMutablePointer<Float>) -> R) -> R {
    m.data.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
}

extension MLP {
    /// Forward with bias and SiLU fused into each layer's pass: the narrow input layer and the 2-wide output layer
    /// are single loops, hidden layers are one sgemm then one bias + SiLU pass. Leaves `zs` of the hidden layers unset
    /// (SiLU's backward reads only y and σ). `firstLayer` replaces the input layer's weight and bias (a narrower
    /// equivalent: `SharedLevelForward`).
    func fusedForward(_ ws: MLPWorkspace, firstLayer: (weight: Matrix, bias: Matrix)? = nil) {
        let rows = ws.batch, last = layers.count - 1
        let x0 = ws.xs[0], w0 = firstLayer?.weight ?? layers[0].weight.value, b0 = firstLayer?.bias ?? layers[0].bias.value
        reading(x0) { px in reading(w0) { pw in reading(b0) { pb in
            writing(&ws.xs[1]) { py in writing(&ws.auxs[0]) { ps in
                ck_dense_narrow_in_silu(px, w0.cols, pw, pb, py, ps, rows, w0.rows)
            } }
        } } }
        for i in 1..<last {
            let layer = layers[i]
            BLAS.gemm(ws.xs[i], layer.weight.value, transposeB: true, into: &ws.zs[i])
            let z = ws.zs[i], b = layer.bias.value
            reading(z) { pz in reading(b) { pb in
                writing(&ws.xs[i + 1]) { py in writing(&ws.auxs[i]) { ps in
                    ck_bias_silu(pz, pb, py, ps, rows, layer.outFeatures)
                } }
            } }
        }
        let out = layers[last], x = ws.xs[last], w = out.weight.value, b = out.bias.value
        reading(x) { px in reading(w) { pw in reading(b) { pb in
            writing(&ws.zs[last]) { pz in ck_dense_out2(px, out.inFeatures, pw, pb, pz, rows) }
        } } }
    }

    /// Backward in four kinds of pass: the output layer's gradients and the SiLU below it in one loop; per hidden
    /// layer two sgemms, then its SiLU with the bias gradient below it; the input layer's SiLU and gradients in one loop.
    func fusedBackward(_ ws: MLPWorkspace) {
        let rows = ws.batch, last = layers.count - 1
        let out = layers[last], below = layers[last - 1]
        ws.dz.reshape(rows: rows, cols: below.outFeatures)
        let x = ws.xs[last], s = ws.auxs[last - 1], dy = ws.dx[last + 1], w = out.weight.value
        reading(x) { px in reading(s) { ps in reading(dy) { pdy in reading(w) { pw in
            writing(&out.weight.grad) { pdw in writing(&out.bias.grad) { pdb in
                writing(&ws.dz) { pdz in writing(&below.bias.grad) { pdbp in
                    ck_dense_out2_backward_silu(px, ps, pdy, pw, pdw, pdb, pdz, pdbp, rows, out.inFeatures)
                } }
            } }
        } } } }
        for i in stride(from: last - 1, through: 1, by: -1) {
            let layer = layers[i]
            BLAS.gemm(ws.dz, transposeA: true, ws.xs[i], into: &layer.weight.grad)
            BLAS.gemm(ws.dz, layer.weight.value, into: &ws.dx[i])
            let g = ws.dx[i], y = ws.xs[i], s = ws.auxs[i - 1]
            if i > 1 {
                let next = layers[i - 1]
                ws.dz.reshape(rows: rows, cols: next.outFeatures)
                reading(g) { pg in reading(y) { py in reading(s) { ps in
                    writing(&ws.dz) { pdz in writing(&next.bias.grad) { pdb in
                        ck_silu_backward_colsum(pg, py, ps, pdz, pdb, rows, next.outFeatures)
                    } }
                } } }
            } else {
                let first = layers[0], x0 = ws.xs[0]
                reading(g) { pg in reading(y) { py in reading(s) { ps in reading(x0) { px in
                    writing(&first.weight.grad) { pdw in writing(&first.bias.grad) { pdb in
                        ck_dense_narrow_in_backward_silu(pg, py, ps, px, first.inFeatures, pdw, pdb, rows, first.outFeatures)
                    } }
                } } } }
            }
        }
    }
}
