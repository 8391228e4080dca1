import Foundation
import Testing
@testable import Lab
import Models

/// The compute-optimal dashboard on its preset's grid with a synthetic sweep of the cells that run: the η-optimised loss
/// is flat up to a knee that grows ∝ √C and rises beyond it, η*(B) = 0.01·√(B/8)·(C₀/C)^0.5 (so η_opt ∝ C^−0.25 along
/// B_opt ∝ C^0.5), each LR row a parabola in log η around it; the noise scale is 3 × the knee × 2, so B_noise/3 runs
/// parallel to B_opt a factor 2 above it.
func computeState(budgets: Int? = nil, glyphs: GlyphMode = .braille) throws -> AppState {
    var s = AppState(preset: try repositoryPreset("compute-optimal"), glyphs: glyphs)
    let sw = s.sweep!
    let config = sw.config, grid = config.grid, flops = config.flops
    var results: [SweepResult] = []
    for (b, c) in flops.enumerated().prefix(budgets ?? flops.count) {
        let knee = 16 * (c / flops[0]).squareRoot()
        for i in 0..<grid.count {
            let cell = grid.cell(i, budget: b)
            guard config.runs(batch: cell.batch, budget: b) else { continue }
            let best = log10(0.01 * (Double(cell.batch) / 8).squareRoot() * pow(flops[0] / c, 0.5))
            let u = log10(Double(cell.lr)) - best
            let loss = -3.5 - 0.4 * log10(c / flops[0]) + 0.3 * max(0, log2(Double(cell.batch) / knee)) + u * u + 0.01 * Double(cell.seed)
            results.append(SweepResult(cell: cell, loss: u > 1.2 ? .nan : Float(pow(10, loss)), noiseScale: Float(6 * knee)))
        }
    }
    _ = update(&s, .sweepResults(results))
    return s
}

@Suite("Compute-optimal dashboard")
struct ComputeLawsDashboardTests {
    @Test("every series of both charts reads apart without colour: its own colour, dash (NO_COLOR) and ASCII glyph")
    func seriesReadApart() throws {
        let s = try computeState()
        let analysis = try #require(s.sweep?.compute)
        let pane = ComputeLawsPane(analysis: analysis, flops: s.sweep!.config.flops)
        let batch = pane.batchChart()
        #expect(batch.series.map { $0.name.split(separator: " ")[0] } == ["B_opt", "B_noise/3", "fit", "DeepSeek"])
        for chart in [batch, pane.chart(name: "η_opt", law: analysis.lrLaw, reference: PowerLaw.deepSeekLR, value: \.lr)] {
            let pens = chart.series.enumerated().map { $1.pen.resolved(series: $0, monochrome: true) }
            for i in pens.indices {
                for j in pens.indices where j > i {
                    #expect(pens[i].style != pens[j].style && pens[i].glyph != pens[j].glyph && pens[i].dash != pens[j].dash,
                            "\(chart.series[i].name) vs \(chart.series[j].name)")
                }
            }
        }
        // B_noise/3 is drawn where measured, as ◆ at each budget.
        #expect(batch.marks.filter { $0.shape == .diamond }.count == analysis.optima.count)
    }

    @Test("laws pane and stats show both fitted exponents with intervals beside DeepSeek's", arguments: [(80, 24), (120, 36)])
    func snapshots(_ size: (Int, Int)) throws {
        let s = try computeState()
        #expect(s.panes == [.heatmap, .laws, .stats])
        let b = view(s, width: size.0, height: size.1)
        assertSnapshot(b, named: "app-compute-\(size.0)x\(size.1)")
        let text = b.text()
        #expect(text.contains("DeepSeek C^-0.125") && text.contains("DeepSeek C^0.327"))
        #expect(size.0 < 120 || text.contains("C 200M"), "the heatmap follows the newest budget")
        #expect(text.contains("B_noise/3"), "the batch chart's key names B_noise/3")
        let law = try #require(s.sweep?.compute?.batchLaw)
        #expect(abs(law.exponent - 0.5) < 0.05, "knee ∝ √C gives B_opt ∝ C^0.5")
        #expect(abs(try #require(s.sweep?.compute?.lrLaw).exponent + 0.25) < 0.05)
        if size == (80, 24) {
            assertSnapshot(view(s, width: 80, height: 24, monochrome: true), named: "app-compute-80x24-nocolor")
            let ascii = view(try computeState(glyphs: .ascii), width: 80, height: 24)
            assertSnapshot(ascii, named: "app-compute-80x24-ascii")
            #expect(ascii.text().allSatisfy { $0.isASCII }, "every cell is ASCII")
        }
    }

    @Test("c pins the heatmap to the next budget; with one budget done the laws wait for a second")
    func budgetKey() throws {
        var s = try computeState(budgets: 1)
        #expect(s.sweep?.compute?.lrLaw == nil)
        #expect(view(s, width: 120, height: 36).text().contains("needs 2 interior budgets"))
        _ = update(&s, .key(.char("c")))
        #expect(s.sweep?.shown == 1 && s.sweep?.pinned == true)
        #expect(view(s, width: 120, height: 36).text().contains("C 356k"))
    }
}
