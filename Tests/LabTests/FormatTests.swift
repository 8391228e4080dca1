import Testing
@testable import Lab

@Suite("One number formatter: fixed significant figures, one exponent style, no float noise")
struct FormatTests {
    @Test("compact: at most 3 figures, trailing zeros dropped, k/M suffixes, e-notation below 0.01")
    func compact() {
        let cases: [(Double, String)] = [
            (0.001, "1e-3"), (0.00025, "2.5e-4"), (0.02, "0.02"), (1.5, "1.5"), (1500, "1.5k"), (2_300_000, "2.3M"),
            (-42, "-42"), (0, "0"), (3000, "3k"), (1234, "1.23k"), (123_456, "123k"), (1e15, "1e15"), (0.5, "0.5"),
        ]
        for (v, s) in cases { #expect(NumberFormat.compact(v) == s, "compact(\(v))") }
        #expect(NumberFormat.compact(.nan) == "nan")
        #expect(NumberFormat.compact(-.infinity) == "-inf")
    }

    @Test("float noise never shows: Float round-trips and binary fractions print as the decimal they stand for")
    func noNoise() {
        #expect(NumberFormat.compact(3.90625e-06) == "3.91e-6")
        #expect(NumberFormat.compact(Double(Float(1.2))) == "1.2")
        #expect(NumberFormat.compact(1.20000005) == "1.2")
        #expect(NumberFormat.compact(Double(Float(0.001))) == "1e-3")
        #expect(NumberFormat.compact(9.99999994e-09) == "1e-8")
        #expect(NumberFormat.readout(Double(Float(0.1))) == "0.100")
    }

    @Test("rounding that crosses a power of ten re-picks the style: 999.6 → 1k, 9.996 → 10, 0.0099996 → 0.01")
    func roundingAcrossThresholds() {
        #expect(NumberFormat.compact(999.6) == "1k")
        #expect(NumberFormat.readout(999.6) == "1.00k")
        #expect(NumberFormat.compact(9.996) == "10")
        #expect(NumberFormat.readout(9.996) == "10.0")
        #expect(NumberFormat.compact(0.0099996) == "0.01")
        #expect(NumberFormat.readout(0.0099996) == "0.0100")
    }

    @Test("readout keeps its figures so a column lines up: EMA 8.00, not EMA 8")
    func readout() {
        let cases: [(Double, String)] = [
            (8, "8.00"), (8.06, "8.06"), (0.12, "0.120"), (1.07e-4, "1.07e-4"), (12345, "12.3k"), (0, "0.00"),
            (-2.86e-4, "-2.86e-4"), (6.283185, "6.28"), (100, "100"), (58.49, "58.5"),
        ]
        for (v, s) in cases { #expect(NumberFormat.readout(v) == s, "readout(\(v))") }
        #expect(NumberFormat.figures(514.2857142, 6) == "514.286")
        #expect(NumberFormat.figures(1, 6) == "1.00000")
        #expect(NumberFormat.readout(nil as Double?) == "–")
        let column = [8.0, 8.06, 9.1, 7.5].map { NumberFormat.readout($0) }
        #expect(Set(column.map(\.count)) == [4], "same width: \(column)")
    }

    @Test("one exponent style: no zero padding, no plus sign, the same in readouts and labels")
    func exponentStyle() {
        for v in [1.07e-4, 3.3e-12, 5e-3, 2.5e15] {
            for s in [NumberFormat.compact(v), NumberFormat.readout(v)] {
                #expect(!s.contains("e-0") && !s.contains("e+") && !s.contains("E"), "\(s)")
            }
        }
        #expect(NumberFormat.readout(2.5e15) == "2.50e15")
    }

    @Test("tick labels share decimals along an axis; 3000 stays 3000, 20000 becomes 20k")
    func tickLabels() {
        #expect(NumberFormat.tick(0.4, step: 0.2) == "0.4")
        #expect(NumberFormat.tick(1, step: 0.2) == "1.0")
        #expect(NumberFormat.tick(0, step: 0.2) == "0")
        #expect(NumberFormat.tick(3000, step: 1000) == "3000")
        #expect(NumberFormat.tick(20000, step: 5000) == "20k")
        #expect(NumberFormat.tick(12500, step: 2500) == "12.5k")
        #expect(NumberFormat.tick(0.005, step: 0.005) == "5e-3")
        #expect(NumberFormat.tick(0.0015, step: 0.0005) == "1.5e-3")
    }

    @Test("an axis is labelled in one style and never repeats a label")
    func axisLabels() {
        #expect(NumberFormat.ticks([0, 0.005, 0.01, 0.015]) == ["0", "0.005", "0.010", "0.015"])
        #expect(NumberFormat.ticks([0.001, 0.002, 0.003]) == ["1e-3", "2e-3", "3e-3"])
        #expect(NumberFormat.ticks([0, 10_000, 20_000]) == ["0", "10k", "20k"])
        let close = NumberFormat.ticks([1.7550, 1.7575, 1.7600])
        #expect(Set(close).count == 3, "\(close)")
        let log = AxisSpec.distinctLabels([1.755, 1.76])
        #expect(Set(log).count == 2, "\(log)")
    }
}
