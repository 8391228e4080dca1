import Models

/// One row of a dashboard's key table: `?` lists it, the footer shows its hint, `update` runs its action. Help, footer
/// and behaviour come from the same row, so they cannot disagree.
struct KeyAction: Sendable {
    /// The keys as the help shows them ("space", "+ -", "1…7 0"); empty for a note line.
    var keys: String
    var help: String
    /// The footer's label for the current state ("resume" while paused), nil: help only.
    var hint: String?
    /// The keys it answers.
    var on: [Key]
    var run: @Sendable (inout AppState, Key) -> [Effect]

    init(_ keys: String, _ help: String, hint: String? = nil, on: [Key]? = nil,
         run: @escaping @Sendable (inout AppState, Key) -> [Effect]) {
        self.keys = keys
        self.help = help
        self.hint = hint
        self.on = on ?? Self.parse(keys)
        self.run = run
    }

    /// A help line that explains rather than binds (the model's notes before its keys).
    static func note(_ text: String) -> KeyAction { KeyAction("", text, on: []) { _, _ in [] } }

    /// The keys a label names: "space", "tab", single characters separated by spaces ("+ -", "e E").
    static func parse(_ label: String) -> [Key] {
        label.split(separator: " ").flatMap { token -> [Key] in
            switch token {
            case "space": [.char(" ")]
            case "tab": [.tab]
            case "esc": [.escape]
            default: token.count == 1 ? [.char(token.first!)] : []
            }
        }
    }
}

/// One experiment family's live dashboard: its panes and their layout, how it draws them, its stats rows, its key
/// table and the messages it keeps. `AppState` holds one; the app's code never asks which family it is.
protocol Dashboard: Sendable {
    /// The panes, in Tab order.
    var panes: [PaneID] { get }
    /// Where each pane goes in `area` (a pane a small terminal cannot hold is left out).
    func layout(_ state: AppState, _ area: Rect) -> [(PaneID, Rect)]
    /// Draws one of its own panes; false leaves the pane to the shared ones (loss, quality, samples, stats).
    func render(_ pane: PaneID, _ state: AppState, into buffer: inout Buffer, area: Rect) -> Bool
    /// The stats pane's rows.
    func statsRows(_ state: AppState) -> [TextPanel.Row]
    /// The dashboard's key table, most specific first; the app appends the keys every dashboard shares.
    func keys(_ state: AppState) -> [KeyAction]
    /// The footer's right side; nil: "step N · R steps/s".
    func status(_ state: AppState) -> String?
    /// What `s` names its files after: ("step", N) or ("frame", N).
    func position(_ state: AppState) -> (label: String, value: Int)
    /// Takes what concerns it of a message the app already handled (trainer events, finished cells, frame ticks).
    mutating func receive(_ message: Message, _ state: inout AppState)
    /// Whether a setting change the trainer reports is marked on the training charts (live-picture options are not).
    func marksChange(_ setting: String) -> Bool
    /// Keeps what should outlive a switch of preset from the dashboard it replaces (methods compared so far).
    mutating func inherit(from previous: any Dashboard)
    /// Whether training pauses by itself at the preset's `steps` (a demo whose story ends there, drawn across the
    /// chart's whole width).
    var pausesAtPresetSteps: Bool { get }
    /// The family's own signal over training steps, charted for both runs of a race (MoE: the global MaxVio).
    var raceSignal: (title: String, points: [(x: Double, y: Double)])? { get }
    /// Draws the family's own picture of a race's run under its samples (MoE: the load per expert); false: none.
    func renderRacePicture(_ state: AppState, into buffer: inout Buffer, area: Rect, title: String) -> Bool
}

extension Dashboard {
    func render(_ pane: PaneID, _ state: AppState, into buffer: inout Buffer, area: Rect) -> Bool { false }
    func statsRows(_ state: AppState) -> [TextPanel.Row] { TrainingStats(state: state).rows() }
    func status(_ state: AppState) -> String? { nil }
    func position(_ state: AppState) -> (label: String, value: Int) { ("step", state.step) }
    mutating func receive(_ message: Message, _ state: inout AppState) {}
    func marksChange(_ setting: String) -> Bool { true }
    mutating func inherit(from previous: any Dashboard) {}
    var pausesAtPresetSteps: Bool { false }
    var raceSignal: (title: String, points: [(x: Double, y: Double)])? { nil }
    func renderRacePicture(_ state: AppState, into buffer: inout Buffer, area: Rect, title: String) -> Bool { false }
}

extension AppState {
    /// The dashboard as its own type, when it is one (a family's panes read their own state through this).
    func board<D: Dashboard>(_ type: D.Type) -> D? { dashboard as? D }

    /// Changes the dashboard as its own type and the rest of the state together; nothing when it is another type.
    mutating func modify<D: Dashboard>(_ type: D.Type, _ body: (inout D, inout AppState) -> [Effect]) -> [Effect] {
        guard var d = dashboard as? D else { return [] }
        let effects = body(&d, &self)
        dashboard = d
        return effects
    }

    /// The whole key table in force: the dashboard's own keys, then the ones every dashboard shares.
    var keyTable: [KeyAction] { dashboard.keys(self) + SharedKeys.table(self) }
}
