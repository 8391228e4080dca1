import Models

/// Lab's registry: which dashboard each experiment family opens, what the live program runs beside it, and how it runs
/// headless. The families themselves (kinds, keys, rules, what they run) are declared in Models; this file is the only
/// place in Lab that looks at a preset's experiment.
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

    /// The dashboard of each Models family, by the family's name: one line a family.
    static let dashboards: [String: @Sendable (Preset) -> any Dashboard] = [
        "flow": { _ in FlowDashboard() },
        "MoE": { MoEDashboard(MoEConfig(preset: $0)) },
        "one-step": { p in
            let option = p.experiment.member?.liveOption("lambda")
            return OneStepDashboard(lambda: option.map { _ in Double(OneStepConfig(preset: p).lambda) }, values: option?.values.compactMap(Double.init) ?? [])
        },
        "diffusion": { p in DiffusionView(p.experiment == .cfg ? .cfg : p.experiment == .ddcm ? .ddcm : .ddpm, DiffusionConfig(preset: p)) },
        "TARFLOW": { FlowView(sigma: Double(TARFlowConfig(preset: $0).sigma)) },
        "VQ": { VQView(VQConfig(preset: $0)) },
        "EMA": { PracticeDashboard(.classifier, core: CoreSettings(preset: $0)) },
        "accumulation": { PracticeDashboard(.contrastive, core: CoreSettings(preset: $0), embedDim: ContrastiveConfig(preset: $0).dim) },
        "sweeps": { SweepView(preset: $0) },
        "muP": { MuPView(preset: $0) },
        "memory": { CheckpointView(study: CheckpointStudy(preset: $0), measurements: []) },
        "physics": { p in
            p.experiment == .pursuit ? PhysicsDemo.pursuit(FramePlayer(PursuitSimulation(config: PursuitConfig(preset: p))))
                : p.experiment == .kepler ? .kepler(FramePlayer(KeplerSimulation(config: KeplerConfig(preset: p))))
                : .curvature(FramePlayer(CurveSimulation(config: CurveConfig(preset: p))))
        },
    ]

    /// The family's name in the picker.
    static func familyName(_ p: Preset) -> String { p.experiment.family?.name ?? p.kindName }

    static func dashboard(for p: Preset) -> any Dashboard { dashboards[familyName(p)]?(p) ?? FlowDashboard() }

    static func headless(_ p: Preset) -> Headless {
        switch p.experiment.member?.runs {
        case .cells?: p.experiment == .mup ? .mup : .sweep
        case .frames?: .physics
        case .study?: .checkpoint
        case .race?: .race
        case .method?, nil: .training
        }
    }

    /// Whether the live dashboard has a claim's metrics: a training run's evaluations do; sweeps' fits, physics,
    /// studies and races only exist in their headless files.
    static func claimsLive(_ p: Preset) -> Bool { headless(p) == .training }

    /// What to run beside the dashboard of `p`.
    static func live(_ p: Preset, library: PresetLibrary, teachers: PhaseCacheFolder? = nil) throws -> Live {
        switch headless(p) {
        case .training:
            guard let e = p.makeExperiment(teachers: teachers) else { throw CommandError("\(p.source): experiment '\(p.kindName)' has no dashboard yet") }
            return .trainer(e)
        case .sweep: return .sweep(ScalingConfig(preset: p))
        case .mup: return .mup(MuPConfig(preset: p))
        case .physics: return .frames
        case .checkpoint: return .study(CheckpointStudy(preset: p))
        case .race: return .race(try RaceSpec(preset: p, library: library))
        }
    }

    /// Every preset of the library with its family, for the picker (unreadable ones are skipped).
    static func catalogue(_ library: PresetLibrary) -> [PresetEntry] {
        library.names.compactMap { name in
            (try? library.load(name)).map { PresetEntry(name: name, family: familyName($0), description: $0.description) }
        }
    }
}
