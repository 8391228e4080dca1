import Foundation
import Models
import Testing
@testable import Lab

/// The repository's own presets, so the dashboards below are the ones `lab PRESET` opens.
func repositoryPreset(_ name: String, filePath: String = #filePath) throws -> Preset {
    let dir = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("presets")
    return try PresetLibrary(directory: dir).load(name)
}

/// The lr-batch-scaling dashboard on its preset's grid with a synthetic SGD-shaped sweep: four steps on a quadratic with
/// curvature 2 leave (1 − 2η)⁸ of the starting loss, gradient noise adds ∝ η²·B_simple/B, and runs with |1 − 2η| > 1.2
/// diverge; so η*(B) rises with B and saturates near 1/2. `fraction` of the cells are finished (in grid order), B_simple 82.9.
func sweepState(fraction: Double = 1, glyphs: GlyphMode = .braille) throws -> AppState {
    var s = AppState(preset: try repositoryPreset("lr-batch-scaling"), glyphs: glyphs)
    let grid = s.sweep!.table.grid
    let results = (0..<Int(Double(grid.count) * fraction)).map { i -> SweepResult in
        let c = grid.cell(i)
        let lr = Double(c.lr), contraction = abs(1 - 2 * lr)
        let loss = 0.01 * pow(contraction, 8) + 0.02 * lr * lr * 83 / Double(c.batch) + 1e-4
        return SweepResult(cell: c, loss: contraction > 1.2 ? .nan : Float(loss * (1 + 0.05 * Fixtures.wobble(i))))
    }
    _ = update(&s, .sweepResults(results))
    _ = update(&s, .sweepNoise(GradientNoise(gradSquared: 0.0397, traceSigma: 3.29)))
    return s
}

/// A physics dashboard after `frames` frames of play.
func physicsState(_ preset: String, frames: Int, glyphs: GlyphMode = .braille) throws -> AppState {
    var s = AppState(preset: try repositoryPreset(preset), glyphs: glyphs)
    for i in 0..<frames { _ = update(&s, .tick(Double(i) / 30)) }
    s.notice = nil
    return s
}

@Suite("Sweep and physics dashboards render their golden snapshots")
struct PhysicsSweepDashboardTests {
    @Test("lr-batch-scaling at 80×24 and 200×60, NO_COLOR and ASCII", arguments: [(80, 24), (200, 60)])
    func sweep(_ size: (Int, Int)) throws {
        let s = try sweepState()
        let b = view(s, width: size.0, height: size.1)
        assertSnapshot(b, named: "app-sweep-\(size.0)x\(size.1)")
        let text = b.text()
        #expect(text.contains("2048") && text.contains("◆") && text.contains("? help"))
        #expect(!text.contains("dark = low"))
        if size.0 == 80 {
            assertSnapshot(view(s, width: 80, height: 24, monochrome: true), named: "app-sweep-80x24-nocolor")
            let ascii = view(try sweepState(glyphs: .ascii), width: 80, height: 24)
            assertSnapshot(ascii, named: "app-sweep-80x24-ascii")
            #expect(ascii.text().allSatisfy { $0.isASCII }, "every cell is ASCII")
            #expect(ascii.text().contains("B <= 32") && ascii.text().contains("eta*"))
        }
    }

    @Test("a sweep still running labels its slope partial")
    func partialSweep() throws {
        let s = try sweepState(fraction: 0.6)
        let b = view(s, width: 80, height: 24)
        assertSnapshot(b, named: "app-sweep-partial-80x24")
        #expect(b.text().contains("partial"))
    }

    @Test("kepler and pursuit at the minimum size, 80×24 and 200×60", arguments: ["kepler", "pursuit"])
    func physics(_ preset: String) throws {
        let s = try physicsState(preset, frames: preset == "kepler" ? 400 : 300)
        for (w, h) in [(48, 14), (80, 24), (200, 60)] {
            let b = view(s, width: w, height: h)
            assertSnapshot(b, named: "app-\(preset)-\(w)x\(h)")
            let text = b.text()
            let nowGlyphs = preset == "kepler" ? text.contains("◉") || (text.contains("○") && text.contains("●")) : text.contains("●") && text.contains("◆")
            #expect(nowGlyphs, "both bodies' now glyphs at \(w)×\(h)")
            #expect(text.contains("? help"), "help stays visible at \(w)×\(h)")
            let panes = text.split(separator: "\n").dropLast().joined()
            if w >= 80 { #expect(!panes.contains("…"), "no readout or label is cut at \(w)×\(h)") }
        }
        assertSnapshot(view(s, width: 80, height: 24, monochrome: true), named: "app-\(preset)-80x24-nocolor")
    }

    @Test("the orbit gets most of the screen: at 80×24 at least 18 rows, at 48×14 at least 9")
    func orbitSpace() throws {
        let s = try physicsState("kepler", frames: 10)
        for (w, h, rows) in [(80, 24, 18), (48, 14, 9)] {
            let scene = dashboardLayout(s, Rect(x: 0, y: 0, width: w, height: h - 1)).first { $0.0 == .scene }!.1
            #expect(scene.height - 2 >= rows, "scene inner height \(scene.height - 2) at \(w)×\(h)")
        }
    }

    @Test("r, + and - say what they did")
    func physicsNotices() throws {
        var s = try physicsState("kepler", frames: 10)
        _ = update(&s, .key(.char("+")))
        #expect(s.notice?.text.contains("speed ×2") == true)
        _ = update(&s, .key(.char("-")))
        #expect(s.notice?.text.contains("speed ×1") == true)
        _ = update(&s, .key(.char("r")))
        #expect(s.notice?.text.contains("restarted") == true && s.demo?.frameIndex == 0)
        _ = update(&s, .key(.char("i")))
        #expect(s.notice?.text.contains("RK4") == true)
    }
}
