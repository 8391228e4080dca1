extension Preset {
    /// A fresh trainable experiment for this preset, or nil for experiments that do not train (physics, sweeps).
    public func makeExperiment() -> Experiment? {
        makeMethod().map { GenerativeExperiment(settings: CoreSettings(preset: self), method: $0) }
    }

    /// The generative method the preset names, built on the core's settings.
    public func makeMethod() -> GenerativeMethod? {
        let s = CoreSettings(preset: self)
        switch experiment {
        case .reflow: return ReFlowMethod(settings: s)
        case .moeBalance: return MoEFlowMethod(settings: s, config: MoEConfig(preset: self))
        case .reflow2: return ReFlow2Method(settings: s, config: OneStepConfig(preset: self))
        case .shortcut: return ShortcutMethod(settings: s, config: OneStepConfig(preset: self))
        case .consistency: return ConsistencyMethod(settings: s, config: OneStepConfig(preset: self))
        case .sid: return SiDMethod(settings: s, config: OneStepConfig(preset: self))
        case .infonce: return InfoNCEMethod(settings: s, config: ContrastiveConfig(preset: self))
        case .flowAccumulation: return FlowAccumulationCheck(ReFlowMethod(settings: s))
        case .spiralClassifier: return SpiralClassifierMethod(settings: s, shape: SpiralClasses.Shape(preset: self))
        case .distill: return DistillMethod(settings: s, config: OneStepConfig(preset: self))
        case .ddpm, .cfg, .ddcm: return makeDiffusionMethod(s)
        case .tarflow: return TARFlowMethod(settings: s, config: TARFlowConfig(preset: self))
        case .vq: return VQMethod(settings: s, config: VQConfig(preset: self))
        case .pursuit, .kepler, .lrBatchScaling, .mup, .race, .curvature, .checkpointing: return nil
        }
    }
}
