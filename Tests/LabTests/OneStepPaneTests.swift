import Foundation
import Models
import Testing
@testable import Lab

/// Hand-made curves and point sets shaped like the one-step experiments' (no training in view tests).
private enum OneStepFixtures {
    static func curve(_ name: String, _ w1: [Double]) -> NamedSeries {
        NamedSeries(name: name, points: w1.enumerated().map { SIMD2(Double(1 << $0.offset), $0.element) })
    }

    static let curves = [
        curve("shortcut", [0.21, 0.17, 0.18, 0.17, 0.15, 0.14, 0.135, 0.13]),
        curve("ReFlow", [2.2, 1.3, 0.7, 0.35, 0.2, 0.15, 0.13, 0.12]),
        NamedSeries(name: "consistency", points: [SIMD2(1, 0.18), SIMD2(2, 0.17), SIMD2(4, 0.17), SIMD2(8, 0.16)]),
        NamedSeries(name: "SiD", points: [SIMD2(1, 0.3)]),
        NamedSeries(name: "1-RF teacher", points: [SIMD2(100, 0.125)]),
    ]

    /// n points around the 8 ring modes (spread `spread`), or around the origin when `collapsed`.
    static func points(_ n: Int, spread: Double, collapsed: Bool = false) -> [Float] {
        (0..<n).flatMap { i -> [Float] in
            let a = 2 * Double.pi * Double(i % 8) / 8, r = collapsed ? 0.0 : 4.0
            return [Float(r * cos(a) + spread * Fixtures.wobble(i)), Float(r * sin(a) + spread * Fixtures.wobble(i + 7))]
        }
    }

    static let sets = [
        NamedPoints(name: "2-RF", points: points(120, spread: 0.5)),
        NamedPoints(name: "shortcut", points: points(120, spread: 0.7)),
        NamedPoints(name: "consistency", points: points(120, spread: 0.6)),
        NamedPoints(name: "SiD λ=1", points: points(120, spread: 0.4)),
        NamedPoints(name: "ReFlow", points: points(120, spread: 1.5, collapsed: true)),
    ]
}

@Suite("One-step panes render their golden snapshots")
struct OneStepPaneTests {
    private func render(_ w: Int, _ h: Int, _ draw: (inout Buffer, Rect) -> Void) -> Buffer {
        var b = Buffer(width: w, height: h)
        draw(&b, b.area)
        return b
    }

    @Test("steps vs quality: one series per method on a log₂ step axis", arguments: [(80, 24), (20, 6)])
    func stepsQuality(w: Int, h: Int) {
        let pane = StepsQualityPane(curves: OneStepFixtures.curves, floor: 0.062, focused: true)
        assertSnapshot(render(w, h) { pane.render(into: &$0, area: $1) }, named: "onestep-steps-quality-\(w)x\(h)")
    }

    @Test("steps vs quality in ASCII, and before any evaluation")
    func stepsQualityAsciiAndEmpty() {
        let pane = StepsQualityPane(curves: OneStepFixtures.curves, glyphs: .ascii)
        assertSnapshot(render(60, 16) { pane.render(into: &$0, area: $1) }, named: "onestep-steps-quality-60x16-ascii")
        let empty = render(40, 8) { StepsQualityPane(curves: []).render(into: &$0, area: $1) }
        #expect(empty.text().contains("no evaluation yet"))
    }

    @Test("1-step grid: a titled scatter per method, the trained one highlighted", arguments: [(100, 30), (20, 6)])
    func grid(w: Int, h: Int) {
        let pane = OneStepGridPane(sets: OneStepFixtures.sets, data: OneStepFixtures.points(200, spread: 0.5),
                                   quality: ["2-RF": 0.52, "shortcut": 0.61, "ReFlow": 2.2], selected: "shortcut")
        assertSnapshot(render(w, h) { pane.render(into: &$0, area: $1) }, named: "onestep-grid-\(w)x\(h)")
    }

    /// The series the chart draws: curves on log₂ steps, a one-step generator's stub at M = 1, the teacher's level across, the floor.
    @Test("steps vs quality: stubs, levels and the floor")
    func stepsQualitySeries() {
        let series = StepsQualityPane.series(OneStepFixtures.curves, floor: 0.062, values: true)
        #expect(series.map(\.name) == ["shortcut 0.21", "ReFlow 2.2", "consistency 0.18", "SiD 0.3", "1-RF@100 0.125", "floor 0.062"])
        #expect(StepsQualityPane.series(OneStepFixtures.curves, floor: 0.062, values: false).map(\.name)
            == ["shortcut", "ReFlow", "consistency", "SiD", "1-RF@100", "floor"])
        #expect(series[2].points.map(\.x) == [0, 1, 2, 3])
        #expect(series[3].points.map(\.x) == [0, 0.25] && series[3].points.allSatisfy { $0.y == 0.3 })
        #expect(series[4].points.map(\.x) == [0, 7] && series[4].points.allSatisfy { $0.y == 0.125 })
        let text = render(80, 24) { StepsQualityPane(curves: OneStepFixtures.curves, floor: 0.062).render(into: &$0, area: $1) }.text()
        #expect(text.contains("1-RF@100 0.125") && text.contains("legend @1"))
        let narrow = render(40, 14) { StepsQualityPane(curves: OneStepFixtures.curves, floor: 0.062).render(into: &$0, area: $1) }.text()
        #expect(narrow.contains("1-RF@100") && !narrow.contains("0.125"), "a narrow pane keeps the names and drops the values")
    }

    @Test("grid titles carry each method's 1-step kl")
    func gridTitles() {
        let pane = OneStepGridPane(sets: OneStepFixtures.sets, data: [], quality: ["2-RF": 0.52])
        #expect(pane.title("2-RF") == "2-RF · kl 0.52" && pane.title("shortcut") == "shortcut")
    }

    @Test("grid columns keep cells about square")
    func gridColumns() {
        #expect(OneStepGridPane.columns(count: 1, area: Rect(x: 0, y: 0, width: 40, height: 20)) == 1)
        #expect(OneStepGridPane.columns(count: 4, area: Rect(x: 0, y: 0, width: 80, height: 40)) == 2)
        #expect(OneStepGridPane.columns(count: 5, area: Rect(x: 0, y: 0, width: 200, height: 20)) == 5)
        let empty = render(30, 6) { OneStepGridPane(sets: [], data: []).render(into: &$0, area: $1) }
        #expect(empty.text().contains("no samples yet"))
    }
}
