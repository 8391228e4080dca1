/// One terminal column: a single-width character and its style.
struct Cell: Equatable, Sendable {
    var char: Character
    var style: Style

    init(_ char: Character = " ", _ style: Style = .normal) {
        self.char = char
        self.style = style
    }

    static let blank = Cell()
}
