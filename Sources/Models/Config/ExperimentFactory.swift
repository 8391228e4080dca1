extension Preset {
    /// A fresh trainable experiment for this preset, or nil for experiments that do not train (physics).
    public func makeExperiment() -> Experiment? {
        switch experiment {
        case .reflow: ReFlowExperiment(config: ReFlowConfig(preset: self))
        case .moeBalance: MoEBalanceExperiment(config: MoEBalanceConfig(preset: self))
        case .pursuit, .kepler, .lrBatchScaling: nil
        case .reflow2: ReFlow2Experiment(config: OneStepConfig(preset: self))
        case .shortcut: ShortcutExperiment(config: OneStepConfig(preset: self))
        case .consistency: ConsistencyExperiment(config: OneStepConfig(preset: self))
        case .sid: SiDExperiment(config: OneStepConfig(preset: self))
        }
    }
}
