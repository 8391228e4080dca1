import Models

/// One documented key binding: shown in the help overlay and (if `hint` is set) in the status bar.
struct KeyBinding: Sendable {
    var keys: String
    var description: String
    var hint: String?
}

/// The dashboard's keys, in one place so help, status bar and `update` agree.
enum Keymap {
    /// The keys of a training dashboard that work on this experiment, with hints that follow its state
    /// ("resume" while paused, "Adam" while on Muon).
    static func training(_ state: AppState) -> [KeyBinding] {
        let info = state.training.info
        let current = state.training.shownGroup?.kind ?? state.optimizer
        var keys: [KeyBinding] = state.diffusion?.bindings(state) ?? []
        if state.oneStep {
            keys.append(KeyBinding(keys: "n", description: "next method: " + AppState.oneStepPresets.joined(separator: " → "), hint: "method"))
        }
        if state.moe != nil {
            keys.append(KeyBinding(keys: "b", description: "balancing: none → aux → loss-free → loss-free (RMS)", hint: "balance"))
        }
        if state.flow != nil {
            keys += FlowView.notes.map { KeyBinding(keys: "", description: $0, hint: nil) }
            keys.append(KeyBinding(keys: "n", description: "training noise σ: 0 → 0.05 → 0.1 (denoising uses the same σ)", hint: "σ"))
        }
        if state.vq != nil {
            keys += VQView.notes.map { KeyBinding(keys: "", description: $0, hint: nil) }
            if state.vqLabels.count > 1 {
                keys.append(KeyBinding(keys: "v", description: "plane and usage show: STE → rotation → SimVQ", hint: "view"))
            }
        }
        if state.lambda != nil {
            keys.append(KeyBinding(keys: "l", description: "SiD λ: 0.5 (FGM) → 1 → 1.2", hint: "λ"))
        }
        keys += [
            KeyBinding(keys: "space", description: "pause / resume training", hint: state.paused ? "resume" : "pause"),
            KeyBinding(keys: ".", description: "one step while paused", hint: state.paused ? "step" : nil),
            KeyBinding(keys: "m", description: "toggle Adam ↔ Muon", hint: current == .muon ? "Adam" : "Muon"),
            KeyBinding(keys: "o", description: "cycle SGD → Adam → Muon → Moonlight", hint: "optim"),
        ]
        if state.training.groups.count > 1 {
            keys.append(KeyBinding(keys: "g", description: "optimizer keys act on: every group → each group in turn", hint: "group"))
        }
        keys += [
            KeyBinding(keys: "+ -", description: "learning rate ×2 / ÷2", hint: "lr"),
            KeyBinding(keys: "[ ]", description: "batch size ÷2 / ×2", hint: "batch"),
        ]
        if state.diffusion == nil, (info?.maxSamplerSteps ?? 128) > 1 {
            let top = info?.maxSamplerSteps ?? 128
            keys.append(KeyBinding(keys: top >= 128 ? "1…7 0" : "1…\(top.trailingZeroBitCount + 1)",
                                   description: top >= 128 ? "sampler steps 1, 2, 4, …, 64; 0 = 128" : "sampler steps 1, 2, 4, …, \(top)", hint: "steps"))
        }
        if info?.hasTrajectories ?? true { keys.append(KeyBinding(keys: "t", description: "trajectories on / off", hint: nil)) }
        if info?.hasExact ?? false {
            keys.append(KeyBinding(keys: "x", description: "live samples from the exact model ↔ the net", hint: state.exactLive ? "net" : "exact"))
        }
        if state.hasDatasetKey { keys.append(KeyBinding(keys: "d", description: "cycle dataset (resets)", hint: nil)) }
        keys.append(KeyBinding(keys: "w", description: "EMA of the weights, evaluated beside them: off → 0.9 → 0.99 → 0.999", hint: nil))
        return keys + [
            KeyBinding(keys: "r", description: "reset the model (keeps your optimizer, LR and batch)", hint: nil),
            KeyBinding(keys: "tab", description: "focus next pane", hint: nil),
            KeyBinding(keys: "z", description: "zoom the focused pane", hint: nil),
            KeyBinding(keys: "s", description: "save screen text + metrics CSV", hint: "save"),
            KeyBinding(keys: "R", description: "record the run to a file for lab replay (R again stops)", hint: state.recording ? "stop rec" : nil),
            KeyBinding(keys: "?", description: "this help", hint: "help"),
            KeyBinding(keys: "q", description: "quit", hint: "quit"),
        ]
    }

    /// The sweep dashboard: choose what is swept; each change restarts the sweep.
    static let sweep: [KeyBinding] = [
        KeyBinding(keys: "o", description: "optimizer: SGD → Adam → Muon (restarts the sweep)", hint: "optim"),
        KeyBinding(keys: "e", description: "Adam ε: 1e-8 → 1e-4 → 1e-2 → 1e-1 (restarts)", hint: "ε"),
    ] + sweepCommon

    /// The compute-budget sweep: the sweep's keys and `c`, which budget the heatmap shows.
    static let computeSweep: [KeyBinding] = [sweep[0], sweep[1],
        KeyBinding(keys: "c", description: "heatmap: next compute budget (stays there)", hint: "budget")] + sweepCommon

    /// Keys every sweep dashboard ends with: restart, panes, save, help, quit.
    static let sweepCommon: [KeyBinding] = [
        KeyBinding(keys: "r", description: "restart the sweep", hint: "restart"),
        KeyBinding(keys: "tab", description: "focus next pane", hint: nil),
        KeyBinding(keys: "z", description: "zoom the focused pane", hint: nil),
        KeyBinding(keys: "s", description: "save screen text", hint: nil),
        KeyBinding(keys: "?", description: "this help", hint: "help"),
        KeyBinding(keys: "q", description: "quit", hint: "quit"),
    ]

    /// Sampler steps for keys 1…7 and 0.
    static func samplerSteps(for ch: Character) -> Int? {
        guard let d = ch.wholeNumberValue else { return nil }
        if d == 0 { return 128 }
        return (1...7).contains(d) ? 1 << (d - 1) : nil
    }

    /// The optimizer after `o`.
    static func nextOptimizer(after k: OptimizerKind) -> OptimizerKind {
        let all = OptimizerKind.allCases
        return all[(all.firstIndex(of: k)! + 1) % all.count]
    }
}
