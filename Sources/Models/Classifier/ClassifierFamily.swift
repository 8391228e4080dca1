extension ExperimentKind {
    public static let spiralClassifier = ExperimentKind("spiral-classifier")
}

/// The spiral classifier: the weight EMA beside the raw weights on a noisy iterate.
extension ExperimentFamily {
    public static let classifier = ExperimentFamily("EMA", [
        Member(.spiralClassifier, keys: CoreSettings.training + CoreSettings.optimizerKeys + CoreSettings.keys(["hidden"]) + SpiralSettings.keys,
               runs: .method { p, s in SpiralClassifierMethod(settings: s, shape: SpiralClasses.Shape(preset: p)) }),
    ])
}
