extension ExperimentKind {
    public static let reflow2 = ExperimentKind("reflow2"), shortcut = ExperimentKind("shortcut"), consistency = ExperimentKind("consistency")
    public static let sid = ExperimentKind("sid"), distill = ExperimentKind("distill")
}

/// One-step generators: each method takes the core's keys and only the one-step keys it reads (reflow2 has no
/// `sid_tmax`).
extension ExperimentFamily {
    public static let oneStep = ExperimentFamily("one-step", [
        member(.reflow2, flowNets: true, ["teacher_steps", "flow_ema", "pairs", "pair_steps", "reflow_init"]) { ReFlow2Method(settings: $1, config: $0) },
        member(.shortcut, ["bootstrap_fraction", "shortcut_levels", "bootstrap_ema", "sample_ema"]) { ShortcutMethod(settings: $1, config: $0) },
        member(.consistency, ["sigma_min", "sigma_max", "rho", "s0", "s1", "p_mean", "p_std", "teacher_ema", "dropout", "sample_ema"]) {
            ConsistencyMethod(settings: $1, config: $0)
        },
        member(.sid, flowNets: true, ["teacher_steps", "flow_ema", "lambda", "sid_init_sigma", "sid_tmax", "sid_time", "sid_fake_loss", "fake_steps", "generator_lr",
                      "sid_beta1", "generator_ema", "generator_ema_rampup"], live: [LiveOption("lambda", ["0.5", "1.0", "1.2"])]) { SiDMethod(settings: $1, config: $0) },
        member(.distill, flowNets: true, ["teacher_steps", "flow_ema", "pairs", "pair_steps", "reflow_k", "reflow_steps"]) { DistillMethod(settings: $1, config: $0) },
    ])

    /// The one-step keys the 1-RF teacher phase reads; a member with a teacher caches it, keyed by every other key
    /// but its own method's.
    static let teacherKeys: Set<String> = ["teacher_steps", "flow_ema"]

    /// `flowNets`: the method's nets are `FlowNet`s, so it takes the position-feature keys.
    private static func member(_ kind: ExperimentKind, flowNets: Bool = false, _ own: [String], live: [LiveOption] = [],
                               _ make: @escaping @Sendable (OneStepConfig, CoreSettings) -> GenerativeMethod) -> Member {
        Member(kind, keys: CoreSettings.training + CoreSettings.optimizerKeys + CoreSettings.flow + CoreSettings.snapshot
                   + (flowNets ? CoreSettings.inputFeatureKeys : []) + OneStepConfig.keys(own),
               runs: .method { p, s in make(OneStepConfig(preset: p), s) }, liveOptions: live,
               firstPhase: own.contains("teacher_steps") ? FirstPhaseCaching(ignores: Set(own).subtracting(teacherKeys)) : nil)
    }
}
