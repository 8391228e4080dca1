import Models

/// Keys of dashboards whose work runs in a pool of cells (sweeps): space holds the workers between cells.
enum WorkKeys {
    static func pause(_ state: AppState) -> [KeyAction] {
        [KeyAction("space", "pause / resume the sweep (cells running finish first)", hint: state.paused ? "resume" : "pause") { s, _ in
            s.paused.toggle()
            return [.pauseWork(s.paused)]
        }]
    }
}
