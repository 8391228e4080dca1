/// Semantic meaning of a cell; widgets pick roles and the backend maps them to colours (or to nothing under NO_COLOR).
enum Role: Hashable, Sendable {
    case normal
    case axis
    case label
    case title
    /// The n-th data series; the backend cycles a palette.
    case series(Int)
    case highlight
    case warning
    case dim
    case faint
    /// Border of the focused pane.
    case focus
    /// Reference lines and markers (ideal load, optimizer switch).
    case reference
    /// A chart event line of kind n (`LineChart.Marker.Kind.rawValue`): LR, batch and dataset changes get their own hue.
    case marker(Int)
    /// A "now" position: the terminal's own foreground, bold, so it stands out from every series colour.
    case now
    /// Heatmap intensity level 0...7 (low to high), for a colour ramp.
    case heat(Int)
}

/// How a cell is drawn: a semantic role plus attributes that survive NO_COLOR.
struct Style: Hashable, Sendable {
    var role: Role
    var bold: Bool

    init(_ role: Role = .normal, bold: Bool = false) {
        self.role = role
        self.bold = bold
    }

    static let normal = Style()
    static let axis = Style(.axis)
    static let label = Style(.label)
    static let title = Style(.title, bold: true)
    static let highlight = Style(.highlight, bold: true)
    static let warning = Style(.warning, bold: true)
    static let dim = Style(.dim)
    static let faint = Style(.faint)
    static let focus = Style(.focus, bold: true)
    static let reference = Style(.reference)
    static let now = Style(.now, bold: true)

    static func series(_ index: Int, bold: Bool = false) -> Style { Style(.series(index), bold: bold) }

    /// Heat levels available to `Role.heat`.
    static let heatLevels = 8

    /// One character naming the role in snapshot style planes; upper-case when bold (letters only).
    var code: Character {
        let base: Character
        switch role {
        case .normal: base = " "
        case .axis: base = "a"
        case .label: base = "l"
        case .title: base = "t"
        case .series(let n): base = Character(Unicode.Scalar(UInt8(48 + ((n % 10) + 10) % 10)))
        case .highlight: base = "h"
        case .warning: base = "w"
        case .dim: base = "d"
        case .faint: base = "f"
        case .focus: base = "c"
        case .reference: base = "r"
        case .marker(let n): base = Style.markerCodes[((n % Style.markerCodes.count) + Style.markerCodes.count) % Style.markerCodes.count]
        case .now: base = "n"
        case .heat(let n): base = Style.heatCodes[max(0, min(Style.heatLevels - 1, n))]
        }
        if bold, base.isLetter { return Character(base.uppercased()) }
        if bold, base == " " { return "B" }
        return base
    }

    /// Marker kinds in style planes: optimizer r, learning rate e, batch b, dataset g, reference r.
    private static let markerCodes: [Character] = ["r", "e", "b", "g", "r"]

    private static let heatCodes: [Character] = [".", ":", "-", "=", "+", "*", "#", "@"]
}
