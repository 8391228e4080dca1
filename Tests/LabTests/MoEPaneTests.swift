import Foundation
import Testing
@testable import Lab
import Models

@Suite struct MoEPaneTests {
    @Test func expertLoadShowsOneBarPerExpertAndTheIdealLine() {
        var b = Buffer(width: 80, height: 24)
        let loads: [Float] = [0.31, 0.27, 0.02, 0.08, 0.12, 0.05, 0.1, 0.05]
        ExpertLoadPane(loads: loads, reference: 0.125).render(into: &b, area: Rect(x: 0, y: 0, width: 80, height: 24))
        assertSnapshot(b, named: "moe-expert-load-80x24")
    }

    @Test func maxVioChartsBatchAndGlobalWithASwitchMarker() {
        var b = Buffer(width: 80, height: 24)
        func batchValue(_ i: Int) -> Double {
            let d = Double(i)
            return i < 200 ? 2.2 + 0.3 * sin(d) : 2.4 * exp(-(d - 200) / 60) + 0.15 + 0.1 * sin(d)
        }
        func globalValue(_ i: Int) -> Double { i < 200 ? 2.2 : 2.2 * exp(-(Double(i) - 200) / 120) + 0.05 }
        let batch: [(x: Double, y: Double)] = (0..<400).map { (x: Double($0), y: batchValue($0)) }
        let global: [(x: Double, y: Double)] = (0..<400).map { (x: Double($0), y: globalValue($0)) }
        MaxVioPane(batch: batch, global: global, markers: [LineChart.Marker(x: 200, label: "lossfree")]).render(into: &b, area: Rect(x: 0, y: 0, width: 80, height: 24))
        assertSnapshot(b, named: "moe-maxvio-80x24")
    }

    @Test func statsRowsNameTheStrategyAndItsStrength() {
        var b = Buffer(width: 40, height: 6)
        let rows = moeStatsRows(strategy: .lossfree, alpha: 0.01, u: 0.001, maxVio: 0.21, globalMaxVio: 0.03)
        #expect(rows.map(\.key) == ["balance", "MaxVio"])
        #expect(rows[0].value == "lossfree  u 1e-3" && rows[1].value == "0.0300 global  0.210 batch")
        #expect(moeStatsRows(strategy: .aux, alpha: 0.01, u: 0.001, maxVio: nil, globalMaxVio: nil)[0].value == "aux  α 0.01")
        TextPanel(rows: rows).render(into: &b, area: Rect(x: 0, y: 0, width: 40, height: 6))
        assertSnapshot(b, named: "moe-stats-40x6")
    }
}
