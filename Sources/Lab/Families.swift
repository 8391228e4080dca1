import Models

/// The registry of experiment families: the one place in Lab that knows which family a preset belongs to, and so
/// which dashboard it opens, what the live program runs beside it, and how it runs headless. Adding a family is one
/// line in `family(of:)`.
enum Families {
    /// What the live program runs beside a dashboard.
    enum Live {
        /// A training experiment on the trainer thread.
        case trainer(Experiment)
        /// A pool of sweep cells.
        case sweep(ScalingConfig), mup(MuPConfig)
        /// Frames stepped by the dashboard itself (physics).
        case frames
        /// A study measured in the background, then shown.
        case study(CheckpointStudy)
        /// Two training runs side by side (its own dashboard).
        case race(RaceSpec)
    }

    /// How a family runs headless (`lab run`).
    enum Headless { case training, physics, sweep, mup, checkpoint, race }

    /// One family: its name in the preset picker, its dashboard for a preset, its headless run.
    struct Family: Sendable {
        var name: String
        var headless: Headless
        var dashboard: @Sendable (Preset) -> any Dashboard
    }

    static func family(of p: Preset) -> Family {
        switch p.experiment {
        case .reflow, .flowAccumulation: return Family(name: "flow", headless: .training) { _ in FlowDashboard() }
        case .moeBalance: return Family(name: "MoE", headless: .training) { MoEDashboard(MoEConfig(preset: $0)) }
        case .reflow2, .shortcut, .consistency, .distill:
            return Family(name: "one-step", headless: .training) { _ in OneStepDashboard(lambda: nil) }
        case .sid: return Family(name: "one-step", headless: .training) { OneStepDashboard(lambda: Double(OneStepConfig(preset: $0).lambda)) }
        case .ddpm: return Family(name: "diffusion", headless: .training) { DiffusionView(.ddpm, DiffusionConfig(preset: $0)) }
        case .cfg: return Family(name: "diffusion", headless: .training) { DiffusionView(.cfg, DiffusionConfig(preset: $0)) }
        case .ddcm: return Family(name: "diffusion", headless: .training) { DiffusionView(.ddcm, DiffusionConfig(preset: $0)) }
        case .tarflow: return Family(name: "TARFLOW", headless: .training) { FlowView(sigma: Double(TARFlowConfig(preset: $0).sigma)) }
        case .vq: return Family(name: "VQ", headless: .training) { VQView(VQConfig(preset: $0)) }
        case .spiralClassifier: return Family(name: "practice", headless: .training) { PracticeDashboard(.classifier, core: CoreSettings(preset: $0)) }
        case .infonce:
            return Family(name: "practice", headless: .training) { PracticeDashboard(.contrastive, core: CoreSettings(preset: $0), embedDim: ContrastiveConfig(preset: $0).dim) }
        case .lrBatchScaling: return Family(name: "sweeps", headless: .sweep) { SweepView(preset: $0) }
        case .mup: return Family(name: "muP", headless: .mup) { MuPView(preset: $0) }
        case .checkpointing: return Family(name: "memory", headless: .checkpoint) { CheckpointView(study: CheckpointStudy(preset: $0), measurements: []) }
        case .pursuit: return Family(name: "physics", headless: .physics) { PhysicsDemo.pursuit(FramePlayer(PursuitSimulation(config: PursuitConfig(preset: $0)))) }
        case .kepler: return Family(name: "physics", headless: .physics) { PhysicsDemo.kepler(FramePlayer(KeplerSimulation(config: KeplerConfig(preset: $0)))) }
        case .curvature: return Family(name: "physics", headless: .physics) { PhysicsDemo.curvature(FramePlayer(CurveSimulation(config: CurveConfig(preset: $0)))) }
        case .race: return Family(name: "race", headless: .race) { _ in FlowDashboard() }
        }
    }

    static func dashboard(for p: Preset) -> any Dashboard { family(of: p).dashboard(p) }

    /// What to run beside the dashboard of `p`.
    static func live(_ p: Preset, library: PresetLibrary) throws -> Live {
        switch family(of: p).headless {
        case .training:
            guard let e = p.makeExperiment() else { throw CommandError("\(p.source): experiment '\(p.kindName)' has no dashboard yet") }
            return .trainer(e)
        case .sweep: return .sweep(ScalingConfig(preset: p))
        case .mup: return .mup(MuPConfig(preset: p))
        case .physics: return .frames
        case .checkpoint: return .study(CheckpointStudy(preset: p))
        case .race: return .race(try RaceSpec(preset: p, library: library))
        }
    }

    /// Every preset of the library with its family, for the picker and `lab presets` (unreadable ones are skipped).
    static func catalogue(_ library: PresetLibrary) -> [PresetEntry] {
        library.names.compactMap { name in
            (try? library.load(name)).map { PresetEntry(name: name, family: family(of: $0).name, description: $0.description) }
        }
    }
}
