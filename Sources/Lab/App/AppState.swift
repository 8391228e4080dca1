import Models

/// The panes a dashboard can show; Tab cycles focus through the visible ones.
enum PaneID: String, CaseIterable, Sendable {
    case loss, samples, stats
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

    init(preset: Preset, config: ReFlowConfig, glyphs: GlyphMode) {
        presetName = preset.name
        description = preset.description
        self.glyphs = glyphs
        optimizer = config.optimizer.kind
        lr = config.optimizer.kind == .muon ? config.optimizer.muonLR : config.optimizer.lr
        batch = config.batch
        samplerSteps = config.samplerSteps
        dataset = config.dataset
    }

    /// Text shown in the status line for a few seconds.
    mutating func say(_ text: String, seconds: Double = 3) {
        notice = (text, now + seconds)
    }
}
