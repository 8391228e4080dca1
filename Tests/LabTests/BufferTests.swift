import Testing
@testable import Lab

@Suite("Buffer writes clip, dump exactly and diff to changed cells only")
struct BufferTests {
    @Test("text() keeps trailing spaces and joins rows with newlines")
    func textDump() {
        var b = Buffer(width: 4, height: 2)
        b.put(0, 0, "a")
        b.put(3, 1, "z", .title)
        #expect(b.text() == "a   \n   z")
        #expect(b.styleText() == "    \n   T")
    }

    @Test("style codes name every role; bold upper-cases letters")
    func styleCodes() {
        let roles: [(Style, Character)] = [
            (.normal, " "), (.axis, "a"), (.label, "l"), (Style(.title), "t"), (.title, "T"), (.series(3), "3"),
            (.series(12), "2"), (.highlight, "H"), (Style(.warning), "w"), (.dim, "d"), (.faint, "f"),
            (Style(.focus), "c"), (.reference, "r"), (Style(.heat(0)), "."), (Style(.heat(7)), "@"),
        ]
        for (style, code) in roles { #expect(style.code == code, "\(style)") }
    }

    @Test("write clips to the buffer, a clip rect and maxWidth; returns the columns advanced")
    func writeClipping() {
        var b = Buffer(width: 6, height: 2)
        #expect(b.write("hello world", x: 2, y: 0) == 11)
        #expect(b.text() == "  hell\n      ")
        b.clear()
        b.write("abcdef", x: -2, y: 1, clip: Rect(x: 0, y: 0, width: 3, height: 2))
        #expect(b.text() == "      \ncde   ")
        b.clear()
        b.write("abcdef", x: 1, y: 0, maxWidth: 2)
        b.write("ignored", x: 0, y: 5)
        #expect(b.text() == " ab   \n      ")
    }

    @Test("aligned writes truncate with an ellipsis")
    func aligned() {
        var b = Buffer(width: 8, height: 3)
        b.write("right", x: 0, y: 0, width: 8, align: .right)
        b.write("mid", x: 0, y: 1, width: 8, align: .center)
        b.write("much too long", x: 0, y: 2, width: 8, align: .left)
        #expect(b.text() == "   right\n  mid   \nmuch to…")
        #expect("abc".truncated(to: 1) == "…" && "abc".truncated(to: 0).isEmpty && "ab".padded(to: 4) == "ab  ")
    }

    @Test("diff lists only changed cells; a size change repaints everything")
    func diff() {
        var a = Buffer(width: 3, height: 2)
        var b = a
        b.put(1, 0, "x", .warning)
        b.put(2, 1, " ", .dim)
        let d = b.diff(from: a)
        #expect(d.map { [$0.x, $0.y] } == [[1, 0], [2, 1]])
        #expect(d[0].cell == Cell("x", .warning))
        #expect(b.diff(from: b).isEmpty)
        a.reset(width: 2, height: 2)
        #expect(b.diff(from: a).count == 6)
    }

    @Test("fill and reset reuse the grid")
    func fillReset() {
        var b = Buffer(width: 3, height: 3)
        b.fill(Rect(x: 1, y: 1, width: 5, height: 5), char: "#", style: .dim)
        #expect(b.text() == "   \n ##\n ##")
        b.reset(width: 3, height: 3)
        #expect(b.text() == "   \n   \n   ")
        #expect(b[-1, 0] == .blank)
    }
}
