import Testing
@testable import Models

/// Output and every parameter gradient of one forward + backward, on the path `fused` selects.
private func pass(_ mlp: MLP, x: Matrix, outputGrad: Matrix, fused: Bool) -> (output: Matrix, grads: [Matrix]) {
    FusedLayers.$allowed.withValue(fused) {
        let ws = MLPWorkspace(shape: mlp.shape, batch: x.rows)
        ws.input = x
        mlp.forward(ws)
        ws.outputGrad = outputGrad
        mlp.backward(ws)
        return (ws.output, mlp.parameters.map(\.grad))
    }
}

/// Largest |a − b| / (1 + |b|) over two same-shaped matrices.
private func worstGap(_ a: Matrix, _ b: Matrix) -> Float {
    zip(a.data, b.data).map { abs($0 - $1) / (1 + abs($1)) }.max() ?? 0
}

/// The fused dense kernels (CKernels/dense.c) and the BLAS path compute the same network to float rounding.
@Suite struct FusedLayerTests {
    /// The canonical net at the training batch, deeper nets, every narrow input width the kernels take, and row
    /// counts that are not multiples of the output kernel's 4-row block.
    @Test(.enabled(if: cpuHasNativeKernels, "this CPU has no AVX2+FMA: the fused kernels cannot run here"),
          arguments: [(3, [128, 128], 256), (3, [128, 128], 2001), (1, [8, 16], 5), (5, [24, 8, 16], 33), (8, [64, 32], 3)])
    func fusedMatchesBLAS(_ input: Int, _ hidden: [Int], _ rows: Int) {
        var rng = RNG(seed: UInt64(input * 1000 + rows))
        let mlp = MLP(MLPShape(input: input, hidden: hidden, output: 2), rng: &rng)
        #expect(mlp.fusedFits)
        var x = Matrix(rows: rows, cols: input), g = Matrix(rows: rows, cols: 2)
        rng.fillNormal(&x, scale: 2)
        rng.fillNormal(&g)
        let blas = pass(mlp, x: x, outputGrad: g, fused: false)
        let fused = pass(mlp, x: x, outputGrad: g, fused: true)
        #expect(worstGap(fused.output, blas.output) < 1e-5)
        for (p, (a, b)) in zip(mlp.parameters, zip(fused.grads, blas.grads)) {
            // Gradients sum over rows: allow rounding that grows like √rows.
            #expect(worstGap(a, b) < 1e-5 * Float(rows).squareRoot(), "\(p.name)")
        }
    }

    /// A known-bad case: zeroing one weight changes the fused output (the comparison above can fail).
    @Test(.enabled(if: cpuHasNativeKernels, "this CPU has no AVX2+FMA: the fused kernels cannot run here"))
    func aChangedWeightIsSeen() {
        var rng = RNG(seed: 3)
        let mlp = MLP(MLPShape(input: 3, hidden: [16, 16], output: 2), rng: &rng)
        var x = Matrix(rows: 9, cols: 3)
        rng.fillNormal(&x)
        let g = Matrix(rows: 9, cols: 2, repeating: 1)
        let before = pass(mlp, x: x, outputGrad: g, fused: true)
        mlp.layers[0].weight.value.data[4] += 0.5
        let after = pass(mlp, x: x, outputGrad: g, fused: true)
        #expect(worstGap(after.output, before.output) > 1e-3)
    }

    /// Shapes outside the kernels' reach keep the BLAS path: another activation, a wide input, a 3-wide output,
    /// ragged hidden widths, a single hidden layer.
    @Test func otherShapesStayOnBLAS() {
        var rng = RNG(seed: 1)
        for shape in [MLPShape(input: 3, hidden: [16, 16], output: 2, activation: .gelu),
                      MLPShape(input: 9, hidden: [16, 16], output: 2), MLPShape(input: 3, hidden: [16, 16], output: 3),
                      MLPShape(input: 3, hidden: [12, 16], output: 2), MLPShape(input: 3, hidden: [16], output: 2)] {
            #expect(!MLP(shape, rng: &rng).fusedFits, "\(shape)")
        }
    }
}
