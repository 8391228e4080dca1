import Testing
@testable import Lab

@Suite("The headless progress line fits the terminal")
struct ProgressLineTests {
    static let fields = [("loss", "8.06"), ("EMA", "8.10"), ("excess", "0.101"), ("MaxVio", "0.022")]

    @Test("never wider than the terminal (one column spare), at any width", arguments: [20, 50, 80, 200])
    func fits(width: Int) {
        let line = ProgressLine.compose(unit: "step", step: 1200, total: 3000, fields: Self.fields, rate: 679, eta: 3, width: width)
        #expect(line.count <= width - 1, "\(line.count) > \(width - 1): \(line)")
        #expect(line.hasPrefix("step 1200/3000"))
    }

    @Test("fields go in order and whole: the headline measure stays, the speed goes first")
    func priority() {
        let line = ProgressLine.compose(unit: "step", step: 1200, total: 3000, fields: Self.fields, rate: 679, eta: 3, width: 50)
        #expect(line == "step 1200/3000  loss 8.06  EMA 8.10  excess 0.101")
        let wide = ProgressLine.compose(unit: "step", step: 1200, total: 3000, fields: Self.fields, rate: 679, eta: 3, width: 120)
        #expect(wide.hasSuffix("MaxVio 0.022  ETA 3s  679 steps/s"))
    }

    @Test("the summary wraps between fields, never inside one")
    func summaryWraps() {
        let fields = ["reflow-mixture: 3000 steps in 12.3 s", "-> out/reflow-mixture", "swd=0.121", "modes=8", "precision=0.96", "val_loss=8.279"]
        let text = ProgressLine.wrapFields(fields, width: 40)
        for line in text.split(separator: "\n") { #expect(line.count <= 40, "\(line)") }
        for f in fields { #expect(text.contains(f), "\(f) kept whole") }
        #expect(ProgressLine.wrapFields(fields, width: nil) == fields.joined(separator: "  "), "one line when not a terminal")
    }
}
