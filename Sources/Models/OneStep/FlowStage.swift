import Foundation

/// A rectified flow (Liu et al. 2022) trained by flow matching for one phase — the 1-RF on data, a k-RF on fixed
/// pairs, or the k-RF's one-step distillation at t = 1 — with the exponential moving average of its weights, which
/// is the flow that samples, draws pairs and teaches (as the RF and EDM image code keep one).
final class FlowStage {
    let net: FlowNet
    private let ema: WeightEMA?
    private let averagedNet: FlowNet?
    private var flowMatching = FlowMatching()

    /// `emaDecay` 0 keeps no average: `flow` is `net` itself.
    init(net: FlowNet, emaDecay: Float) {
        self.net = net
        if emaDecay > 0 {
            let shadow = net.clone()
            averagedNet = shadow
            ema = WeightEMA(source: net, shadow: shadow, decay: emaDecay)
        } else {
            averagedNet = nil
            ema = nil
        }
    }

    /// A fresh net of the settings' shape from the RNG stream `stream`.
    convenience init(settings: CoreSettings, stream: UInt64, emaDecay: Float) {
        var r = RNG(seed: settings.seed, stream: stream)
        self.init(net: FlowNet(settings: settings, rng: &r), emaDecay: emaDecay)
    }

    /// The flow that samples and teaches: the weight average when kept.
    var flow: FlowNet { averagedNet ?? net }
    var isFinite: Bool { net.allFinite && (averagedNet?.allFinite ?? true) }
    /// The trained weights, then their average.
    var parameters: [Parameter] { net.parameters + (averagedNet?.parameters ?? []) }

    func group(_ name: String, _ config: OptimizerConfig) -> ParameterGroup {
        ParameterGroup(name: name, parameters: net.parameters, config: config)
    }

    /// One flow-matching step on a batch of pairs (data x0, noise x1) at times drawn by `time`, then the group's
    /// update and the EMA.
    func trainStep(_ ctx: MethodContext, group: String, time: (inout RNG) -> Float = { $0.uniformFloat() },
                   pair: (Int, inout RNG) -> (x0: SIMD2<Float>, x1: SIMD2<Float>)) -> Float {
        let loss = flowMatching.lossAndGradient(net, rows: ctx.batch, rng: &ctx.rng, time: time, pair: pair)
        ctx.update(group)
        ema?.update()
        return loss
    }

    /// One step of the 1-RF: data against fresh noise.
    func trainOnData(_ ctx: MethodContext, group: String) -> Float {
        trainStep(ctx, group: group) { _, r in (ctx.data.next(), SIMD2(r.normalFloat(), r.normalFloat())) }
    }
}

/// A fixed coupling (z, x = ODE(z)) of a trained flow (Liu et al. 2022): noise from its own RNG stream, endpoints by
/// `steps` Euler steps, drawn in chunks so the UI can say how far along it is.
struct Coupling {
    let noise: [Float]
    let endpoints: [Float]

    init(flow: VelocityField, count: Int, steps: Int, seed: UInt64, stream: UInt64, context: MethodContext?, label: String) {
        var r = RNG(seed: seed, stream: stream)
        noise = (0..<(2 * count)).map { _ in r.normalFloat() }
        let chunk = 2048
        var out: [Float] = []
        out.reserveCapacity(noise.count)
        var done = 0
        while done < count && !EvaluationCancellation.requested {
            let n = min(chunk, count - done)
            context?.progress("\(label) \(done / 1000)k/\(count / 1000)k")
            out += integrateFlowFinal(flow, noise: Array(noise[(2 * done)..<(2 * (done + n))]), steps: steps)
            done += n
        }
        context?.progress(nil)
        // A quit cut it short: the pairs are never used, but keep them whole.
        out += [Float](repeating: 0, count: noise.count - out.count)
        endpoints = out
    }

    var count: Int { noise.count / 2 }

    /// A random pair as flow matching takes it: (data end x0, noise end x1).
    @inline(__always)
    func randomPair(_ r: inout RNG) -> (x0: SIMD2<Float>, x1: SIMD2<Float>) {
        let k = r.int(below: count)
        return (SIMD2(endpoints[2 * k], endpoints[2 * k + 1]), SIMD2(noise[2 * k], noise[2 * k + 1]))
    }
}

