extension ExperimentKind {
    public static let infonce = ExperimentKind("infonce")
}

/// InfoNCE under gradient accumulation: naive micro-batches against GradCache's exact accumulation.
extension ExperimentFamily {
    public static let contrastive = ExperimentFamily("accumulation", [
        Member(.infonce, keys: CoreSettings.training + CoreSettings.optimizerKeys + CoreSettings.keys(["dataset", "hidden", "activation"])
                  + ContrastiveConfig.keys,
               runs: .method { p, s in InfoNCEMethod(settings: s, config: ContrastiveConfig(preset: p)) }),
    ])
}
