import Foundation
import Testing
@testable import Models

/// The sweep pool: units run once each, and a hold stops workers from taking new units until it is released.
@Suite struct CellPoolTests {
    private func pool(count: Int) -> CellPool<Int> {
        CellPool(count: count, threads: 2) { { index, _, emit in emit(index); return true } }
    }

    @Test func everyUnitRunsOnce() {
        let p = pool(count: 50)
        p.start()
        p.wait()
        #expect(p.drain().sorted() == Array(0..<50))
    }

    @Test func aHeldPoolRunsNothingUntilReleased() {
        let p = pool(count: 20)
        p.hold(true)
        p.start()
        Thread.sleep(forTimeInterval: 0.2)
        #expect(p.progress.done == 0 && p.drain().isEmpty, "held before the first unit: none runs")
        p.hold(false)
        p.wait()
        #expect(p.progress.done == 20)
        p.cancel()
    }
}
