import Models

/// The panes a dashboard can show; Tab cycles focus through the visible ones.
enum PaneID: String, CaseIterable, Sendable {
    case loss, samples, stats
    /// Physics: the scene, the numbers, and (Kepler) the conservation-drift chart.
    case scene, readouts, drift
}

/// The whole UI state: a value, changed only by `update`.
struct AppState: Sendable {
    var presetName: String
    var description: String
    var glyphs: GlyphMode
    var width = 0
    var height = 0

    // Training, as last reported by the trainer.
    var paused = false
    var step = 0
    var optimizer: OptimizerKind
    var lr: Float
    var batch: Int
    var samplerSteps: Int
    var dataset: Dataset
    var trajectoriesOn = true
    var loss = LossHistory()
    /// The loss axis follows the data in log space: grows at once, shrinks slowly.
    var lossScale = AutoScale(shrinkRate: 0.1, padding: 0.04)
    var lossRange: ClosedRange<Double>?
    var switches: [(step: Int, to: OptimizerKind)] = []
    var snapshot: Snapshot?
    var stepsPerSecond: Double = 0
    var rateWindow: [(time: Double, step: Int)] = []
    var diverged: String?

    // Interface.
    var panes: [PaneID] = [.loss, .samples, .stats]
    var focus: PaneID = .loss
    var zoomed = false
    var showHelp = false
    var notice: (text: String, until: Double)?
    var now: Double = 0
    var saveCount = 0
    var quitting = false

    /// Physics demos step frames in the UI loop instead of training.
    var demo: PhysicsDemo?

    init(preset: Preset, glyphs: GlyphMode) {
        presetName = preset.name
        description = preset.description
        self.glyphs = glyphs
        let schema = Set(preset.experiment.schema.map(\.name))
        let optimizer = OptimizerConfig(preset: preset, keys: schema)
        self.optimizer = optimizer.kind
        lr = optimizer.hiddenLR(for: optimizer.kind)
        batch = schema.contains("batch") ? preset.int("batch") : 0
        samplerSteps = schema.contains("sampler_steps") ? preset.int("sampler_steps") : 32
        dataset = schema.contains("dataset") ? preset.choice("dataset", as: Dataset.self) : .gaussians8
        if let demo = PhysicsDemo(preset: preset) {
            self.demo = demo
            if case .kepler = demo {
                panes = [.scene, .readouts, .drift]
            } else {
                panes = [.scene, .readouts]
            }
            focus = .scene
        }
    }

    /// The key bindings in force (help overlay and status bar).
    var bindings: [KeyBinding] {
        guard let demo else { return Keymap.training }
        if case .kepler = demo { return PhysicsKeymap.bindings(kepler: true) }
        return PhysicsKeymap.bindings(kepler: false)
    }

    /// Text shown in the status line for a few seconds.
    mutating func say(_ text: String, seconds: Double = 3) {
        notice = (text, now + seconds)
    }
}
