import CNcurses
import Foundation

/// What the terminal can show, decided once at start-up so every frame renders the same way.
struct Capabilities: Equatable, Sendable {
    var unicode: Bool
    var color: Bool

    /// From the locale (`nl_langinfo(CODESET)`), `NO_COLOR` (any non-empty value) and `--ascii`.
    static func detect(forceASCII: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) -> Capabilities {
        setlocale(LC_ALL, "")
        let codeset = String(cString: cn_codeset()).uppercased()
        let utf8 = codeset == "UTF-8" || codeset == "UTF8"
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        return Capabilities(unicode: utf8 && !forceASCII, color: !noColor)
    }

    /// Why the dashboard cannot start here, if it cannot: not a TTY, or no usable TERM.
    static func unusableReason(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if isatty(STDIN_FILENO) != 1 || isatty(STDOUT_FILENO) != 1 { return "not a terminal (stdin and stdout must be a TTY)" }
        let term = environment["TERM"] ?? ""
        if term.isEmpty || term == "dumb" { return "TERM is \(term.isEmpty ? "unset" : "'dumb'")" }
        return nil
    }
}
