/// A key press, decoded from ncurses so the app never sees raw codes.
enum Key: Equatable, Sendable {
    case char(Character)
    case tab, backTab, enter, escape, backspace
    case up, down, left, right
    case ctrl(Character)
}
