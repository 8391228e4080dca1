import Foundation
import Models

/// One checked claim as `lab claims` reports it: a row of the table, of claims.json and of claims.md.
struct ClaimRow: Sendable, Equatable {
    var preset: String
    var claim: Claim
    var outcome: ClaimOutcome
    /// The bar it was judged by (the quick bar for --quick).
    var bar: ClaimBar
    /// The step its metrics were measured at.
    var step: Int
    var seconds: Double

    /// The claims of one finished run, judged on the metrics its folder holds.
    static func judge(_ preset: String, claims: [Claim], metrics: [String: Double], quick: Bool, budget: Int, seconds: Double) -> [ClaimRow] {
        let step = metrics["steps"].map { Int($0) } ?? budget
        return claims.map { c in
            ClaimRow(preset: preset, claim: c, outcome: c.judge(metrics, quick: quick), bar: c.bar(quick: quick), step: step, seconds: seconds)
        }
    }

    /// The measured value in the screen's three figures, or what stopped it ("no metric b.kl").
    var measuredText: String { outcome.measured.map { NumberFormat.readout($0) } ?? (outcome.reason ?? "—") }
}

/// The three forms of a claims report: a table for the terminal, claims.json, and claims.md with each run's figure.
enum ClaimsReport {
    /// claims.json: `{"claims": [{preset, claim, source, figure, measured (number or null), bar, verdict, step, seconds}]}`.
    static func json(_ rows: [ClaimRow]) -> String {
        let items = rows.map { r -> JSONValue in
            var o = JSONObject()
            o.set("preset", r.preset)
            o.set("claim", r.claim.name)
            o.set("source", r.claim.source)
            o.set("figure", r.claim.figure)
            o.set("measured", raw: JSONValue.optional(r.outcome.measured).rendered())
            o.set("bar", r.bar.description)
            o.set("verdict", r.outcome.verdict.rawValue)
            o.set("step", r.step)
            o.set("seconds", (r.seconds * 10).rounded() / 10)
            return o.value
        }
        return JSONValue.object([("claims", .array(items))]).rendered() + "\n"
    }

    static let headers = ["preset", "claim", "source", "paper figure", "measured", "bar", "verdict", "seconds"]

    /// The table's cells of one row (text cut to `cut` characters for a terminal).
    static func cells(_ r: ClaimRow, cut: Int = .max) -> [String] {
        func short(_ s: String) -> String { s.count > cut ? String(s.prefix(cut - 1)) + "…" : s }
        return [r.preset, short(r.claim.name), short(r.claim.source), short(r.claim.figure), r.measuredText, r.bar.description,
                r.outcome.verdict.rawValue, String(format: "%.1f", r.seconds)]
    }

    /// Columns padded to their widest cell, two spaces apart.
    static func table(_ rows: [ClaimRow], cut: Int = 36) -> String {
        let all = [headers] + rows.map { cells($0, cut: cut) }
        let widths = headers.indices.map { i in all.map { $0[i].count }.max() ?? 0 }
        return all.map { line in
            zip(line, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n"
    }

    /// claims.md: one section per preset with its rows and, where the run drew it, its dashboard figure.
    static func markdown(_ rows: [ClaimRow], quick: Bool, figures: Set<String>) -> String {
        var out = "# Claims (\(quick ? "quick" : "full") budget)\n\n"
        let passed = rows.filter { $0.outcome.verdict == .pass }.count
        out += "\(passed) of \(rows.count) claims pass.\n"
        var presets: [String] = []
        for r in rows where !presets.contains(r.preset) { presets.append(r.preset) }
        for preset in presets {
            out += "\n## \(preset)\n\n"
            out += "| " + headers.dropFirst().joined(separator: " | ") + " |\n"
            out += "|" + String(repeating: " --- |", count: headers.count - 1) + "\n"
            for r in rows where r.preset == preset {
                out += "| " + cells(r).dropFirst().map(escaped).joined(separator: " | ") + " |\n"
            }
            if figures.contains(preset) { out += "\n![\(preset) at the end of its run](\(preset)/plot-dashboard.svg)\n" }
        }
        return out
    }

    /// A table cell's text with its pipes escaped and lines joined.
    static func escaped(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
