import Testing
@testable import Lab

@Suite("ASCII spellings keep the meaning")
struct TransliterationTests {
    @Test("the table: ranges, comparisons, Greek, sub- and superscripts", arguments: [
        ("1…7 0", "1-7 0"), ("4…2048", "4-2048"), ("waiting…", "waiting..."), ("B ≤ 32", "B <= 32"), ("x ≥ 1", "x >= 1"),
        ("μ 1", "mu 1"), ("λ=1", "lambda=1"), ("η*(B)", "eta*(B)"), ("ε 1e-8", "eps 1e-8"), ("κ² 355", "kappa^2 355"),
        ("B_simple₀", "B_simple0"), ("log₂ B", "log2 B"), ("10⁻³", "10^-3"), ("Adam √B", "Adam sqrtB"), ("ΔE/|E|", "dE/|E|"),
        ("frame 3 · t 1.5", "frame 3, t 1.5"), ("a·k", "a*k"), ("×2", "x2"), ("Adam ↔ Muon", "Adam <-> Muon"), ("v² − μ", "v^2 - mu"),
        ("tr Σ", "tr Sigma"), ("SGD → Adam", "SGD -> Adam"),
    ])
    func table(_ pair: (String, String)) {
        #expect(Transliteration.ascii(pair.0) == pair.1)
    }

    @Test("every result is ASCII, and ASCII text is untouched")
    func asciiOut() {
        let all = String(Transliteration.table.keys) + "…·₀²⁻" + "☃"
        let spelled = Transliteration.ascii(all)
        #expect(spelled.allSatisfy { $0.isASCII })
        #expect(Transliteration.ascii("plain text 1-7 <= 3") == "plain text 1-7 <= 3")
    }

    @Test("focus and the Kepler body no longer share '*': mark glyphs are distinct from series glyphs")
    func distinctSymbols() {
        let marks = Mark.Shape.allCases.map { $0.glyph(.ascii) }
        #expect(Set(marks).count == marks.count)
        #expect(Set(marks).isDisjoint(with: Pen.asciiGlyphs.filter { $0 != "+" }))
        let lines = LineChart.Marker.Kind.allCases.filter { $0 != .reference }.map { $0.line(.ascii) }
        #expect(Set(lines).count == lines.count, "marker kinds read apart in ASCII")
    }

    @Test("an ASCII buffer transliterates what it is given and cuts with '...'")
    func asciiBuffer() {
        var b = Buffer(width: 12, height: 2, asciiText: true)
        b.write("B ≤ 32 · μ", x: 0, y: 0)
        b.write("a long label that does not fit", x: 0, y: 1, width: 12, align: .left)
        #expect(b.text() == "B <= 32, mu \na long la...")
    }
}
