import Foundation
import Models

/// One self-overwriting status line on stderr (only when stderr is a terminal) that always fits the terminal's width:
/// "step 1200/3000  loss 8.06  excess 0.101  679 steps/s  ETA 3s", dropping the speed, then ETA, then fields from the end.
struct ProgressLine {
    let total: Int
    /// What is counted: "step", "cells".
    let unit: String
    let enabled = isatty(STDERR_FILENO) == 1
    private var lastDraw = 0.0
    private let start = Clock.now()

    init(total: Int, unit: String = "step") {
        self.total = total
        self.unit = unit
    }

    /// Redraws (at most 5 times a second, and at the end) with the headline fields in order of importance,
    /// e.g. [("loss", "8.06"), ("excess", "0.101")]. The fields are formatted only when the line is drawn: formatting
    /// them at every step had cost 3% of a reflow-mixture run (issue 28).
    mutating func update(step: Int, total: Int? = nil, fields: @autoclosure () -> [(String, String)]) {
        guard enabled else { return }
        let total = total ?? self.total
        let now = Clock.now()
        guard now - lastDraw >= 0.2 || step == total else { return }
        lastDraw = now
        let rate = Double(step) / max(now - start, 1e-9)
        let eta = rate > 0 ? Double(total - step) / rate : 0
        let line = Self.compose(unit: unit, step: step, total: total, fields: fields(), rate: rate, eta: eta,
                                width: terminalColumns(STDERR_FILENO) ?? 80)
        FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8))
    }

    /// The experiment's own headline fields first (they matter most), then the training loss and its EMA.
    mutating func update(_ m: StepMetrics, headline: @autoclosure () -> [(String, String)] = []) {
        update(step: m.step, fields: headline() + [("loss", NumberFormat.readout(Double(m.loss))), ("EMA", NumberFormat.readout(Double(m.lossEMA)))])
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }

    /// The line for `width` columns (one less is used, so the cursor never wraps): the counter always, then fields in order
    /// while they fit, then ETA and the speed when there is room.
    static func compose(unit: String, step: Int, total: Int, fields: [(String, String)], rate: Double, eta: Double, width: Int) -> String {
        let room = max(1, width - 1)
        let head = "\(unit) \(step)/\(total)"
        let tail = ["ETA \(duration(eta))", "\(NumberFormat.compact(rate.rounded())) \(unit == "step" ? "steps" : unit)/s"]
        var parts = [head]
        var used = head.count
        for (name, value) in fields {
            let token = "\(name) \(value)"
            guard used + 2 + token.count <= room else { break }
            parts.append(token)
            used += 2 + token.count
        }
        for token in tail where used + 2 + token.count <= room {
            parts.append(token)
            used += 2 + token.count
        }
        return String(parts.joined(separator: "  ").prefix(room))
    }

    static func duration(_ s: Double) -> String {
        s >= 60 ? String(format: "%dm%02ds", Int(s) / 60, Int(s) % 60) : String(format: "%.0fs", s)
    }

    /// Fields joined by two spaces, broken into lines between fields (never inside one) at `width` columns; nil width = one line.
    /// Continuation lines are indented by two spaces.
    static func wrapFields(_ fields: [String], width: Int?) -> String {
        guard let width, width > 10 else { return fields.joined(separator: "  ") }
        var lines: [String] = []
        var current = ""
        for f in fields where !f.isEmpty {
            if current.isEmpty {
                current = (lines.isEmpty ? "" : "  ") + f
            } else if current.count + 2 + f.count <= width {
                current += "  " + f
            } else {
                lines.append(current)
                current = "  " + f
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.joined(separator: "\n")
    }
}

/// The width of the terminal on `fd` (TIOCGWINSZ), nil when it is not a terminal.
func terminalColumns(_ fd: Int32) -> Int? {
    guard isatty(fd) == 1 else { return nil }
    var ws = winsize()
    guard ioctl(fd, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 else { return nil }
    return Int(ws.ws_col)
}

