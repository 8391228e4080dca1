/// Braille encoding: 2×4 dots per cell as bits over U+2800, the densest plotting glyphs terminals offer.
enum Braille {
    /// Dot bits indexed [row][col]: rows 0–2 left 0x01 0x02 0x04, right 0x08 0x10 0x20; row 3 left 0x40, right 0x80.
    static let bits: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]

    static func bit(col: Int, row: Int) -> UInt8 {
        guard (0..<2).contains(col), (0..<4).contains(row) else { return 0 }
        return bits[row][col]
    }

    /// Precomputed glyphs so painting never builds strings.
    private static let table: [Character] = (0..<256).map { Character(Unicode.Scalar(0x2800 + UInt32($0))!) }

    static func glyph(_ mask: UInt8) -> Character { table[Int(mask)] }
}
