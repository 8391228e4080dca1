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

    @Test("log ticks are powers of ten, thinned when there are many")
    func logTicks() {
        #expect(Ticks.log(min: 0.001, max: 10, maxCount: 6) == [0.001, 0.01, 0.1, 1, 10])
        #expect(Ticks.log(min: 0.0005, max: 20, maxCount: 6) == [0.001, 0.01, 0.1, 1, 10])
        #expect(Ticks.log(min: 1e-8, max: 1, maxCount: 5).count <= 5)
        #expect(Ticks.log(min: 2, max: 60, maxCount: 6) == [2, 5, 10, 20, 50])
    }

    @Test("compact numbers: 1e-3, 0.02, 1.5k, 2.3M")
    func compact() {
        #expect(NumberFormat.compact(0.001) == "1e-3")
        #expect(NumberFormat.compact(0.00025) == "2.5e-4")
        #expect(NumberFormat.compact(0.02) == "0.02")
        #expect(NumberFormat.compact(1.5) == "1.5")
        #expect(NumberFormat.compact(1500) == "1.5k")
        #expect(NumberFormat.compact(2_300_000) == "2.3M")
        #expect(NumberFormat.compact(-42) == "-42")
        #expect(NumberFormat.compact(0) == "0")
        #expect(NumberFormat.compact(.nan) == "nan")
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
    }
}
