import CKernels
import Foundation

/// Adam's moments for one parameter, preallocated so a step allocates nothing.
final class AdamState {
    var m: Matrix
    var v: Matrix
    var t = 0
    init(rows: Int, cols: Int) {
        m = Matrix(rows: rows, cols: cols)
        v = Matrix(rows: rows, cols: cols)
    }
}

/// Adam with decoupled weight decay (AdamW); also the side optimizer of Muon and Moonlight.
public final class Adam: ParameterwiseOptimizer, ConfigurableOptimizer {
    public let kind: OptimizerKind = .adam
    private var states = StateTable<AdamState>()

    public override init(config: OptimizerConfig) { super.init(config: config) }

    /// One AdamW update of `p` with learning rate `lr`, using this optimizer's betas, ε and weight decay.
    override func update(_ p: Parameter, lr: Float) {
        let s = states.state(for: p, valid: { $0.m.rows == p.value.rows && $0.m.cols == p.value.cols },
                             make: { AdamState(rows: p.value.rows, cols: p.value.cols) })
        s.t += 1
        let b1 = config.beta1, b2 = config.beta2, eps = config.eps
        // Loshchilov & Hutter 2019 (AdamW), as torch.optim.AdamW: p ← p·(1 − lr·wd) − lr·m̂/(√v̂ + ε),
        // with m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ) written as step = lr/(1 − β1ᵗ), √v̂ = √v/√(1 − β2ᵗ).
        let bc1 = 1 - pow(Double(b1), Double(s.t))
        let bc2 = 1 - pow(Double(b2), Double(s.t))
        let stepSize = Float(Double(lr) / bc1)
        let invSqrtBc2 = Float(1 / bc2.squareRoot())
        let decay = 1 - lr * config.weightDecay
        let n = p.count
        if nativeKernels {
            p.grad.data.withUnsafeBufferPointer { gb in
                p.value.data.withUnsafeMutableBufferPointer { pb in
                    s.m.data.withUnsafeMutableBufferPointer { mb in
                        s.v.data.withUnsafeMutableBufferPointer { vb in
                            ck_adam(pb.baseAddress!, gb.baseAddress!, mb.baseAddress!, vb.baseAddress!, n,
                                    b1, b2, eps, stepSize, invSqrtBc2, decay)
                        }
                    }
                }
            }
            return
        }
        p.grad.data.withUnsafeBufferPointer { gb in
            p.value.data.withUnsafeMutableBufferPointer { pb in
                s.m.data.withUnsafeMutableBufferPointer { mb in
                    s.v.data.withUnsafeMutableBufferPointer { vb in
                        let g = gb.baseAddress!, w = pb.baseAddress!, m = mb.baseAddress!, v = vb.baseAddress!
                        var i = 0
                        while i < n {
                            let k = min(8, n - i)
                            let gi = loadPartial(g, i, k)
                            let mi = b1 * loadPartial(m, i, k) + (1 - b1) * gi
                            let vi = b2 * loadPartial(v, i, k) + (1 - b2) * gi * gi
                            let denom = laneSqrt(vi) * invSqrtBc2 + eps
                            let wi = loadPartial(w, i, k) * decay - stepSize * mi / denom
                            storePartial(mi, m, i, k)
                            storePartial(vi, v, i, k)
                            storePartial(wi, w, i, k)
                            i += 8
                        }
                    }
                }
            }
        }
    }

    /// Moments and step count of `p` (nil before its first step), for tests.
    func moments(of p: Parameter) -> (m: Matrix, v: Matrix, t: Int)? {
        states.existing(p).map { ($0.m, $0.v, $0.t) }
    }
}
