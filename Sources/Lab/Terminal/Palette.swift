import CNcurses

/// Maps semantic roles to terminal colours; under NO_COLOR everything is the default pair and only attributes remain.
struct Palette {
    let colors: Int
    let enabled: Bool
    private var pairs: [PairKey: Int16] = [:]
    private var nextPair: Int16 = 1

    private struct PairKey: Hashable { var fg: Int16; var bg: Int16 }

    init(enabled: Bool) {
        self.enabled = enabled && has_colors()
        if self.enabled {
            start_color()
            use_default_colors()
        }
        colors = self.enabled ? Int(cn_colors()) : 0
    }

    /// Series colours: bright, distinct hues first (256-colour indices, with 8-colour fallbacks).
    private static let series256: [Int16] = [51, 213, 220, 118, 69, 203, 141, 208]
    private static let series8: [Int16] = [6, 5, 3, 2, 4, 1, 5, 3]

    /// The foreground colour of a role, or -1 for the terminal's default.
    func foreground(_ role: Role) -> Int16 {
        let rich = colors >= 256
        switch role {
        case .normal, .label: return -1
        case .axis: return rich ? 245 : 7
        case .title: return rich ? 252 : 7
        case .series(let n):
            let table = rich ? Self.series256 : Self.series8
            return table[((n % table.count) + table.count) % table.count]
        case .highlight: return rich ? 226 : 3
        case .warning: return rich ? 196 : 1
        case .dim: return rich ? 242 : 7
        case .faint: return rich ? 238 : 4
        case .focus: return rich ? 39 : 6
        case .reference: return rich ? 180 : 3
        case .marker(let k):
            let rich256: [Int16] = [180, 174, 109, 150, 180]
            let plain: [Int16] = [3, 5, 4, 2, 3]
            let i = ((k % rich256.count) + rich256.count) % rich256.count
            return rich ? rich256[i] : plain[i]
        case .now: return -1
        case .heat(let level):
            let ramp256: [Int16] = [17, 18, 25, 31, 37, 78, 184, 226]
            let ramp8: [Int16] = [4, 4, 6, 6, 2, 2, 3, 3]
            let i = max(0, min(7, level))
            return rich ? ramp256[i] : ramp8[i]
        }
    }

    /// The colour pair for a role, created on first use and cached by (fg, bg).
    mutating func pair(for role: Role) -> Int16 {
        guard enabled else { return 0 }
        let key = PairKey(fg: foreground(role), bg: -1)
        if key.fg == -1 { return 0 }
        if let p = pairs[key] { return p }
        guard Int(nextPair) < Int(cn_color_pairs()) else { return 0 }
        let p = nextPair
        nextPair += 1
        init_pair(p, key.fg, key.bg)
        pairs[key] = p
        return p
    }

    /// Attributes that carry meaning without colour (bold, dim for faint roles).
    func attributes(_ style: Style) -> attr_t {
        var a = cn_a_normal()
        if style.bold { a |= cn_a_bold() }
        switch style.role {
        case .dim, .faint: a |= cn_a_dim()
        default: break
        }
        return a
    }
}
