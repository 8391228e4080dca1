/// Muon's momentum buffer for one hidden matrix.
final class MuonState {
    var buf: Matrix
    init(rows: Int, cols: Int) { buf = Matrix(rows: rows, cols: cols) }
}

/// A matrix shape, keying the Newton–Schulz workspaces.
struct MatrixShape: Hashable {
    let rows: Int, cols: Int
}

/// Muon (KellerJordan/Muon) or Moonlight (MoonshotAI/Moonlight): orthogonalised momentum on hidden
/// matrices, AdamW on everything else (biases, first and last layer).
public final class Muon: ConfigurableOptimizer {
    public let kind: OptimizerKind
    public var config: OptimizerConfig
    public private(set) var stepCount = 0
    private let adamw: Adam
    private var states = StateTable<MuonState>()
    private var workspaces: [MatrixShape: NewtonSchulzWorkspace] = [:]
    private var spectral = SpectralNormDecay()

    /// `config.kind` picks the variant and must be `.muon` or `.moonlight`. `adamw` handles the other parameters;
    /// pass the bank's Adam so switching Adam → Muon → Adam keeps one set of moments for them.
    public init(config: OptimizerConfig, adamw: Adam? = nil) {
        precondition(config.kind == .muon || config.kind == .moonlight, "Muon needs kind .muon or .moonlight")
        kind = config.kind
        self.config = config
        self.adamw = adamw ?? Adam(config: config)
    }

    public func step(_ params: [Parameter], lrScale: Float) {
        adamw.config = config
        let hiddenLR = config.hiddenLR(for: kind) * lrScale
        let sideLR = config.lr * lrScale
        for p in params {
            if p.role.isHiddenMatrix { update(p, lr: hiddenLR) } else { adamw.update(p, lr: sideLR) }
        }
        if config.spectralDecay > 0 { spectral.apply(params, lr: hiddenLR, lambda: config.spectralDecay) }
        stepCount += 1
    }

    /// The factor on the orthogonalised update: √max(1, rows/cols) (muon.py) or 0.2·√max(rows, cols)
    /// (Moonlight's adjust_lr_for_muon, matching AdamW's update RMS ≈ 0.2 so its lr and wd carry over).
    func updateScale(rows: Int, cols: Int) -> Float {
        switch kind {
        case .moonlight: 0.2 * Float(max(rows, cols)).squareRoot()
        default: Float(max(1, Double(rows) / Double(cols))).squareRoot()
        }
    }

    private func update(_ p: Parameter, lr: Float) {
        let rows = p.value.rows, cols = p.value.cols
        let s = states.state(for: p, valid: { $0.buf.rows == rows && $0.buf.cols == cols },
                             make: { MuonState(rows: rows, cols: cols) })
        let shape = MatrixShape(rows: rows, cols: cols)
        let ws: NewtonSchulzWorkspace
        if let w = workspaces[shape] {
            ws = w
        } else {
            ws = NewtonSchulzWorkspace(rows: rows, cols: cols)
            workspaces[shape] = ws
        }
        let beta = config.muonMomentum
        let n = p.count
        // muon.py muon_update: buf.lerp_(g, 1 − β); Nesterov (its default, always on here) u = g.lerp(buf, β) = (1 − β)·g + β·buf.
        p.grad.data.withUnsafeBufferPointer { gb in
            s.buf.data.withUnsafeMutableBufferPointer { bb in
                ws.input.data.withUnsafeMutableBufferPointer { ub in
                    let g = gb.baseAddress!, b = bb.baseAddress!, u = ub.baseAddress!
                    var i = 0
                    while i < n {
                        let k = min(8, n - i)
                        let gi = loadPartial(g, i, k)
                        let bi = beta * loadPartial(b, i, k) + (1 - beta) * gi
                        storePartial(bi, b, i, k)
                        storePartial((1 - beta) * gi + beta * bi, u, i, k)
                        i += 8
                    }
                }
            }
        }
        ws.run(steps: config.nsSteps)
        // muon.py: p ← p·(1 − lr·wd) − lr·scale·X (Moonlight decays with the unadjusted lr too).
        let decay = 1 - lr * config.weightDecay
        let stepSize = lr * updateScale(rows: rows, cols: cols)
        let x = ws.result
        x.data.withUnsafeBufferPointer { xb in
            p.value.data.withUnsafeMutableBufferPointer { pb in
                let o = xb.baseAddress!, w = pb.baseAddress!
                var i = 0
                while i < n {
                    let k = min(8, n - i)
                    storePartial(loadPartial(w, i, k) * decay - stepSize * loadPartial(o, i, k), w, i, k)
                    i += 8
                }
            }
        }
    }

    /// The AdamW side's state for `p`, for tests.
    func adamMoments(of p: Parameter) -> (m: Matrix, v: Matrix, t: Int)? { adamw.moments(of: p) }

    /// The momentum buffer of a hidden matrix, for tests.
    func momentum(of p: Parameter) -> Matrix? { states.existing(p)?.buf }
}
