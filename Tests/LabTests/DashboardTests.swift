import Foundation
import Models
import Testing
@testable import Lab

/// A dashboard mid-run with deterministic data: a decaying loss, a switch to Muon, samples on a ring with paths.
func midRunState(glyphs: GlyphMode = .braille) throws -> AppState {
    var s = try initialState(glyphs: glyphs)
    for i in 1...1200 {
        let loss = Float(10 * exp(-Double(i) / 300) + 8 + 0.5 * sin(Double(i) * 12.9898))
        let kind: OptimizerKind = i > 800 ? .muon : .adam
        _ = update(&s, .trainer(.metrics(StepMetrics(step: i, loss: loss, lossEMA: loss, lr: 1e-3, optimizer: kind, batch: 256))))
    }
    _ = update(&s, .trainer(.switched(step: 800, from: .adam, to: .muon)))
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
    var e = Evaluation(step: 1200)
    for (n, v) in [("val_loss", 8.6), ("val_floor", 8.1), ("val_excess", 0.5), ("swd", 0.21), ("straightness", 0.9), ("modes", 8), ("precision", 0.95)] {
        e.append(n, v)
    }
    snap.evaluation = e
    _ = update(&s, .trainer(.snapshot(snap)))
    _ = update(&s, .tick(10))
    return s
}

@Suite struct DashboardTests {
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
        _ = update(&s, .trainer(.switched(step: 1200, from: .muon, to: .adam)))
        #expect(view(s, width: 100, height: 30).text().contains("Adam"))
        _ = update(&s, .key(.char("3")))
        #expect(view(s, width: 100, height: 30).text().contains("4 Euler steps"))
    }
}
