import Testing
@testable import Lab

@Suite("Braille encoding follows the Unicode dot table")
struct BrailleTests {
    @Test("each of the 8 dot positions maps to its bit", arguments: [
        (0, 0, 0x01), (0, 1, 0x02), (0, 2, 0x04), (1, 0, 0x08),
        (1, 1, 0x10), (1, 2, 0x20), (0, 3, 0x40), (1, 3, 0x80),
    ])
    func dotBits(col: Int, row: Int, bit: Int) {
        #expect(Braille.bit(col: col, row: row) == UInt8(bit))
        #expect(Braille.glyph(UInt8(bit)).unicodeScalars.first!.value == 0x2800 + UInt32(bit))
    }

    @Test("no dots is the blank braille cell, all 8 dots is U+28FF")
    func emptyAndFull() {
        #expect(Braille.glyph(0) == "\u{2800}")
        #expect(Braille.glyph(0xFF) == "⣿")
    }

    @Test("known combinations: left column ⡇, right column ⢸, top row ⠉, bottom row ⣀")
    func combinations() {
        #expect(Braille.glyph(0x01 | 0x02 | 0x04 | 0x40) == "⡇")
        #expect(Braille.glyph(0x08 | 0x10 | 0x20 | 0x80) == "⢸")
        #expect(Braille.glyph(0x01 | 0x08) == "⠉")
        #expect(Braille.glyph(0x40 | 0x80) == "⣀")
    }

    @Test("a canvas line across one cell fills the diagonal dots")
    func canvasDiagonal() {
        var c = Canvas(mode: .braille, columns: 1, rows: 1, x: 0...1, y: 0...1)
        c.line(0, 1, 1, 0, pen: .series(0))
        var b = Buffer(width: 1, height: 1)
        c.paint(into: &b, area: b.area)
        #expect(b.text() == "⢣" || b.text() == "⠱" || b.text() == "⡱" || b.text() == "⢱")
    }

    @Test("the highest-priority pen colours a shared cell, regardless of drawing order")
    func priority() {
        var c = Canvas(mode: .braille, columns: 1, rows: 1)
        c.setDot(0, 0, pen: .series(3, priority: 5))
        c.setDot(1, 1, pen: .series(1, priority: 0))
        var b = Buffer(width: 1, height: 1)
        c.paint(into: &b, area: b.area)
        #expect(b[0, 0].style == .series(3))
        #expect(b[0, 0].char == Braille.glyph(0x01 | 0x10))
    }

    @Test("half blocks and ASCII glyphs")
    func otherModes() {
        var h = Canvas(mode: .halfBlock, columns: 2, rows: 1)
        h.setDot(0, 0, pen: .series(0))
        h.setDot(1, 0, pen: .series(0))
        h.setDot(1, 1, pen: .series(0))
        var b = Buffer(width: 2, height: 1)
        h.paint(into: &b, area: b.area)
        #expect(b.text() == "▀█")
        var a = Canvas(mode: .ascii, columns: 2, rows: 1)
        a.setDot(0, 0, pen: .series(0))
        a.setDot(1, 0, pen: .series(1))
        b.clear()
        a.paint(into: &b, area: b.area)
        #expect(b.text() == "*o")
    }

    @Test("lines far outside the canvas are clipped, not iterated")
    func clipping() {
        var c = Canvas(mode: .braille, columns: 4, rows: 2, x: 0...1, y: 0...1)
        c.line(-1e12, 0.5, 1e12, 0.5, pen: .series(0))
        c.line(.nan, 0, 1, 1, pen: .series(0))
        var b = Buffer(width: 4, height: 2)
        c.paint(into: &b, area: b.area)
        #expect(b.text().filter { $0 != " " && $0 != "\n" }.count == 4)
    }
}

@Suite("Glyph mode follows the locale and terminal")
struct GlyphModeTests {
    @Test("UTF-8 locales get braille, the Linux console half blocks, others ASCII; LAB_GLYPHS overrides")
    func preferred() {
        #expect(GlyphMode.preferred(environment: ["LANG": "en_US.UTF-8", "TERM": "xterm-256color"]) == .braille)
        #expect(GlyphMode.preferred(environment: ["LC_ALL": "C.utf8", "TERM": "linux"]) == .halfBlock)
        #expect(GlyphMode.preferred(environment: ["LC_ALL": "C", "LANG": "en_US.UTF-8"]) == .ascii)
        #expect(GlyphMode.preferred(environment: [:]) == .ascii)
        #expect(GlyphMode.preferred(environment: ["LANG": "en_US.UTF-8", "LAB_GLYPHS": "ascii"]) == .ascii)
    }
}
