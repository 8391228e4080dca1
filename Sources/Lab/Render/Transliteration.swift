/// ASCII spellings that keep a symbol's meaning on terminals without UTF-8 (LANG=C, `--ascii`): "≤" is "<=", not "<";
/// μ is "mu", not "u"; "1…7" is "1-7", not "1.7".
enum Transliteration {
    /// Whole-word spellings for text; anything missing here falls back to `cell`.
    static let table: [Character: String] = [
        "≤": "<=", "≥": ">=", "≠": "!=", "≈": "~", "∝": "~", "±": "+/-", "∞": "inf", "√": "sqrt", "∑": "sum",
        "→": "->", "←": "<-", "↔": "<->", "⇒": "=>", "—": "--", "−": "-", "–": "-", "×": "x", "÷": "/",
        "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "eps", "ζ": "zeta", "η": "eta", "θ": "theta",
        "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi", "ρ": "rho", "σ": "sigma", "τ": "tau",
        "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega", "Σ": "Sigma", "Ω": "Omega", "Φ": "Phi", "Λ": "Lambda",
        // Δ is the difference sign wherever the lab uses it ("ΔE/|E|" reads "dE/|E|").
        "Δ": "d",
        "°": "deg", "½": "1/2", "✓": "ok", "“": "\"", "”": "\"", "‘": "'", "’": "'",
        "•": "o", "●": "@", "✕": "X", "◆": "#", "■": "H", "▲": "^", "✚": "+", "○": "O",
        // The stats pane's pointer at the group the keys act on ("◂ keys"), and the race's better-run mark.
        "◂": "<",
    ]

    static let subscripts: [Character: Character] = [
        "₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6", "₇": "7", "₈": "8", "₉": "9",
    ]
    static let superscripts: [Character: Character] = [
        "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-", "⁺": "+",
    ]

    /// The ASCII spelling of `s`: table words, subscripts as digits ("log₂" → "log2"), superscripts after one "^"
    /// ("κ²" → "kappa^2"), "…" between two figures as a range ("1…7" → "1-7") and elsewhere as "...", and " · " as ", ".
    static func ascii(_ s: String) -> String {
        guard !s.utf8.allSatisfy({ $0 < 128 }) else { return s }
        let chars = Array(s)
        var out = ""
        out.reserveCapacity(chars.count + 8)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            defer { i += 1 }
            if c.isASCII {
                out.append(c)
            } else if c == "…" {
                let before = i > 0 ? chars[i - 1] : " ", after = i + 1 < chars.count ? chars[i + 1] : " "
                out += before.isLetter || before.isNumber ? (after.isLetter || after.isNumber ? "-" : "...") : "..."
            } else if c == "·" {
                let spaced = i > 0 && chars[i - 1] == " " && i + 1 < chars.count && chars[i + 1] == " "
                if spaced {
                    if out.last == " " { out.removeLast() }
                    out += ","
                } else {
                    out += "*"
                }
            } else if let d = subscripts[c] {
                out.append(d)
            } else if let d = superscripts[c] {
                if i == 0 || superscripts[chars[i - 1]] == nil { out.append("^") }
                out.append(d)
            } else if let word = table[c] {
                out += word
            } else {
                out.append(cell(c))
            }
        }
        return out
    }

    /// One ASCII character for a single cell (plot glyphs, borders, the backend's last resort); "?" when nothing fits.
    static func cell(_ c: Character) -> Character {
        if c.isASCII { return c }
        if let d = subscripts[c] ?? superscripts[c] { return d }
        if let w = table[c], w.count == 1, let first = w.first { return first }
        switch c {
        case "·", "…": return "."
        case "─", "━", "╌", "┄", "╍", "┅", "┉": return "-"
        case "│", "┃", "┊", "╎", "┆", "╏": return "|"
        case "╭", "╮", "╰", "╯", "┏", "┓", "┗", "┛", "┌", "┐", "└", "┘", "┤", "├", "┬", "┴", "┼": return "+"
        case "░": return "."
        case "▒": return ":"
        case "▓": return "#"
        case "█", "▀", "▄": return "#"
        case "◦", "▪", "▫", "∗": return "*"
        default: break
        }
        if let w = table[c], let first = w.first { return first }
        if let s = c.unicodeScalars.first, (0x2800...0x28FF).contains(s.value) { return s.value == 0x2800 ? " " : "." }
        return "?"
    }
}

extension String {
    /// At most `width` columns; "…" marks the cut, or "..." when `ascii`.
    func truncated(to width: Int, ascii: Bool) -> String {
        guard ascii else { return truncated(to: width) }
        guard width > 0 else { return "" }
        guard count > width else { return self }
        if width < 4 { return String(prefix(width - 1)) + "." }
        return String(prefix(width - 3)) + "..."
    }
}
