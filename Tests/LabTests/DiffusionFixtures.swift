import Foundation
import Models
@testable import Lab

/// Deterministic diffusion dashboards mid-run: hand-made measures shaped like real runs' (no training in view tests).
enum DiffusionFixtures {
    /// A state of preset `experiment` (ddpm, cfg or ddcm) after 1200 steps with one evaluation and one snapshot.
    static func state(_ experiment: String, glyphs: GlyphMode = .braille, exactLive: Bool = false) throws -> AppState {
        let dataset = experiment == "cfg" ? "overlap" : "gaussians8"
        let p = try Preset(yaml: "experiment: \(experiment)\ndataset: \(dataset)\ndescription: test\n", source: "\(experiment).yaml")
        var s = AppState(preset: p, glyphs: glyphs)
        s.width = 120
        s.height = 36
        let groups = experiment == "ddpm" ? ["denoiser", "reflow"] : ["denoiser"]
        _ = update(&s, .trainer(.info(ExperimentInfo(method: experiment.uppercased(), phases: [Phase("train", steps: nil)], samplers: [],
                                                     maxSamplerSteps: 1000, hasTrajectories: true, hasExact: true, validationPrefix: "eps_",
                                                     hasFloor: true, headline: experiment == "ddpm" ? "kl_1000" : "kl",
                                                     floors: ["kl": 0.062, "mmd": 0.0036, "swd": 0.19], totalSteps: 10_000))))
        _ = update(&s, .trainer(.groups(groups.map { GroupStatus(name: $0, kind: .adam, lr: 1e-3) })))
        for i in 1...1200 {
            let loss = Float(0.7 + 0.6 * exp(-Double(i) / 200) + 0.05 * sin(Double(i) * 12.9898))
            _ = update(&s, .trainer(.metrics(StepMetrics(step: i, loss: loss, lossEMA: loss, lr: 1e-3, optimizer: .adam, batch: 256))))
        }
        for k in 1...6 {
            var e = evaluation(experiment, step: 200 * k)
            e.append("eps_val_excess", 0.2 / Double(k))
            _ = update(&s, .trainer(.evaluated(e)))
        }
        _ = update(&s, .trainer(.snapshot(snapshot(experiment))))
        if exactLive { _ = update(&s, .key(.char("x"))) }
        _ = update(&s, .tick(10))
        s.notice = nil
        return s
    }

    static func evaluation(_ experiment: String, step: Int) -> Evaluation {
        var e = Evaluation(step: step)
        e.append(contentsOf: [("eps_val_loss", 0.72), ("eps_val_floor", 0.705)])
        switch experiment {
        case "ddpm":
            e.append(contentsOf: [("kl_1000", 0.093), ("precision_2sd", 0.86), ("knn_recall", 0.97), ("excess_nll", 0.1), ("mmd", 0.002), ("swd", 0.12)])
            e.headline = "kl_1000"
            let steps = [5.0, 10, 20, 50, 100, 1000]
            let net: [(String, [Double])] = [("ancestral", [0.95, 0.31, 0.15, 0.145, 0.106, 0.093]), ("DDIM", [0.67, 0.3, 0.21, 0.16, 0.15, 0.143]),
                                             ("Euler", [2.9, 0.68, 0.29, 0.17, 0.155]), ("Heun", [22, 0.39, 0.15, 0.143, 0.143]), ("ReFlow", [0.7, 0.37, 0.24, 0.2, 0.186])]
            let exact: [(String, [Double])] = [("ancestral", [0.72, 0.2, 0.076, 0.06, 0.063, 0.041]), ("DDIM", [0.57, 0.18, 0.09, 0.065, 0.06, 0.058]),
                                               ("Euler", [2.75, 0.52, 0.16, 0.073, 0.061]), ("Heun", [40, 0.37, 0.064, 0.058, 0.058]), ("ReFlow", [0.51, 0.17, 0.087, 0.063, 0.059])]
            let series = { (prefix: String, list: [(String, [Double])]) in
                list.map { name, ys in NamedSeries(name: prefix + name, points: zip(steps, ys).map { SIMD2($0, $1) }) }
            }
            e.curves = series("", net) + series("exact ", exact)
            e.append(contentsOf: [("flow_nll", 2.87), ("flow_kl", 0.041), ("flow_kl_half", 0.043)])
            let tails: [(String, Double?, Double, Double)] = [("data", nil, 2.32, 0.262), ("linear50", 0.776, 1.45, 0.038), ("linear250", 0.282, 2.28, 0.239),
                                                           ("linear1000", 0.0064, 2.29, 0.255), ("cosine50", 0.001, 2.27, 0.241)]
            for (key, signal, std, share) in tails {
                let n = SchedulePitfall.names(key)
                if let signal { e.append(n.signal, signal) }
                e.append(contentsOf: [(n.std, std), (n.tail, share)])
            }
        case "cfg":
            e.append(contentsOf: [("kl", 0.036), ("knn_recall", 0.97), ("mmd", 0.001)])
            e.headline = "kl"
            let measures: [(tag: String, values: [Double])] = [("data", [0.875, 0.646, 0.978, 0.978, 0.0009]), ("s0", [0.5, 1.07, 0.76, 0.977, 0.185]),
                                                              ("s1", [0.881, 0.601, 0.981, 0.974, 0.005]), ("s2", [0.963, 0.521, 0.974, 0.938, 0.075]),
                                                              ("s4", [0.99, 0.497, 0.984, 0.8, 0.34]), ("s8", [0.998, 0.396, 0.99, 0.55, 1.04]),
                                                              ("exact_s0", [0.5, 1.1, 0.75, 0.965, 0.168]), ("exact_s1", [0.882, 0.607, 0.979, 0.973, 0.0006]),
                                                              ("exact_s2", [0.964, 0.521, 0.98, 0.956, 0.063]), ("exact_s4", [0.992, 0.471, 0.976, 0.855, 0.197]),
                                                              ("exact_s8", [0.998, 0.444, 0.976, 0.743, 0.362])]
            for m in measures { e.append(contentsOf: Array(zip(GuidanceQuality.names(m.tag), m.values))) }
            let guided: [(tag: String, values: [Double])] = [("s0", [0.5, 1.07, 0.76, 0.977, 0.185]), ("s1", [0.83, 0.71, 0.97, 0.97, 0.04]),
                                                             ("s2", [0.91, 0.62, 0.97, 0.93, 0.11]), ("s4", [0.96, 0.55, 0.98, 0.84, 0.29]),
                                                             ("s8", [0.985, 0.47, 0.98, 0.66, 0.71]), ("exact_s0", [0.5, 1.1, 0.75, 0.965, 0.168]),
                                                             ("exact_s1", [0.882, 0.607, 0.979, 0.973, 0.0006]), ("exact_s2", [0.964, 0.521, 0.98, 0.956, 0.063]),
                                                             ("exact_s4", [0.992, 0.471, 0.976, 0.855, 0.197]), ("exact_s8", [0.998, 0.444, 0.976, 0.743, 0.362])]
            for m in guided { e.append(contentsOf: Array(zip(GuidanceQuality.names(prefix: CFGMethod.classifierPrefix, m.tag), m.values))) }
        default:
            e.append(contentsOf: [("kl", 0.079), ("ddcm_k2_kl", 1.87), ("ddcm_k4_kl", 0.56), ("ddcm_k16_kl", 0.21), ("ddcm_k64_kl", 0.14)])
            e.headline = "kl"
            let sizes = [2, 4, 16, 64, 256, 1024]
            let table: [(DDCMRule, Int, [Double])] = [(.dot, 1000, [0.017, 0.009, 0.0084, 0.0115, 0.0093, 0.0102]), (.dot, 100, [0.075, 0.049, 0.057, 0.043, 0.045, 0.065]),
                                                      (.dot, 20, [0.53, 0.18, 0.12, 0.18, 0.21, 0.22]), (.nearest, 1000, [0.026, 0.01, 0.0052, 0.0045, 0.0043, 0.0042]),
                                                      (.nearest, 100, [0.127, 0.057, 0.027, 0.019, 0.018, 0.018]), (.nearest, 20, [0.62, 0.25, 0.11, 0.082, 0.077, 0.075])]
            for (rule, steps, values) in table {
                for (k, v) in zip(sizes, values) {
                    e.append(DDCMMethod.distortionName(rule: rule, steps: steps, size: k), v)
                    e.append(DDCMMethod.distortionName(rule: rule, steps: steps, size: k, exact: true), v / Double(k).squareRoot())
                }
            }
        }
        return e
    }

    /// Samples near the data with a few paths; class labels on cfg; targets, decoded points and paths on ddcm.
    static func snapshot(_ experiment: String) -> Snapshot {
        var snap = Snapshot(step: 1200)
        var data: [Float] = [], samples: [Float] = []
        let overlap = GaussianMixture.overlappingClasses().centres
        for i in 0..<240 {
            let j = 0.4 * Fixtures.wobble(i), k = 0.4 * Fixtures.wobble(i + 11)
            if experiment == "cfg" {
                let c = overlap[i % 6]
                data += [Float(c.x + j), Float(c.y + k)]
                samples += [Float(c.x * 1.05 - k), Float(c.y + j)]
            } else {
                let a = 2 * Double.pi * Double(i % 8) / 8
                data += [Float(4 * cos(a) + j), Float(4 * sin(a) + k)]
                samples += [Float(3.9 * cos(a) - k), Float(3.9 * sin(a) + j)]
            }
        }
        snap.data = data
        snap.samples = samples
        let frames = (0...10).map { f -> [Float] in
            let t = Float(f) / 10
            return (0..<8).flatMap { i -> [Float] in [samples[2 * i] * t + Float(Fixtures.wobble(i + f)) * (1 - t), samples[2 * i + 1] * t] }
        }
        snap.trajectories = Trajectories(frames: frames, times: (0...10).map { 1 - Float($0) / 10 })
        snap.samplerSteps = experiment == "ddcm" ? 1000 : 100
        switch experiment {
        case "cfg":
            snap.samplerName = "both classes s=1"
            snap.sampleGroups = (0..<240).map { UInt8(($0 % 6) / 3) }
        case "ddcm":
            snap.samplerName = "DDCM K=64"
            let targets: [Float] = [4, 0.2, -2.7, 2.9, 0.1, -3.8]
            let decoded = targets.map { $0 + 0.05 }
            let paths = (0..<3).flatMap { i in (0...20).flatMap { f -> [Float] in
                let t = Float(f) / 20
                return [targets[2 * i] * t + 0.3 * (1 - t), targets[2 * i + 1] * t - 0.2 * (1 - t)]
            } }
            snap.pointSets = [NamedPoints(name: "targets", points: targets), NamedPoints(name: "decoded", points: decoded), NamedPoints(name: "paths", points: paths)]
        default:
            snap.samplerName = "ancestral σ²=β~"
        }
        return snap
    }
}
