/// Step counts whose samples a headless run writes (samples_M.csv) and evaluates (kl_M, …).
public let oneStepEvalSteps = [1, 2, 4, 8, 128]

/// Step counts of the live "quality vs steps" curve.
public let oneStepCurveSteps = [1, 2, 4, 8, 16, 32, 64, 128]

/// The sampler of a few-step generator that draws with any of `supported` step counts (no paths).
func fewStepSampler(_ name: String, supported: [Int], generate: @escaping (_ noise: [Float], _ steps: Int) -> [Float]) -> Sampler {
    Sampler(name: name, prefix: "", evalSteps: oneStepEvalSteps.filter(supported.contains),
            curveSteps: oneStepCurveSteps.filter(supported.contains), maxSteps: supported.max() ?? 1) { noise, steps, _ in
        SampleRun(final: generate(noise, steps))
    }
}

/// The teacher's own samples at `settings.evalSteps` Euler steps, beside its student's (frozen once its phase is over);
/// its one-point curve is the teacher's level in the steps-vs-quality chart.
func teacherSampler(_ net: FlowNet, name: String = "1-RF teacher", settings: CoreSettings, frozen: Bool) -> Sampler {
    flowSampler(net, name: name, prefix: "teacher_", method: settings.sampler, evalSteps: [settings.evalSteps],
                curveSteps: [settings.evalSteps], frozen: frozen)
}

/// The lab's flow time of an EDM noise level (the one boundary between the conventions): x_t = (1−t)·x0 + t·ε is
/// (1−t)·(x0 + σ·ε) with σ = t/(1−t), so t = σ/(1 + σ).
public func flowTime(sigma s: Float) -> Float { s / (1 + s) }

/// The data's RMS σ_d (≈ 2.87 for 8 Gaussians), to which image-unit noise levels are scaled (σ_d = 0.5 for images).
public func dataScale(_ settings: CoreSettings) -> Float {
    var r = RNG(seed: settings.seed, stream: 8)
    return rootMeanSquare(settings.dataset.sample(count: 10_000, rng: &r))
}

/// Euler samples of a flow (t = 1 noise → t = 0 data), final positions only.
func eulerSamples(_ field: VelocityField, noise: [Float], steps: Int) -> [Float] {
    integrateFlowFinal(field, noise: noise, steps: steps)
}

/// Mean of ‖x − z‖² over a coupling of noise z and samples x (flat n×2 each).
public func transportCost(noise z: [Float], samples x: [Float]) -> Double {
    var s = 0.0
    for j in z.indices {
        let d = Double(x[j] - z[j])
        s += d * d
    }
    return s / Double(max(z.count / 2, 1))
}

extension FlowNet {
    /// A new net of the same shape holding a copy of this one's weights (students and EMA shadows start so).
    func clone() -> FlowNet {
        var r = RNG(seed: 0)
        let c = FlowNet(hidden: mlp.shape.hidden, activation: mlp.shape.activation, time: time, features: features, rng: &r)
        c.load(values: copyValues())
        return c
    }
}
