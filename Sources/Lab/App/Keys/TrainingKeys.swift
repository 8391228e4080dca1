import Models

/// Keys of every training dashboard: pause and step, optimizer and LR, batch, sampler steps, the live picture,
/// the weight EMA, reset and recording. Hints follow the state ("resume" while paused, "Adam" while on Muon).
enum TrainingKeys {
    /// `dataset`: whether `d` cycles the 2D data (not where the method needs one data set); `samplerSteps`: whether
    /// 1…7 0 set the live sampler's steps (a dashboard with its own step keys says no).
    static func table(_ state: AppState, dataset: Bool = true, samplerSteps: Bool = true) -> [KeyAction] {
        let info = state.training.info
        let current = state.training.shownGroup?.kind ?? state.optimizer
        var keys = [
            KeyAction("space", "pause / resume training", hint: state.paused ? "resume" : "pause") { s, _ in
                s.paused.toggle()
                return [.send(s.paused ? .pause : .resume)]
            },
            KeyAction(".", "one step while paused", hint: state.paused ? "step" : nil) { s, _ in
                guard s.paused else {
                    s.say("'.' steps while paused (space)")
                    return []
                }
                return [.send(.stepOnce)]
            },
            KeyAction("m", "toggle Adam ↔ Muon", hint: current == .muon ? "Adam" : "Muon") { s, _ in
                let now = s.training.shownGroup?.kind ?? s.optimizer
                return [.send(.setOptimizer(now == .muon ? .adam : .muon, group: s.training.target))]
            },
            KeyAction("o", "cycle SGD → Adam → Muon → Moonlight", hint: "optim") { s, _ in
                let now = s.training.shownGroup?.kind ?? s.optimizer
                let all = OptimizerKind.allCases
                return [.send(.setOptimizer(all[(all.firstIndex(of: now)! + 1) % all.count], group: s.training.target))]
            },
        ]
        if state.training.groups.count > 1 {
            keys.append(KeyAction("g", "optimizer keys act on: every group → each group in turn", hint: "group") { s, _ in
                let names = s.training.groups.map(\.name)
                let i = s.training.target.flatMap { names.firstIndex(of: $0) } ?? -1
                s.training.target = i + 1 < names.count ? names[i + 1] : nil
                s.say("optimizer keys act on \(s.training.target ?? "every group")")
                return []
            })
        }
        keys += [
            KeyAction("+ -", "learning rate ×2 / ÷2", hint: "lr", on: [.char("+"), .char("="), .char("-"), .char("_")]) { s, key in
                [.send(.scaleLR(key == .char("+") || key == .char("=") ? 2 : 0.5, group: s.training.target))]
            },
            KeyAction("[ ]", "batch size ÷2 / ×2", hint: "batch") { s, key in
                let next = key == .char("[") ? s.batch / 2 : s.batch * 2
                guard next >= 1, next <= 65_536, s.batch > 0 else { return [] }
                s.batch = next
                return [.send(.setBatchSize(next))]
            },
        ]
        let top = info?.maxSamplerSteps ?? 128
        if samplerSteps, top > 1 {
            let digits: [Key] = (0...7).map { .char(Character(String($0))) }
            keys.append(KeyAction(top >= 128 ? "1…7 0" : "1…\(top.trailingZeroBitCount + 1)",
                                  top >= 128 ? "sampler steps 1, 2, 4, …, 64; 0 = 128" : "sampler steps 1, 2, 4, …, \(top)",
                                  hint: "steps", on: digits) { s, key in
                guard case .char(let c) = key, let d = c.wholeNumberValue else { return [] }
                let n = min(d == 0 ? 128 : 1 << (d - 1), s.training.info?.maxSamplerSteps ?? 128)
                s.samplerSteps = n
                return [.send(.setSamplerSteps(n))]
            })
        }
        if info?.hasTrajectories ?? true {
            keys.append(KeyAction("t", "trajectories on / off") { s, _ in
                s.trajectoriesOn.toggle()
                return [.send(.setTrajectories(s.trajectoriesOn))]
            })
        }
        if info?.hasExact ?? false {
            keys.append(KeyAction("x", "live samples from the exact model ↔ the net", hint: state.exactLive ? "net" : "exact") { s, _ in
                s.exactLive.toggle()
                return [.send(.setExact(s.exactLive))]
            })
        }
        if dataset {
            keys.append(KeyAction("d", "cycle dataset (resets)") { s, _ in
                let all = Dataset.allCases
                s.dataset = all[((all.firstIndex(of: s.dataset) ?? -1) + 1) % all.count]
                return [.send(.setDataset(s.dataset))]
            })
        }
        keys += [
            KeyAction("w", "EMA of the weights, evaluated beside them: off → 0.9 → 0.99 → 0.999") { s, _ in
                let decays: [Float] = [0, 0.9, 0.99, 0.999]
                let now = s.training.info?.weightEMA ?? 0
                let i = decays.firstIndex { abs($0 - now) < 1e-6 } ?? 0
                return [.send(.setWeightEMA(decays[(i + 1) % decays.count]))]
            },
            KeyAction("r", "reset the model (keeps your optimizer, LR and batch)") { _, _ in [.send(.reset)] },
            KeyAction("R", "record the run to a file for lab replay (R again stops)", hint: state.recording ? "stop rec" : nil) { _, _ in
                [.toggleRecording]
            },
        ]
        return keys
    }
}
