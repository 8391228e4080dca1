import Foundation
import Testing
@testable import Lab

@Suite("Ticks land on 1-2-5 steps and labels stay short")
struct TicksTests {
    @Test("nice(0, 1) is 0, 0.2, …, 1")
    func unitRange() {
        #expect(Ticks.nice(min: 0, max: 1, maxCount: 6) == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
    }

    @Test("nice(0.013, 0.87) stays inside the range on a 0.2 step")
    func oddRange() {
        #expect(Ticks.nice(min: 0.013, max: 0.87, maxCount: 6) == [0.2, 0.4, 0.6, 0.8])
        #expect(Ticks.nice(min: 0.013, max: 0.87, maxCount: 10) == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8])
    }

    @Test("large and negative ranges")
    func otherRanges() {
        #expect(Ticks.nice(min: 0, max: 10_000, maxCount: 6) == [0, 2000, 4000, 6000, 8000, 10_000])
        #expect(Ticks.nice(min: -1, max: 1, maxCount: 5) == [-1, -0.5, 0, 0.5, 1])
        #expect(Ticks.nice(min: 1, max: 0, maxCount: 3) == [0, 0.5, 1])
    }

    @Test("degenerate ranges: min == max gives one tick, NaN/Inf give none")
    func degenerate() {
        #expect(Ticks.nice(min: 3, max: 3) == [3])
        #expect(Ticks.nice(min: .nan, max: 1).isEmpty)
        #expect(Ticks.nice(min: 0, max: .infinity).isEmpty)
        #expect(Ticks.log(min: 0, max: 10).isEmpty)
        #expect(Ticks.log(min: .nan, max: 10).isEmpty)
    }

    @Test("log ticks: 1-2-5 within decades where they fit, decades when they do not, thinned evenly past that")
    func logTicks() {
        #expect(Ticks.log(min: 2, max: 60, maxCount: 6) == [2, 5, 10, 20, 50])
        #expect(Ticks.log(min: 0.012, max: 1.3, maxCount: 8) == [0.02, 0.05, 0.1, 0.2, 0.5, 1])
        #expect(Ticks.log(min: 0.1, max: 2.5, maxCount: 4) == [0.1, 0.3, 1], "half decades when 1-2-5 is too dense")
        #expect(Ticks.log(min: 0.001, max: 10, maxCount: 6) == [0.001, 0.01, 0.1, 1, 10])
        #expect(Ticks.log(min: 0.0005, max: 20, maxCount: 6) == [0.001, 0.01, 0.1, 1, 10])
        #expect(Ticks.log(min: 1e-8, max: 1, maxCount: 5) == [1e-8, 1e-6, 1e-4, 1e-2, 1], "every other decade, on even exponents")
    }

    @Test("log ticks at decades are exact powers of ten")
    func logTicksAtDecades() {
        #expect(Ticks.log(min: 3e-7, max: 4e3, maxCount: 12) == (-6...3).map { Foundation.pow(10, Double($0)) })
    }

    @Test("a log range narrower than two 1-2-5 ticks gets linear ticks, never one lonely '10'")
    func narrowLog() {
        #expect(Ticks.log(min: 8, max: 17, maxCount: 6) == [8, 10, 12, 14, 16])
        #expect(Ticks.log(min: 1.755, max: 1.765, maxCount: 4).count >= 2)
    }

    @Test("no axis ever prints the same label twice", arguments: [(1.7551, 1.7604), (8.0, 16.0), (0.99, 1.01), (1e-5, 2e-5), (1234.0, 1240.0)])
    func noDuplicateLabels(_ range: (Double, Double)) {
        for maxTicks in 2...10 {
            let lin = AxisSpec.linear(lo: range.0, hi: range.1, maxTicks: maxTicks)
            #expect(Set(lin.labels).count == lin.labels.count, "linear \(range) \(maxTicks): \(lin.labels)")
            let log = AxisSpec.log10(lo: Foundation.log10(range.0), hi: Foundation.log10(range.1), maxTicks: maxTicks)
            #expect(Set(log.labels).count == log.labels.count, "log \(range) \(maxTicks): \(log.labels)")
        }
    }
}
