import Foundation
import Models

/// The app's only state transition: pure, so every key can be tested with scripted messages.
func update(_ state: inout AppState, _ message: Message) -> [Effect] {
    switch message {
    case .key(let key):
        return handleKey(&state, key)
    case .tick(let now):
        state.now = now
        if let n = state.notice, n.until < now { state.notice = nil }
        state.rateWindow.append((now, state.step))
        state.rateWindow.removeAll { now - $0.time > 1.5 }
        if let first = state.rateWindow.first, let last = state.rateWindow.last, last.time - first.time > 0.25 {
            state.stepsPerSecond = Double(last.step - first.step) / (last.time - first.time)
        }
    case .resize(let w, let h):
        state.width = w
        state.height = h
    case .trainer(let event):
        handleTrainer(&state, event)
    default:
        break
    }
    // The dashboard keeps what concerns it (its own charts' data, frames, finished cells). It is taken out of the state
    // while it receives, so its arrays stay uniquely referenced and grow in place: a copy left behind made every
    // step copy a 50 000-point history (moe-balance's MaxVio), churning memory at the step rate.
    var d = state.dashboard
    state.dashboard = FlowDashboard()
    d.receive(message, &state)
    state.dashboard = d
    return []
}

private func handleTrainer(_ state: inout AppState, _ event: TrainerEvent) {
    switch event {
    case .metrics(let m):
        state.step = m.step
        state.training.lastMetrics = m
        if m.step == state.claims.budget { state.training.budgetMetrics = m }
        state.loss.append(m)
        state.batch = m.batch
    case .snapshot(let s):
        state.snapshot = s
        if s.samplerSteps > 0 { state.samplerSteps = s.samplerSteps }
    case .evaluated(let e):
        state.training.receive(e, budget: state.claims.budget)
    case .switched(let step, _, let to, let group):
        let many = state.training.groups.count > 1
        state.training.mark(TrainingMarker(step: step, kind: .optimizer, label: many ? "\(group) \(to.label)" : to.label))
        state.say("\(many ? group + ": " : "")switched to \(to.label) at step \(step)")
    case .changed(_, let setting, let text) where !state.dashboard.marksChange(setting):
        state.say(text)
    case .changed(let step, let setting, let text):
        let kind: MarkerKind = ["lr": .lr, "batch": .batch, "dataset": .dataset][setting] ?? .option
        state.training.mark(TrainingMarker(step: step, kind: kind, label: text))
        state.say(text)
    case .groups(let groups):
        state.training.groups = groups
        if let g = groups.first {
            state.optimizer = g.kind
            state.lr = g.lr
        }
        if let t = state.training.target, !groups.contains(where: { $0.name == t }) { state.training.target = nil }
    case .phase(let name, let step):
        state.training.phase = name
        state.training.mark(TrainingMarker(step: step, kind: .phase, label: name))
        state.say("phase: \(name) from step \(step)")
    case .busy(let text):
        state.training.busy = text
    case .info(let info):
        state.training.info = info
        state.extraNames = info.extraMetricNames
        if state.training.phase == nil { state.training.phase = info.phases.first?.name }
    case .paused(let p):
        state.paused = p
    case .diverged(_, let message):
        state.diverged = message
        state.paused = true
    case .reset:
        state.step = 0
        state.loss.removeAll()
        state.training.clearRun()
        state.training.phase = state.training.info?.phases.first?.name
        state.snapshot = nil
        state.diverged = nil
        state.rateWindow.removeAll()
        state.say("reset: fresh weights from the seed; your optimizer, LR and batch are kept")
    case .notice(let text):
        state.say(text)
    }
}

/// The picker and the help overlay take keys first; then the key table (the dashboard's keys, then the shared ones)
/// decides: the first row that answers the key runs.
private func handleKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    if state.picker != nil { return PresetPicker.handle(&state, key) }
    if state.showHelp, key == .char("?") || key == .escape || key == .char("q") {
        state.showHelp = false
        return []
    }
    guard let action = state.keyTable.first(where: { $0.on.contains(key) }) else { return [] }
    return action.run(&state, key)
}
