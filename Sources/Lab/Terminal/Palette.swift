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

    private static let series8: [Int16] = [6, 5, 3, 2, 4, 1, 5, 3]

    /// The foreground colour of a role, or -1 for the terminal's default.
    func foreground(_ role: Role) -> Int16 {
        if colors >= 256 { return RoleColor.xterm256(role).map(Int16.init) ?? -1 }
        switch role {
        case .normal, .label, .now: return -1
        case .axis, .title, .dim: return 7
        case .series(let n): return Self.series8[((n % Self.series8.count) + Self.series8.count) % Self.series8.count]
        case .highlight, .reference: return 3
        case .warning: return 1
        case .faint: return 4
        case .focus: return 6
        case .marker(let k):
            let plain: [Int16] = [3, 5, 4, 2, 3]
            return plain[((k % plain.count) + plain.count) % plain.count]
        case .heat(let level):
            let ramp8: [Int16] = [4, 4, 6, 6, 2, 2, 3, 3]
            return ramp8[max(0, min(7, level))]
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
