import Models

extension PaneID {
    /// Diffusion: quality vs steps per sampler, the schedule pitfall, guidance vs s, DDCM rate–distortion and codes.
    static let samplerChart = PaneID("samplerChart"), schedule = PaneID("schedule"), guidance = PaneID("guidance")
    static let rateDistortion = PaneID("rateDistortion"), codes = PaneID("codes")
}

/// The diffusion dashboards (ddpm, cfg, ddcm): what the live picture shows and what the charts are over.
struct DiffusionView: Dashboard {
    enum Kind: Sendable { case ddpm, cfg, ddcm }

    var kind: Kind
    var live: LiveDiffusion
    var timesteps: Int
    var guidanceScales: [Double]
    var rateSizes: [Int]
    var rateSteps: [Int]
    var codebookSizes: [Int]

    init(_ kind: Kind, _ c: DiffusionConfig) {
        self.kind = kind
        live = c.live
        timesteps = c.schedule.steps
        guidanceScales = c.guidanceScales
        rateSizes = c.rateSizes
        rateSteps = c.rateSteps
        codebookSizes = c.codebookSizes
        if kind == .ddpm && !c.compareReFlow { samplerChoices.removeAll { $0 == .reflow } }
    }

    /// What `a` cycles through.
    var samplerChoices: [DiffusionSamplerKind] = [.ancestral, .ddim, .euler, .heun, .reflow]

    var choices: [DiffusionSamplerKind] {
        switch kind {
        case .ddpm: samplerChoices
        case .cfg: [.ancestral, .ddim, .euler, .heun]
        case .ddcm: [.ddcm, .ancestral]
        }
    }

    /// The panes, Tab order.
    var panes: [PaneID] {
        switch kind {
        case .ddpm: [.loss, .samplerChart, .stats, .samples, .schedule]
        case .cfg: [.loss, .guidance, .stats, .samples]
        case .ddcm: [.loss, .rateDistortion, .stats, .codes, .samples]
        }
    }

    /// Keys 1…6: sampler steps (clamped to T).
    static let stepKeys = [5, 10, 20, 50, 100, 1000]
    /// η values `e` cycles through.
    static let etas = [0, 0.25, 0.5, 0.75, 1.0]

    /// Codebook sizes `k`/`K` step through (powers of two up to 1024).
    static let codebookSteps = (0...10).map { 1 << $0 }
}

// MARK: Keys

extension DiffusionView {
    /// The dashboard's own keys, then the training keys (its own 1…6 set the sampler's steps; cfg keeps its data).
    func keys(_ state: AppState) -> [KeyAction] {
        var keys = [
            KeyAction("a", "live sampler: " + choices.map(\.label).joined(separator: " → "), hint: "sampler") { s, _ in
                Self.change(&s) { d in
                    let all = d.choices
                    d.live.sampler = all[((all.firstIndex(of: d.live.sampler) ?? -1) + 1) % all.count]
                    return [d.option("sampler", d.live.sampler.rawValue)]
                }
            },
            KeyAction("1…6", "live sampler steps 5, 10, 20, 50, 100, 1000 (strided over T = \(timesteps))", hint: "steps",
                      on: (1...7).map { .char(Character(String($0))) } + [.char("0")]) { s, key in
                guard case .char(let c) = key, let n = c.wholeNumberValue, (1...6).contains(n) else { return [] }
                let steps = min(Self.stepKeys[n - 1], s.board(DiffusionView.self)?.timesteps ?? 1000)
                s.samplerSteps = steps
                return [.send(.setSamplerSteps(steps))]
            },
        ]
        if kind != .ddcm {
            keys.append(KeyAction("e", "DDIM η: 0 → 0.25 → 0.5 → 0.75 → 1 (1 = ancestral)", hint: live.sampler == .ddim ? "η" : nil) { s, _ in
                Self.change(&s) { d in
                    d.live.eta = Self.etas[((Self.etas.firstIndex { abs($0 - d.live.eta) < 1e-9 } ?? -1) + 1) % Self.etas.count]
                    var effects = [d.option("eta", formatNumber(d.live.eta))]
                    if d.live.sampler != .ddim {
                        d.live.sampler = .ddim
                        effects.append(d.option("sampler", "ddim"))
                    }
                    return effects
                }
            })
            keys.append(KeyAction("v", "ancestral variance: σ² = β~ (the posterior's, β(1−ᾱ′)/(1−ᾱ)) ↔ σ² = β") { s, _ in
                Self.change(&s) { d in
                    d.live.variance = d.live.variance == .beta ? .betaTilde : .beta
                    return [d.option("variance", d.live.variance.rawValue)]
                }
            })
        }
        if kind == .cfg {
            keys.append(KeyAction("c", "class: 0 → 1 → both", hint: "class") { s, _ in
                Self.change(&s) { d in
                    d.live.condition = d.live.condition == nil ? 0 : d.live.condition == 0 ? 1 : nil
                    return [d.option("class", d.live.condition.map(String.init) ?? "both")]
                }
            })
            keys.append(KeyAction("g G", "guidance scale s up / down: " + guidanceScales.map { NumberFormat.compact($0) }.joined(separator: ", "),
                                  hint: "scale") { s, key in
                Self.change(&s) { d in
                    let g = d.guidanceScales
                    guard !g.isEmpty else { return [] }
                    let i = g.indices.min { abs(g[$0] - d.live.scale) < abs(g[$1] - d.live.scale) } ?? 0
                    d.live.scale = g[max(0, min(g.count - 1, i + (key == .char("g") ? 1 : -1)))]
                    return [d.option("scale", formatNumber(d.live.scale))]
                }
            })
            keys.append(KeyAction("b", "live guide: classifier-free (CFG) ↔ classifier guidance (CG, a noisy classifier's gradient)", hint: "guide") { s, _ in
                Self.change(&s) { d in
                    d.live.classifierGuidance.toggle()
                    return [d.option("guide", d.live.classifierGuidance ? "cg" : "cfg")]
                }
            })
        }
        if kind == .ddcm {
            keys.append(KeyAction("k K", "codebook size K ×2 / ÷2 (1…1024)", hint: "codebook") { s, key in
                Self.change(&s) { d in
                    d.live.codebookSize = max(1, min(1024, key == .char("k") ? d.live.codebookSize * 2 : d.live.codebookSize / 2))
                    return [d.option("k", String(d.live.codebookSize))]
                }
            })
            keys.append(KeyAction("u", "encoding rule: nearest target ↔ the paper's dot product", hint: "rule") { s, _ in
                Self.change(&s) { d in
                    d.live.rule = d.live.rule == .dot ? .nearest : .dot
                    return [d.option("rule", d.live.rule.rawValue)]
                }
            })
            keys.append(KeyAction("n", "encode the next target points") { s, _ in
                Self.change(&s) { d in
                    d.live.targetDraw += 1
                    return [d.option("target", String(d.live.targetDraw))]
                }
            })
        }
        if kind == .cfg {
            keys.append(KeyAction("", "", on: [.char("d")]) { s, _ in
                s.say("cfg needs the labelled 'overlap' data; the dataset stays")
                return []
            })
        }
        return keys + TrainingKeys.table(state, dataset: kind != .cfg, samplerSteps: false)
    }

    /// Changes the diffusion dashboard in the state.
    private static func change(_ state: inout AppState, _ body: (inout DiffusionView) -> [Effect]) -> [Effect] {
        state.modify(DiffusionView.self) { d, _ in body(&d) }
    }

    private func option(_ key: String, _ value: String) -> Effect { .send(.setOption(key: key, value: value)) }

    /// The options these keys send change only the live picture, so they get a notice but no marker on the training charts.
    func marksChange(_ setting: String) -> Bool { !["sampler", "eta", "variance", "class", "scale", "guide", "k", "rule", "target"].contains(setting) }

    /// Bits of one encoded point at the live K and `steps`.
    func liveBits(steps: Int) -> Double { DDCM.bits(steps: min(steps, timesteps), size: live.codebookSize) }
}

// MARK: Layout

extension DiffusionView {
    /// Curves and numbers left (loss, the method's chart, stats), pictures right; stacked when narrow.
    func layout(_ state: AppState, _ area: Rect) -> [(PaneID, Rect)] {
        let p = panes
        let chart = p[1], pictures = Array(p.dropFirst(3))
        let statsRows = area.height >= 30 ? 11 : 9
        if area.width >= 80 {
            let cols = area.split(.horizontal, [.percent(50), .fill(1)])
            // cfg's chart sits under its two-method table, so it takes two thirds of the curves' height.
            let left = cols[0].split(.vertical, kind == .cfg ? [.fill(1), .fill(2), .fixed(statsRows)] : [.fill(2), .fill(3), .fixed(statsRows)])
            let right = pictures.count > 1 ? cols[1].split(.vertical, kind == .ddpm ? [.fill(3), .fixed(10)] : [.fill(3), .fill(2)]) : [cols[1]]
            return [(.loss, left[0]), (chart, left[1]), (.stats, left[2])] + Array(zip(pictures, right))
        }
        let rows = area.split(.vertical, [.fill(1), .fill(2), .fill(2), .fixed(min(statsRows, max(4, area.height / 4)))])
        return [(.loss, rows[0]), (chart, rows[1]), (pictures[0], rows[2]), (.stats, rows[3])]
    }
}

// MARK: Panes and numbers

extension DiffusionView {
    func render(_ pane: PaneID, _ state: AppState, into buffer: inout Buffer, area: Rect) -> Bool {
        renderDiffusionPane(pane, self, state, into: &buffer, area: area)
    }

    func statsRows(_ state: AppState) -> [TextPanel.Row] {
        TrainingStats(state: state).rows(method: { diffusionStatsRows(self, state, $0) })
    }
}
