/// The colours roles take on a 256-colour terminal, and the same colours as RGB for exported figures (SVG), so a
/// saved figure looks like the screen.
enum RoleColor {
    /// Series colours: bright, distinct hues first.
    static let series256 = [51, 213, 220, 118, 69, 203, 141, 208]

    /// The xterm-256 index of a role, nil for the terminal's default foreground.
    static func xterm256(_ role: Role) -> Int? {
        switch role {
        case .normal, .label, .now: nil
        case .axis: 245
        case .title: 252
        case .series(let n): series256[((n % series256.count) + series256.count) % series256.count]
        case .highlight: 226
        case .warning: 196
        case .dim: 242
        case .faint: 238
        case .focus: 39
        case .reference: 180
        case .marker(let k):
            [180, 174, 109, 150, 180][((k % 5) + 5) % 5]
        case .heat(let level):
            [17, 18, 25, 31, 37, 78, 184, 226][max(0, min(7, level))]
        }
    }

    /// xterm-256 index → RGB: the 16 system colours, the 6×6×6 cube, then the 24 greys.
    static func rgb(xterm n: Int) -> (Int, Int, Int) {
        let system = [(0, 0, 0), (205, 49, 49), (13, 188, 121), (229, 229, 16), (36, 114, 200), (188, 63, 188), (17, 168, 205), (229, 229, 229),
                      (102, 102, 102), (241, 76, 76), (35, 209, 139), (245, 245, 67), (59, 142, 234), (214, 112, 214), (41, 184, 219), (255, 255, 255)]
        if n < 16 { return system[max(0, n)] }
        if n < 232 {
            let c = n - 16, steps = [0, 95, 135, 175, 215, 255]
            return (steps[c / 36], steps[(c / 6) % 6], steps[c % 6])
        }
        let g = 8 + 10 * (n - 232)
        return (g, g, g)
    }

    /// `#rrggbb` of a role on a dark background (the default foreground is a light grey).
    static func hex(_ role: Role) -> String {
        let (r, g, b) = xterm256(role).map { rgb(xterm: $0) } ?? (229, 229, 229)
        return "#" + [r, g, b].map { String($0, radix: 16).leftPadded(2) }.joined()
    }
}

private extension String {
    func leftPadded(_ n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}
