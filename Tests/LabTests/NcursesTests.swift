import CNcurses
import Foundation
import Testing
@testable import Lab

/// ncurses without a TTY: a screen on /dev/null (design notes), to check colour pairs and the ASCII fallback.
@Suite(.serialized) struct NcursesTests {
    private func withScreen(_ body: () throws -> Void) rethrows {
        let out = fopen("/dev/null", "w"), inp = fopen("/dev/null", "r")
        defer { fclose(out); fclose(inp) }
        let screen = newterm("xterm-256color", out, inp)
        defer {
            endwin()
            delscreen(screen)
        }
        try body()
    }

    @Test func colourPairsAreCachedPerForeground() {
        withScreen {
            var p = Palette(enabled: true)
            let a = p.pair(for: .series(0)), b = p.pair(for: .series(1))
            #expect(a != 0 && b != 0 && a != b)
            #expect(p.pair(for: .series(0)) == a, "the same colour reuses its pair")
            #expect(p.pair(for: .normal) == 0, "default colours use pair 0")
        }
    }

    @Test func noColourMeansPairZeroAndAttributesOnly() {
        withScreen {
            var p = Palette(enabled: false)
            for role in [Role.series(0), .warning, .highlight, .axis, .heat(7)] { #expect(p.pair(for: role) == 0) }
            #expect(p.attributes(Style(.warning, bold: true)) & cn_a_bold() != 0, "bold survives NO_COLOR")
            #expect(p.attributes(.faint) & cn_a_dim() != 0)
        }
    }

    @Test func asciiTerminalsGetReadableSymbols() {
        #expect(TerminalSession.ascii("×") == "x")
        #expect(TerminalSession.ascii("²") == "2")
        #expect(TerminalSession.ascii("λ") == "l")
        #expect(TerminalSession.ascii("⣿") == ".")
        #expect(TerminalSession.ascii("☃") == "?")
    }

    @Test func capabilitiesFollowNoColorAndForcedASCII() {
        #expect(!Capabilities.detect(forceASCII: false, environment: ["NO_COLOR": "1"]).color)
        #expect(Capabilities.detect(forceASCII: false, environment: ["NO_COLOR": ""]).color, "an empty NO_COLOR does not count")
        #expect(!Capabilities.detect(forceASCII: true, environment: [:]).unicode)
    }
}
