import Models

/// The diffusion dashboards' state (ddpm, cfg, ddcm): what the live picture shows and what the charts are over.
struct DiffusionView: Sendable {
    enum Kind: Sendable { case ddpm, cfg, ddcm }

    var kind: Kind
    var live: LiveDiffusion
    var timesteps: Int
    var guidanceScales: [Double]
    var rateSizes: [Int]
    var rateSteps: [Int]
    var codebookSizes: [Int]

    /// Nil for presets that are not diffusion experiments.
    init?(preset p: Preset) {
        switch p.experiment {
        case .ddpm: kind = .ddpm
        case .cfg: kind = .cfg
        case .ddcm: kind = .ddcm
        default: return nil
        }
        let c = DiffusionConfig(preset: p)
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
    /// The dashboard's own keys, shown before the shared ones.
    func bindings(_ state: AppState) -> [KeyBinding] {
        var keys = [KeyBinding(keys: "a", description: "live sampler: " + choices.map(\.label).joined(separator: " → "), hint: "sampler")]
        keys.append(KeyBinding(keys: "1…6", description: "live sampler steps 5, 10, 20, 50, 100, 1000 (strided over T = \(timesteps))", hint: "steps"))
        if kind != .ddcm {
            keys.append(KeyBinding(keys: "e", description: "DDIM η: 0 → 0.25 → 0.5 → 0.75 → 1 (1 = ancestral)", hint: live.sampler == .ddim ? "η" : nil))
            keys.append(KeyBinding(keys: "v", description: "ancestral variance: σ² = β~ (the posterior's, β(1−ᾱ′)/(1−ᾱ)) ↔ σ² = β", hint: nil))
        }
        if kind == .cfg {
            keys.append(KeyBinding(keys: "c", description: "class: 0 → 1 → both", hint: "class"))
            keys.append(KeyBinding(keys: "g G", description: "guidance scale s up / down: " + guidanceScales.map { NumberFormat.compact($0) }.joined(separator: ", "), hint: "scale"))
            keys.append(KeyBinding(keys: "b", description: "live guide: classifier-free (CFG) ↔ classifier guidance (CG, a noisy classifier's gradient)", hint: "guide"))
        }
        if kind == .ddcm {
            keys.append(KeyBinding(keys: "k K", description: "codebook size K ×2 / ÷2 (1…1024)", hint: "codebook"))
            keys.append(KeyBinding(keys: "u", description: "encoding rule: nearest target ↔ the paper's dot product", hint: "rule"))
            keys.append(KeyBinding(keys: "n", description: "encode the next target points", hint: nil))
        }
        return keys
    }

    /// Handles a dashboard key; nil when the key is not this dashboard's (the shared handler takes it).
    mutating func handle(_ key: Key, state: inout AppState) -> [Effect]? {
        guard case .char(let ch) = key else { return nil }
        switch ch {
        case "a":
            let all = choices
            live.sampler = all[((all.firstIndex(of: live.sampler) ?? -1) + 1) % all.count]
            return [option("sampler", live.sampler.rawValue)]
        case "1", "2", "3", "4", "5", "6":
            let n = min(Self.stepKeys[ch.wholeNumberValue! - 1], timesteps)
            state.samplerSteps = n
            return [.send(.setSamplerSteps(n))]
        case "7", "0":
            return []
        case "e" where kind != .ddcm:
            live.eta = Self.etas[((Self.etas.firstIndex { abs($0 - live.eta) < 1e-9 } ?? -1) + 1) % Self.etas.count]
            var effects = [option("eta", formatNumber(live.eta))]
            if live.sampler != .ddim {
                live.sampler = .ddim
                effects.append(option("sampler", "ddim"))
            }
            return effects
        case "v" where kind != .ddcm:
            live.variance = live.variance == .beta ? .betaTilde : .beta
            return [option("variance", live.variance.rawValue)]
        case "c" where kind == .cfg:
            live.condition = live.condition == nil ? 0 : live.condition == 0 ? 1 : nil
            return [option("class", live.condition.map(String.init) ?? "both")]
        case "g", "G":
            guard kind == .cfg, !guidanceScales.isEmpty else { return nil }
            let g = guidanceScales
            let i = g.indices.min { abs(g[$0] - live.scale) < abs(g[$1] - live.scale) } ?? 0
            live.scale = g[max(0, min(g.count - 1, i + (ch == "g" ? 1 : -1)))]
            return [option("scale", formatNumber(live.scale))]
        case "k", "K":
            guard kind == .ddcm else { return nil }
            live.codebookSize = max(1, min(1024, ch == "k" ? live.codebookSize * 2 : live.codebookSize / 2))
            return [option("k", String(live.codebookSize))]
        case "u" where kind == .ddcm:
            live.rule = live.rule == .dot ? .nearest : .dot
            return [option("rule", live.rule.rawValue)]
        case "n" where kind == .ddcm:
            live.targetDraw += 1
            return [option("target", String(live.targetDraw))]
        case "b" where kind == .cfg:
            live.classifierGuidance.toggle()
            return [option("guide", live.classifierGuidance ? "cg" : "cfg")]
        case "d" where kind == .cfg:
            state.say("cfg needs the labelled 'overlap' data; the dataset stays")
            return []
        default:
            return nil
        }
    }

    private func option(_ key: String, _ value: String) -> Effect { .send(.setOption(key: key, value: value)) }

    /// The options these keys send change only the live picture, so they get a notice but no marker on the training charts.
    func isLiveOption(_ key: String) -> Bool { ["sampler", "eta", "variance", "class", "scale", "guide", "k", "rule", "target"].contains(key) }

    /// Bits of one encoded point at the live K and `steps`.
    func liveBits(steps: Int) -> Double { DDCM.bits(steps: min(steps, timesteps), size: live.codebookSize) }
}

// MARK: Layout

extension DiffusionView {
    /// Curves and numbers left (loss, the method's chart, stats), pictures right; stacked when narrow.
    func layout(_ area: Rect) -> [(PaneID, Rect)] {
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
