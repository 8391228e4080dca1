import Models
import CNcurses
import Foundation
import Synchronization

/// Whether curses currently owns the screen, so every exit path (normal, signal, error) can restore it exactly once.
private let cursesActive = Atomic<Bool>(false)

/// Set by the SIGTSTP handler; the session suspends itself outside the handler (ncurses' own handler calls endwin
/// inside the signal, racing a frame being drawn: a trial of SIGTSTP/SIGCONT once ended in SIGSEGV).
private let suspendRequested = Atomic<Bool>(false)

/// Restores the terminal if curses is active; safe to call from any exit path, repeatedly.
func restoreTerminal() {
    if cursesActive.exchange(false, ordering: .acquiringAndReleasing) {
        endwin()
    }
}

/// The thin ncurses backend: diff the new buffer against the last one, write changed cells, one `doupdate`.
final class TerminalSession {
    let capabilities: Capabilities
    private var palette: Palette
    private var previous = Buffer(width: 0, height: 0)
    private(set) var width = 0
    private(set) var height = 0
    /// Consecutive reads that returned at once with nothing: stdin has hit EOF.
    private var emptyReads = 0
    private(set) var inputClosed = false

    /// Takes over the terminal; throws (instead of exiting, as initscr would) when TERM is unknown.
    init(capabilities: Capabilities) throws {
        self.capabilities = capabilities
        setenv("ESCDELAY", "25", 1)
        // Installed before newterm, so ncurses keeps out of SIGTSTP.
        signal(SIGTSTP) { _ in suspendRequested.store(true, ordering: .relaxed) }
        guard let out = fdopen(STDOUT_FILENO, "w"), let inp = fdopen(STDIN_FILENO, "r"),
              let screen = newterm(nil, out, inp) else {
            throw CommandError("cannot start the terminal (TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? "unset")): try TERM=xterm-256color, or `lab run`")
        }
        set_term(screen)
        cursesActive.store(true, ordering: .releasing)
        atexit { restoreTerminal() }
        cbreak()
        noecho()
        nonl()
        keypad(cn_stdscr(), true)
        curs_set(0)
        set_escdelay(25)
        palette = Palette(enabled: capabilities.color)
        (width, height) = Self.screenSize()
    }

    deinit { restoreTerminal() }

    /// Writes the cells that changed since the last frame, then one `doupdate`.
    func draw(_ buffer: Buffer) {
        if buffer.width != previous.width || buffer.height != previous.height {
            clearok(cn_stdscr(), true)
            previous = Buffer(width: 0, height: 0)
        }
        for change in buffer.diff(from: previous) {
            let cell = change.cell
            let scalar = cell.char.unicodeScalars.first ?? " "
            let shown = capabilities.unicode || scalar.isASCII ? scalar : Self.ascii(scalar)
            let ch = wchar_t(bitPattern: shown.value)
            _ = cn_mvadd_wch(Int32(change.y), Int32(change.x), ch, palette.pair(for: cell.style.role), palette.attributes(cell.style))
        }
        previous = buffer
        wnoutrefresh(cn_stdscr())
        doupdate()
    }

    /// Waits up to `milliseconds` for a key; reports resizes; returns nil on timeout.
    func readKey(timeoutMilliseconds ms: Int) -> KeyEvent? {
        if suspendRequested.exchange(false, ordering: .relaxed) { suspend() }
        if inputClosed {
            usleep(useconds_t(max(0, ms) * 1000))
            return nil
        }
        wtimeout(cn_stdscr(), Int32(max(0, ms)))
        let start = Clock.now()
        var wch: wint_t = 0
        let r = wget_wch(cn_stdscr(), &wch)
        if r == cn_err() {
            // A hung-up terminal (POLLHUP), or ERR long before the timeout, repeatedly, means stdin is closed: stop
            // reading so the loop never spins.
            if Self.stdinHungUp() {
                inputClosed = true
            } else if ms > 5 && Clock.now() - start < Double(ms) / 2000 {
                emptyReads += 1
                if emptyReads >= 3 { inputClosed = true }
            } else {
                emptyReads = 0
            }
            return nil
        }
        emptyReads = 0
        if r == KEY_CODE_YES {
            let code = Int32(wch)
            if code == cn_key_resize() {
                (width, height) = Self.screenSize()
                return .resize(width: width, height: height)
            }
            switch code {
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_BTAB: return .key(.backTab)
            case KEY_BACKSPACE: return .key(.backspace)
            case KEY_ENTER: return .key(.enter)
            default: return nil
            }
        }
        return Self.decode(UInt32(wch)).map { .key($0) }
    }

    /// True when stdin's terminal has gone away (its other end closed).
    static func stdinHungUp() -> Bool {
        var p = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        return poll(&p, 1, 0) == 1 && p.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }

    /// Ctrl-Z: gives the terminal back, stops, and repaints every cell once continued (SIGCONT).
    private func suspend() {
        endwin()
        kill(getpid(), SIGSTOP)
        previous = Buffer(width: 0, height: 0)
        doupdate()
    }

    /// The closest ASCII character for a symbol a cell still holds (text is transliterated before it reaches the buffer).
    static func ascii(_ s: Unicode.Scalar) -> Unicode.Scalar {
        Transliteration.cell(Character(s)).unicodeScalars.first ?? "?"
    }

    /// Maps a character code to a key.
    static func decode(_ code: UInt32) -> Key? {
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(code + 96)!))
        default: return Unicode.Scalar(code).map { .char(Character($0)) }
        }
    }

    /// Re-reads the terminal's real size (TIOCGWINSZ) and resizes curses if it lags behind, returning the new size.
    ///
    /// Bursts of SIGWINCH can leave curses at a stale size when their KEY_RESIZE events coalesce; checking once per
    /// frame makes the layout always follow the terminal.
    func syncSize() -> (width: Int, height: Int)? {
        var ws = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0, ws.ws_row > 0 else { return nil }
        let w = Int(ws.ws_col), h = Int(ws.ws_row)
        guard w != width || h != height else { return nil }
        resizeterm(Int32(h), Int32(w))
        (width, height) = Self.screenSize()
        return (width, height)
    }

    /// The screen's current size in cells.
    static func screenSize() -> (width: Int, height: Int) {
        var h: Int32 = 0, w: Int32 = 0
        cn_getmaxyx(cn_stdscr(), &h, &w)
        return (Int(w), Int(h))
    }

    /// Leaves curses mode (idempotent).
    func end() { restoreTerminal() }
}

/// What the terminal reports to the loop.
enum KeyEvent: Equatable {
    case key(Key)
    case resize(width: Int, height: Int)
}
