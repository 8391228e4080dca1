extension ExperimentKind {
    public static let reflow = ExperimentKind("reflow"), flowAccumulation = ExperimentKind("flow-accumulation")
}

/// Rectified flow on 2D data (Adam vs Muon, the weight EMA), and the same flow under gradient accumulation.
extension ExperimentFamily {
    public static let flow = ExperimentFamily("flow", [
        Member(.reflow, keys: keys, runs: .method { _, s in ReFlowMethod(settings: s) }),
        Member(.flowAccumulation, keys: keys, runs: .method { _, s in FlowAccumulationCheck(ReFlowMethod(settings: s)) }),
    ])

    private static let keys = CoreSettings.training + CoreSettings.optimizerKeys + CoreSettings.flow + CoreSettings.inputFeatureKeys
}

extension Preset {
    /// The generative method the preset names, built on the core's settings (nil for experiments that do not train).
    public func makeMethod() -> GenerativeMethod? {
        guard case .method(let make)? = experiment.member?.runs else { return nil }
        return make(self, CoreSettings(preset: self))
    }

    /// A fresh trainable experiment for this preset, or nil for experiments that do not train (physics, sweeps).
    public func makeExperiment() -> Experiment? {
        makeMethod().map { GenerativeExperiment(settings: CoreSettings(preset: self), method: $0) }
    }

    /// The same, starting from its first phase's end when `teachers` holds it, and saving that end there otherwise
    /// (a one-step method's teacher: `FirstPhaseCache`); nil `teachers` trains everything.
    public func makeExperiment(teachers: PhaseCacheFolder?) -> Experiment? {
        let e = makeExperiment()
        if let g = e as? GenerativeExperiment, let c = teachers?.cache(for: self) {
            g.phaseCache = c
            g.resumeOrAnnounce()
        }
        return e
    }
}
