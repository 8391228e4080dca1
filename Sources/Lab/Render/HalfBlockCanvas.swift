/// Half-block encoding: 1×2 dots per cell with ▀ ▄ █, for terminals whose fonts lack braille.
enum HalfBlock {
    static func bit(row: Int) -> UInt8 { row == 0 ? 1 : 2 }

    static func glyph(_ mask: UInt8) -> Character {
        switch mask & 3 {
        case 1: return "▀"
        case 2: return "▄"
        case 3: return "█"
        default: return " "
        }
    }
}
