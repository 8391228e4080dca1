import Foundation
import Models
import Testing
@testable import Lab

/// `accumulate`'s point on its dashboard: the accumulated gradient's error for the separable flow loss beside InfoNCE's
/// exact (GradCache) and naive accumulation, each with the step it was measured at, kept when the stats pane is short.
@Suite struct AccumulateDashboardTests {
    private func evaluatedState(glyphs: GlyphMode = .braille) throws -> AppState {
        var p = try repositoryPreset("accumulate")
        for a in ["hidden=16,16", "eval_steps=8", "batch=64"] { try p.set(a) }
        var s = AppState(preset: p, glyphs: glyphs)
        let e = try #require(p.makeExperiment())
        _ = update(&s, .trainer(.info(e.info)))
        _ = update(&s, .trainer(.groups(e.groupStatus)))
        for _ in 1...30 { _ = update(&s, .trainer(.metrics(e.trainStep()))) }
        _ = update(&s, .trainer(.evaluated(e.evaluate(curves: false))))
        return s
    }

    @Test func theStatsShowTheFlowErrorBesideInfoNCEsContrast() throws {
        let s = try evaluatedState()
        let rows = AccumulationRows.rows(try #require(s.training.evaluation))
        #expect(rows.map(\.key) == ["accum flow", "NCE exact", "NCE naive"])
        #expect(rows[0].value.contains("step 30") && rows[1].value.hasSuffix("step 10"), "\(rows.map(\.value))")
        for (w, h) in [(120, 36), (80, 24)] {
            let text = view(s, width: w, height: h).text()
            #expect(text.contains("accum flow") && text.contains("NCE exact") && text.contains("NCE naive"), "at \(w)×\(h):\n\(text)")
            #expect(text.contains("step 10") && text.contains("step 30"), "the steps measured stay on screen at \(w)×\(h)")
        }
        let ascii = view(try evaluatedState(glyphs: .ascii), width: 80, height: 24).text()
        #expect(ascii.contains("NCE naive") && ascii.contains("(k 2-16)"), "\(ascii)")
    }

    @Test func otherFlowPresetsHaveNoAccumulationRows() {
        #expect(AccumulationRows.rows(Evaluation(step: 5, names: ["kl"], values: [0.3])).isEmpty)
    }
}
