import Models

/// One documented key binding: shown in the help overlay and (if `hint` is set) in the status bar.
struct KeyBinding: Sendable {
    var keys: String
    var description: String
    var hint: String?
}

/// The dashboard's keys, in one place so help, status bar and `update` agree.
enum Keymap {
    static let training: [KeyBinding] = [
        KeyBinding(keys: "space", description: "pause / resume training", hint: "pause"),
        KeyBinding(keys: ".", description: "one step while paused", hint: "step"),
        KeyBinding(keys: "m", description: "toggle Adam ↔ Muon", hint: "Muon"),
        KeyBinding(keys: "o", description: "cycle SGD → Adam → Muon → Moonlight", hint: "optim"),
        KeyBinding(keys: "+ -", description: "learning rate ×2 / ÷2", hint: "lr"),
        KeyBinding(keys: "[ ]", description: "batch size ÷2 / ×2", hint: "batch"),
        KeyBinding(keys: "1…7 0", description: "sampler steps 1, 2, 4, …, 64; 0 = 128", hint: "steps"),
        KeyBinding(keys: "t", description: "trajectories on / off", hint: nil),
        KeyBinding(keys: "d", description: "cycle dataset", hint: nil),
        KeyBinding(keys: "r", description: "reset the model", hint: nil),
        KeyBinding(keys: "tab", description: "focus next pane", hint: nil),
        KeyBinding(keys: "z", description: "zoom the focused pane", hint: nil),
        KeyBinding(keys: "s", description: "save screen text + metrics CSV", hint: "save"),
        KeyBinding(keys: "?", description: "this help", hint: "help"),
        KeyBinding(keys: "q", description: "quit", hint: "quit"),
    ]

    /// The MoE dashboard adds `b` (balancing strategy) to the training keys.
    static let moe: [KeyBinding] = [KeyBinding(keys: "b", description: "balancing: none → aux → loss-free → loss-free (RMS)", hint: "balance")]
        + training.filter { $0.keys != "d" }

    /// The sweep dashboard: choose what is swept; each change restarts the sweep.
    static let sweep: [KeyBinding] = [
        KeyBinding(keys: "o", description: "optimizer: SGD → Adam → Muon (restarts the sweep)", hint: "optim"),
        KeyBinding(keys: "e", description: "Adam ε: 1e-8 → 1e-4 → 1e-2 → 1e-1 (restarts)", hint: "ε"),
        KeyBinding(keys: "r", description: "restart the sweep", hint: "restart"),
        KeyBinding(keys: "tab", description: "focus next pane", hint: nil),
        KeyBinding(keys: "z", description: "zoom the focused pane", hint: nil),
        KeyBinding(keys: "s", description: "save screen text", hint: nil),
        KeyBinding(keys: "?", description: "this help", hint: "help"),
        KeyBinding(keys: "q", description: "quit", hint: "quit"),
    ]

    /// One-step dashboards: `n` trains the next method, keeping the others' last results on screen.
    static let oneStep: [KeyBinding] = [KeyBinding(keys: "n", description: "next method: reflow2 → shortcut → consistency → sid", hint: "method")]

    /// SiD adds `l` (λ: 0.5 is FGM's exact gradient, 1 SiD's derivation, 1.2 the released models').
    static let sid: [KeyBinding] = [KeyBinding(keys: "l", description: "SiD λ: 0.5 (FGM) → 1 → 1.2", hint: "λ")]
        + training.filter { $0.keys != "d" }

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
