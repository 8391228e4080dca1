/// SGD's momentum buffer for one parameter.
final class SGDState {
    var buf: Matrix
    init(rows: Int, cols: Int) { buf = Matrix(rows: rows, cols: cols) }
}

/// SGD with heavy-ball or Nesterov momentum and optional decoupled weight decay.
public final class SGD: ParameterwiseOptimizer, ConfigurableOptimizer {
    public let kind: OptimizerKind = .sgd
    private var states = StateTable<SGDState>()

    public override init(config: OptimizerConfig) { super.init(config: config) }

    override func update(_ p: Parameter, lr: Float) {
        let s = states.state(for: p, valid: { $0.buf.rows == p.value.rows && $0.buf.cols == p.value.cols },
                             make: { SGDState(rows: p.value.rows, cols: p.value.cols) })
        let mu = config.momentum, nesterov = config.nesterov
        let decay = 1 - lr * config.weightDecay
        let n = p.count
        // torch.optim.SGD (dampening 0): buf ← μ·buf + g; d = nesterov ? g + μ·buf : buf; p ← p − lr·d.
        p.grad.data.withUnsafeBufferPointer { gb in
            p.value.data.withUnsafeMutableBufferPointer { pb in
                s.buf.data.withUnsafeMutableBufferPointer { bb in
                    let g = gb.baseAddress!, w = pb.baseAddress!, b = bb.baseAddress!
                    var i = 0
                    while i < n {
                        let k = min(8, n - i)
                        let gi = loadPartial(g, i, k)
                        let bi = mu * loadPartial(b, i, k) + gi
                        let d = nesterov ? gi + mu * bi : bi
                        storePartial(bi, b, i, k)
                        storePartial(loadPartial(w, i, k) * decay - lr * d, w, i, k)
                        i += 8
                    }
                }
            }
        }
    }
}
