import Testing
@testable import Lab

@Suite("Constraint layout tiles the parent exactly")
struct LayoutTests {
    @Test("segments always sum to the parent", arguments: [0, 1, 7, 24, 80, 201])
    func sums(total: Int) {
        let sets: [[Constraint]] = [
            [.fixed(3), .fill(1), .fixed(1)],
            [.percent(30), .percent(70)],
            [.min(10), .fill(2), .fill(1)],
            [.fixed(5), .fixed(5)],
            [.percent(50), .min(20), .fixed(12)],
            [.fill(0), .fill(0), .fill(0)],
        ]
        for c in sets {
            #expect(Layout.sizes(total: total, constraints: c).reduce(0, +) == total, "\(c) at \(total)")
        }
    }

    @Test("fixed and min are honoured when there is room; fills share the rest by weight")
    func honoured() {
        #expect(Layout.sizes(total: 80, constraints: [.fixed(20), .fill(1), .min(10)]) == [20, 50, 10])
        #expect(Layout.sizes(total: 90, constraints: [.fixed(30), .fill(2), .fill(1)]) == [30, 40, 20])
        #expect(Layout.sizes(total: 100, constraints: [.percent(25), .fill(1)]) == [25, 75])
        #expect(Layout.sizes(total: 50, constraints: [.min(10), .min(20)]) == [20, 30])
    }

    @Test("when space runs short, percent shrinks before min before fixed")
    func shrinking() {
        #expect(Layout.sizes(total: 30, constraints: [.fixed(20), .percent(50), .fill(1)]) == [20, 10, 0])
        #expect(Layout.sizes(total: 25, constraints: [.fixed(20), .min(10)]) == [20, 5])
        #expect(Layout.sizes(total: 10, constraints: [.fixed(8), .fixed(8)]).reduce(0, +) == 10)
    }

    @Test("rects are adjacent, keep the cross axis, and handle zero sizes")
    func rects() {
        let parent = Rect(x: 2, y: 3, width: 40, height: 10)
        let cols = Layout.split(parent, direction: .horizontal, constraints: [.fixed(10), .fill(1)])
        #expect(cols == [Rect(x: 2, y: 3, width: 10, height: 10), Rect(x: 12, y: 3, width: 30, height: 10)])
        let rows = parent.split(.vertical, [.fill(1), .fixed(1)])
        #expect(rows == [Rect(x: 2, y: 3, width: 40, height: 9), Rect(x: 2, y: 12, width: 40, height: 1)])
        #expect(Layout.split(.zero, direction: .vertical, constraints: [.fixed(3), .fill(1)]).allSatisfy { $0.isEmpty })
        #expect(Layout.split(parent, direction: .vertical, constraints: []).isEmpty)
        let spaced = parent.split(.horizontal, [.fill(1), .fill(1)], spacing: 2)
        #expect(spaced.map(\.width) == [19, 19] && spaced[1].x == 2 + 19 + 2)
    }

    @Test("rect helpers clamp instead of going negative")
    func rectHelpers() {
        let r = Rect(x: 0, y: 0, width: 3, height: 2)
        #expect(r.inset(2).isEmpty)
        #expect(r.centered(width: 10, height: 1) == Rect(x: 0, y: 0, width: 3, height: 1))
        #expect(Rect(x: 0, y: 0, width: -5, height: 4).width == 0)
    }
}
