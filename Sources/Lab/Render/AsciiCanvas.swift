/// ASCII glyph sets for plain terminals: one dot per cell and box drawing with + - |.
enum AsciiGlyphs {
    /// Faint background data (e.g. the training set in a scatter).
    static let faintDot: Character = "."
    /// Vertical marker line and horizontal reference line.
    static let markerLine: Character = ":"
    static let referenceLine: Character = "-"
}
