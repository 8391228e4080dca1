import Models

/// A pane of a dashboard, named; each family declares its own beside its dashboard. Tab cycles focus through them.
struct PaneID: RawRepresentable, Hashable, Sendable {
    var rawValue: String
    init(rawValue: String) { self.rawValue = rawValue }
    init(_ name: String) { rawValue = name }

    /// The panes every training dashboard can show.
    static let loss = PaneID("loss"), samples = PaneID("samples"), stats = PaneID("stats"), quality = PaneID("quality")
}

/// The whole UI state: what every dashboard shares, plus the one dashboard on screen. A value, changed only by `update`.
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
    /// The live picture samples the exact model (`x`).
    var exactLive = false
    var loss = LossHistory()
    /// The experiment's shape, groups, evaluations and markers, as the trainer reported them.
    var training = TrainingView()
    var snapshot: Snapshot?
    var stepsPerSecond: Double = 0
    var rateWindow: [(time: Double, step: Int)] = []
    var diverged: String?
    /// Names of `StepMetrics.extra`, from the experiment.
    var extraNames: [String] = []
    /// The preset's claims, checked live against the newest evaluation where the dashboard has the metrics.
    var claims: ClaimsView

    // Interface.
    var focus: PaneID
    var zoomed = false
    var showHelp = false
    var notice: (text: String, until: Double)?
    var now: Double = 0
    var saveCount = 0
    var quitting = false
    /// A recording of this run is being written (R).
    var recording = false
    /// Every preset `p` can open (name, family, description), and the picker while it is open.
    var catalogue: [PresetEntry] = []
    var picker: PresetPicker?

    /// The family's dashboard: its panes, layout, keys and own state.
    var dashboard: any Dashboard

    init(preset: Preset, glyphs: GlyphMode) {
        presetName = preset.name
        description = preset.description
        self.glyphs = glyphs
        let core = CoreSettings(preset: preset)
        optimizer = core.optimizer.kind
        lr = core.optimizer.hiddenLR(for: core.optimizer.kind)
        batch = core.batch
        samplerSteps = core.samplerSteps
        dataset = core.dataset
        claims = ClaimsView(claims: preset.claims, budget: preset.steps, live: Families.claimsLive(preset))
        dashboard = Families.dashboard(for: preset)
        focus = dashboard.panes.first ?? .loss
    }

    /// The panes of the dashboard, in Tab order.
    var panes: [PaneID] { dashboard.panes }

    /// Text shown in the status line for a few seconds.
    mutating func say(_ text: String, seconds: Double = 3) {
        notice = (text, now + seconds)
    }

    /// A fresh state for another preset that keeps the interface (size, glyphs, the catalogue) and what the new
    /// dashboard takes over from the old one.
    func switching(to preset: Preset, extraNames: [String]) -> AppState {
        var s = AppState(preset: preset, glyphs: glyphs)
        s.width = width
        s.height = height
        s.extraNames = extraNames
        s.catalogue = catalogue
        s.dashboard.inherit(from: dashboard)
        s.now = now
        s.say("training \(preset.name)")
        return s
    }
}
