import Foundation
import Models

/// The app's only state transition: pure, so every key can be tested with scripted messages.
func update(_ state: inout AppState, _ message: Message) -> [Effect] {
    switch message {
    case .key(let key):
        return handleKey(&state, key)
    case .tick(let now):
        state.now = now
        if var demo = state.demo {
            if !state.paused {
                demo.tick()
                if demo.atEnd { state.paused = true }
            }
            state.demo = demo
        }
        if let n = state.notice, n.until < now { state.notice = nil }
        state.rateWindow.append((now, state.step))
        state.rateWindow.removeAll { now - $0.time > 1.5 }
        if let first = state.rateWindow.first, let last = state.rateWindow.last, last.time - first.time > 0.25 {
            state.stepsPerSecond = Double(last.step - first.step) / (last.time - first.time)
        }
        return []
    case .resize(let w, let h):
        state.width = w
        state.height = h
        return []
    case .trainer(let event):
        handleTrainer(&state, event)
        return []
    case .sweepResults(let results):
        guard !results.isEmpty else { return [] }
        state.sweep?.record(results)
        return []
    case .sweepNoise(let noise):
        state.sweep?.noise = noise
        return []
    case .mupResults(let results):
        state.mup?.record(results)
        return []
    case .mupCoords(let check):
        state.mup?.coords = check
        return []
    }
}

private func handleTrainer(_ state: inout AppState, _ event: TrainerEvent) {
    switch event {
    case .metrics(let m):
        state.step = m.step
        if var moe = state.moe, let b = state.extraNames.firstIndex(of: "maxvio"),
           let g = state.extraNames.firstIndex(of: "maxvio_global"), m.extra.count > max(b, g) {
            moe.append(step: m.step, batch: m.extra[b], global: m.extra[g])
            state.moe = moe
        }
        state.loss.append(m)
        state.batch = m.batch
        if let i = state.extraNames.firstIndex(of: "lr_scale"), i < m.extra.count { state.flow?.lrScale = Double(m.extra[i]) }
    case .snapshot(let s):
        state.snapshot = s
        if state.oneStep {
            for p in s.pointSets { state.remember(samples: p) }
        }
        if s.samplerSteps > 0 { state.samplerSteps = s.samplerSteps }
    case .evaluated(let e):
        state.training.evaluation = e
        state.training.history.append(e, names: e.names)
        if state.oneStep {
            for c in e.curves { state.remember(curve: c) }
        }
    case .switched(let step, _, let to, let group):
        let many = state.training.groups.count > 1
        state.training.markers.append(TrainingMarker(step: step, kind: .optimizer, label: many ? "\(group) \(to.label)" : to.label))
        state.say("\(many ? group + ": " : "")switched to \(to.label) at step \(step)")
    case .changed(_, let setting, let text) where state.diffusion?.isLiveOption(setting) == true:
        state.say(text)
    case .changed(let step, let setting, let text):
        let kind: MarkerKind = ["lr": .lr, "batch": .batch, "dataset": .dataset][setting] ?? .option
        state.training.markers.append(TrainingMarker(step: step, kind: kind, label: text))
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
        state.training.markers.append(TrainingMarker(step: step, kind: .phase, label: name))
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
        if var moe = state.moe {
            moe.batchMaxVio.removeAll()
            moe.globalMaxVio.removeAll()
            state.moe = moe
        }
        if state.oneStep, let name = state.training.info?.method { state.forget(method: name) }
        state.say("reset: fresh weights from the seed; your optimizer, LR and batch are kept")
    case .notice(let text):
        state.say(text)
    }
}

private func handleKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    if state.showHelp {
        if key == .char("?") || key == .escape || key == .char("q") {
            state.showHelp = false
            return []
        }
    }
    switch key {
    case .char("q"), .ctrl("c"):
        state.quitting = true
        return [.quit]
    case .char("?"):
        state.showHelp.toggle()
        return []
    case .escape:
        state.zoomed = false
        return []
    case .tab:
        cycleFocus(&state, by: 1)
        return []
    case .backTab:
        cycleFocus(&state, by: -1)
        return []
    case .char("z"):
        state.zoomed.toggle()
        return []
    case .char("s"):
        state.saveCount += 1
        let step = state.demo?.frameIndex ?? state.step
        return [.save(stem: "lab-\(state.presetName)-\(state.demo == nil ? "step" : "frame")\(step)-\(state.saveCount)")]
    default:
        break
    }
    if var demo = state.demo {
        _ = handlePhysicsKey(&state, &demo, key)
        state.demo = demo
        return []
    }
    if let sw = state.sweep { return handleSweepKey(&state, sw, key) }
    if let m = state.mup { return handleMuPKey(&state, m, key) }
    return handleTrainingKey(&state, key)
}

/// Keys of the training dashboards.
private func handleTrainingKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    if var d = state.diffusion, let effects = d.handle(key, state: &state) {
        state.diffusion = d
        return effects
    }
    let target = state.training.target
    switch key {
    case .char(" "):
        state.paused.toggle()
        return [.send(state.paused ? .pause : .resume)]
    case .char("."):
        guard state.paused else {
            state.say("'.' steps while paused (space)")
            return []
        }
        return [.send(.stepOnce)]
    case .char("m"):
        let current = state.training.shownGroup?.kind ?? state.optimizer
        return [.send(.setOptimizer(current == .muon ? .adam : .muon, group: target))]
    case .char("o"):
        let current = state.training.shownGroup?.kind ?? state.optimizer
        return [.send(.setOptimizer(Keymap.nextOptimizer(after: current), group: target))]
    case .char("g") where state.training.groups.count > 1:
        let names = state.training.groups.map(\.name)
        let i = target.flatMap { names.firstIndex(of: $0) } ?? -1
        state.training.target = i + 1 < names.count ? names[i + 1] : nil
        state.say("optimizer keys act on \(state.training.target ?? "every group")")
        return []
    case .char("+"), .char("="):
        return [.send(.scaleLR(2, group: target))]
    case .char("-"), .char("_"):
        return [.send(.scaleLR(0.5, group: target))]
    case .char("["):
        guard state.batch > 1 else { return [] }
        state.batch /= 2
        return [.send(.setBatchSize(state.batch))]
    case .char("]"):
        guard state.batch < 65_536 else { return [] }
        state.batch *= 2
        return [.send(.setBatchSize(state.batch))]
    case .char(let c) where Keymap.samplerSteps(for: c) != nil && (state.training.info?.maxSamplerSteps ?? 128) > 1:
        let n = min(Keymap.samplerSteps(for: c)!, state.training.info?.maxSamplerSteps ?? 128)
        state.samplerSteps = n
        return [.send(.setSamplerSteps(n))]
    case .char("t") where state.training.info?.hasTrajectories ?? true:
        state.trajectoriesOn.toggle()
        return [.send(.setTrajectories(state.trajectoriesOn))]
    case .char("x") where state.training.info?.hasExact ?? false:
        state.exactLive.toggle()
        return [.send(.setExact(state.exactLive))]
    case .char("d") where state.hasDatasetKey:
        let all = Dataset.allCases
        state.dataset = all[((all.firstIndex(of: state.dataset) ?? -1) + 1) % all.count]
        return [.send(.setDataset(state.dataset))]
    case .char("w"):
        let decays: [Float] = [0, 0.9, 0.99, 0.999]
        let now = state.training.info?.weightEMA ?? 0
        let i = decays.firstIndex { abs($0 - now) < 1e-6 } ?? 0
        return [.send(.setWeightEMA(decays[(i + 1) % decays.count]))]
    case .char("r"):
        return [.send(.reset)]
    case .char("R"):
        return [.toggleRecording]
    case .char("n") where state.oneStep:
        let all = AppState.oneStepPresets
        let next = all[((all.firstIndex(of: state.presetName) ?? -1) + 1) % all.count]
        return [.switchPreset(next)]
    case .char("l") where state.lambda != nil:
        let values = [0.5, 1.0, 1.2]
        let i = values.firstIndex { abs($0 - state.lambda!) < 1e-9 } ?? -1
        state.lambda = values[(i + 1) % values.count]
        return [.send(.setOption(key: "lambda", value: "\(state.lambda!)"))]
    case .char("n") where state.flow != nil:
        let next = state.flow!.nextSigma
        state.flow!.sigma = next
        return [.send(.setOption(key: "sigma", value: "\(next)"))]
    case .char("v") where state.vq != nil && state.vqLabels.count > 1:
        state.vq!.shown = (state.vq!.shown + 1) % state.vqLabels.count
        state.say("showing \(state.vqShown ?? "")")
        return []
    case .char("b") where state.moe != nil:
        let all = BalanceStrategy.allCases
        let next = all[(all.firstIndex(of: state.moe!.balance)! + 1) % all.count]
        state.moe!.balance = next
        return [.send(.setOption(key: "balance", value: next.rawValue))]
    default:
        break
    }
    return []
}

/// Tab visits the panes on screen (a layout may drop one when the terminal is short).
private func cycleFocus(_ state: inout AppState, by delta: Int) {
    let main = Rect(x: 0, y: 0, width: state.width, height: max(0, state.height - 1))
    let onScreen = Set(dashboardLayout(state, main).map(\.0))
    let panes = state.height > 0 ? state.panes.filter(onScreen.contains) : state.panes
    guard let i = panes.firstIndex(of: state.focus) else {
        state.focus = panes.first ?? .loss
        return
    }
    let n = panes.count
    state.focus = panes[((i + delta) % n + n) % n]
}

/// Keys of the sweep dashboard: each changes what is swept and starts it over.
private func handleSweepKey(_ state: inout AppState, _ sw: SweepView, _ key: Key) -> [Effect] {
    let next: SweepView
    switch key {
    case .char("o"):
        let kinds: [OptimizerKind] = sw.config.task.kind.hasHiddenMatrix ? [.sgd, .adam, .muon] : [.sgd, .adam]
        let i = kinds.firstIndex(of: sw.config.settings.optimizer.kind) ?? 0
        next = sw.with("optimizer=\(kinds[(i + 1) % kinds.count].rawValue)")
    case .char("e"):
        let eps = Double(sw.config.settings.optimizer.eps)
        let i = SweepView.epsilons.firstIndex { abs($0 - eps) <= 1e-3 * $0 } ?? -1
        next = sw.with("eps=\(SweepView.epsilons[(i + 1) % SweepView.epsilons.count])")
    case .char("r"):
        next = SweepView(preset: sw.preset)
    case .char("c") where sw.tables.count > 1:
        state.sweep?.showNextBudget()
        let c = state.sweep!.config.flops[state.sweep!.shown]
        state.say("heatmap: C = \(NumberFormat.compact(c)) FLOPs")
        return []
    default:
        return []
    }
    state.sweep = next
    state.say("sweep: \(next.config.settings.optimizer.kind.label), ε \(NumberFormat.compact(Double(next.config.settings.optimizer.eps)))")
    return [.restartSweep(next.config)]
}
