import Foundation
import Models
import Testing
@testable import Lab

/// A dashboard mid-run with deterministic data: a decaying loss, a switch to Muon, samples on a ring with paths.
func midRunState(glyphs: GlyphMode = .braille) throws -> AppState {
    var s = try initialState(glyphs: glyphs)
    _ = update(&s, .trainer(.info(ExperimentInfo(method: "ReFlow", phases: [Phase("train", steps: nil)], samplers: ["ReFlow", "exact"],
                                                 maxSamplerSteps: 128, hasTrajectories: true, hasExact: true, validationPrefix: "",
                                                 hasFloor: true, headline: "kl", floors: ["kl": 0.03, "swd": 0.09, "mmd": 0.002], totalSteps: 3000))))
    _ = update(&s, .trainer(.groups([GroupStatus(name: "flow", kind: .adam, lr: 1e-3)])))
    for i in 1...1200 {
        let loss = Float(10 * exp(-Double(i) / 300) + 8 + 0.5 * sin(Double(i) * 12.9898))
        let kind: OptimizerKind = i > 800 ? .muon : .adam
        _ = update(&s, .trainer(.metrics(StepMetrics(step: i, loss: loss, lossEMA: loss, lr: 1e-3, optimizer: kind, batch: 256))))
    }
    _ = update(&s, .trainer(.switched(step: 800, from: .adam, to: .muon, group: "flow")))
    _ = update(&s, .trainer(.groups([GroupStatus(name: "flow", kind: .muon, lr: 0.02)])))
    for k in 1...12 {
        var e = Evaluation(step: 100 * k)
        let x = Double(k)
        for (n, v) in [("val_loss", 8.1 + 2 / x), ("val_floor", 8.1), ("val_excess", 2 / x), ("kl", 1.5 / x), ("precision_2sd", 0.7 + 0.01 * x),
                       ("knn_recall", 0.6 + 0.02 * x), ("excess_nll", 1.2 / x), ("mmd", 0.05 / x), ("swd", 0.4 / x), ("straightness", 0.9)] {
            e.append(n, v)
        }
        e.headline = "kl"
        _ = update(&s, .trainer(.evaluated(e)))
    }
    s.notice = nil
    var snap = Snapshot(step: 1200)
    var data: [Float] = [], samples: [Float] = []
    for i in 0..<200 {
        let a = 2 * Double.pi * Double(i % 8) / 8
        let j = 0.4 * sin(Double(i) * 7.1)
        data += [Float(4 * cos(a) + j), Float(4 * sin(a) - j)]
        samples += [Float(3.8 * cos(a) - j), Float(3.8 * sin(a) + j)]
    }
    snap.data = data
    snap.samples = samples
    let frames = (0...8).map { k -> [Float] in
        let t = Float(k) / 8
        return (0..<16).flatMap { i -> [Float] in [samples[2 * i] * t, samples[2 * i + 1] * t] }
    }
    snap.trajectories = Trajectories(frames: frames.reversed(), times: (0...8).map { 1 - Float($0) / 8 })
    snap.samplerSteps = 8
    snap.samplerName = "ReFlow"
    _ = update(&s, .trainer(.snapshot(snap)))
    _ = update(&s, .tick(10))
    return s
}

@Suite struct DashboardTests {
    /// A diverged run's measures are NaN (the soak's key flood found `2σ NaN%` trapping on Int(NaN)); every pane
    /// draws them as "–" at any size.
    @Test func nonFiniteMeasuresRenderAsDashes() throws {
        var s = try midRunState()
        var e = Evaluation(step: 1300)
        for n in ["val_loss", "val_excess", "kl", "precision_2sd", "knn_recall", "excess_nll", "mmd", "swd", "straightness"] { e.append(n, .nan) }
        e.headline = "kl"
        _ = update(&s, .trainer(.evaluated(e)))
        _ = update(&s, .trainer(.metrics(StepMetrics(step: 1301, loss: .infinity, lossEMA: .nan, lr: 1e3, optimizer: .adam, batch: 256))))
        for (w, h) in [(40, 10), (80, 24), (200, 60)] {
            let text = view(s, width: w, height: h).text()
            if w == 200 { #expect(text.contains("2σ –"), "the precision row shows a dash") }
        }
    }

    @Test(arguments: [(20, 6), (80, 24), (100, 30), (200, 60)])
    func dashboardSnapshots(_ size: (Int, Int)) throws {
        let s = try midRunState()
        assertSnapshot(view(s, width: size.0, height: size.1), named: "app-dashboard-\(size.0)x\(size.1)")
    }

    @Test func asciiDashboard() throws {
        assertSnapshot(view(try midRunState(glyphs: .ascii), width: 80, height: 24), named: "app-dashboard-80x24-ascii")
    }

    @Test func zoomAndHelp() throws {
        var s = try midRunState()
        _ = update(&s, .key(.tab))
        _ = update(&s, .key(.char("z")))
        assertSnapshot(view(s, width: 80, height: 24), named: "app-zoom-samples-80x24")
        _ = update(&s, .key(.char("?")))
        assertSnapshot(view(s, width: 80, height: 24), named: "app-help-80x24")
    }

    @Test func everySizeFromTinyToHugeRenders() throws {
        let s = try midRunState()
        for w in stride(from: 1, through: 210, by: 13) {
            for h in stride(from: 1, through: 64, by: 7) {
                let b = view(s, width: w, height: h)
                #expect(b.width == w && b.height == h)
            }
        }
    }

    @Test func theKeyEffectIsVisibleInTheNextFrame() throws {
        var s = try midRunState()
        _ = update(&s, .trainer(.groups([GroupStatus(name: "flow", kind: .adam, lr: 1e-3)])))
        #expect(view(s, width: 100, height: 30).text().contains("Adam"))
        _ = update(&s, .key(.char("3")))
        #expect(view(s, width: 100, height: 30).text().contains("4 Euler steps"))
    }
}

/// The moe-balance dashboard mid-run: a skewed router balanced by the loss-free bias from step 200.
func moeState(glyphs: GlyphMode = .braille) throws -> AppState {
    var s = AppState(preset: try repositoryPreset("moe-balance"), glyphs: glyphs)
    let names = ["maxvio", "maxvio_global", "aux_loss"] + (0..<8).map { "load_\($0)" }
    _ = update(&s, .trainer(.info(ExperimentInfo(method: "MoE flow", samplers: ["MoE flow"], hasTrajectories: true, validationPrefix: "",
                                                 hasFloor: true, headline: "kl", floors: ["kl": 0.06, "swd": 0.19, "mmd": 0.004],
                                                 extraMetricNames: names, totalSteps: 3000))))
    _ = update(&s, .trainer(.groups([GroupStatus(name: "flow", kind: .adam, lr: 1e-3)])))
    for i in 1...600 {
        let global = i < 200 ? 2.2 : 2.2 * exp(-(Double(i) - 200) / 120) + 0.05
        let batch = global + 0.2 * Fixtures.wobble(i)
        let loss = Float(10 * exp(-Double(i) / 150) + 8 + 0.4 * Fixtures.wobble(i + 7))
        _ = update(&s, .trainer(.metrics(StepMetrics(step: i, loss: loss, lossEMA: loss, lr: 1e-3, optimizer: .adam, batch: 256,
                                                     extra: [Float(batch), Float(global), 0] + [Float](repeating: 0.125, count: 8)))))
    }
    _ = update(&s, .trainer(.changed(step: 200, setting: "balance", text: "balance lossfree")))
    for k in 1...6 {
        var e = Evaluation(step: 100 * k, names: ["val_loss", "val_floor", "val_excess", "kl", "precision_2sd", "knn_recall"],
                           values: [8.05 + 1.5 / Double(k), 8.05, 1.5 / Double(k), 1.2 / Double(k), 0.8, 0.9])
        e.headline = "kl"
        _ = update(&s, .trainer(.evaluated(e)))
    }
    var snap = Snapshot(step: 600)
    var data: [Float] = [], samples: [Float] = [], groups: [UInt8] = []
    for i in 0..<240 {
        let a = 2 * Double.pi * Double(i % 8) / 8
        let j = 0.4 * Fixtures.wobble(i)
        data += [Float(4 * cos(a) + j), Float(4 * sin(a) - j)]
        samples += [Float(3.8 * cos(a) - j), Float(3.8 * sin(a) + j)]
        groups.append(UInt8(i % 8))
    }
    snap.data = data
    snap.samples = samples
    snap.sampleGroups = groups
    snap.histogram = [0.14, 0.12, 0.13, 0.11, 0.125, 0.12, 0.13, 0.125]
    snap.histogramReference = 0.125
    snap.samplerSteps = 32
    _ = update(&s, .trainer(.snapshot(snap)))
    _ = update(&s, .tick(10))
    s.notice = nil
    return s
}

@Suite struct TrainingDashboardSnapshots {
    @Test func reflowWithoutColour() throws {
        let s = try midRunState()
        assertSnapshot(view(s, width: 80, height: 24, monochrome: true), named: "app-dashboard-80x24-nocolor")
        assertSnapshot(view(s, width: 48, height: 14), named: "app-dashboard-48x14")
    }

    @Test(arguments: [(48, 14), (80, 24), (200, 60)])
    func moeBalance(_ size: (Int, Int)) throws {
        let s = try moeState()
        let b = view(s, width: size.0, height: size.1)
        assertSnapshot(b, named: "app-moe-\(size.0)x\(size.1)")
        let text = b.text()
        #expect(text.contains("MaxVio") && text.contains("? help"))
        if size.0 >= 80 { #expect(text.contains("kl") && text.contains("lossfree")) }
    }

    /// At 80×24 each pane's main signal is on screen: the held-out excess, the kl trend, the samples, the numbers.
    @Test func eightyByTwentyFourShowsEverySignal() throws {
        let text = view(try midRunState(), width: 80, height: 24).text()
        for needle in ["val excess", "quality · kl", "samples", "kl", "floor", "? help", "q quit"] {
            #expect(text.contains(needle), "missing \(needle)")
        }
    }
}
