import ArgumentParser
import Foundation
import Models

/// `lab claims [PRESET...]`: runs each preset that declares claims headless, checks every claim against its budget's
/// bar, and reports a table, claims.json and claims.md; exit 1 when a claim fails.
struct ClaimsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claims",
        abstract: "Run presets headless and check the claims they declare (exit 1 if one fails).")

    @Argument(help: "Presets to check (default: every preset of the library that declares a claim).")
    var presets: [String] = []

    @Flag(help: "The quick budget: each preset's claim_quick_steps and claim_quick_bar.")
    var quick = false

    @Flag(help: "Print claims.json instead of the table.")
    var json = false

    @Option(help: "Output folder: claims.json, claims.md and one run folder per preset.")
    var out = "out/claims"

    @Option(help: "Runs at a time (default: the core count).")
    var jobs: Int?

    @OptionGroup var folder: LibraryOption

    func run() throws {
        if let jobs, jobs < 1 { throw ConfigError("--jobs \(jobs): expected a positive integer") }
        let library = folder.library
        let chosen = try selected(library)
        guard !chosen.isEmpty else { throw ConfigError("no preset in \(library.directory.path) declares a claim (see README: Claims)") }
        let dir = URL(fileURLWithPath: out)
        try OutputFolder.prepare(dir)
        let n = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        let runs = chosen.map { name, p in
            ClaimsRun(preset: name, folder: dir.appendingPathComponent(p.name),
                      steps: quick && p.claimSteps(quick: true) != p.steps ? p.claimSteps(quick: true) : nil, presetsDir: library.directory.path,
                      inlineEvaluation: n > 1)
        }
        FileHandle.standardError.write(Data("checking \(chosen.count) preset\(chosen.count == 1 ? "" : "s"), \(n) at a time -> \(dir.path)\n".utf8))
        let ended = try ClaimsRun.runAll(runs, jobs: n) { i, e in
            let note = e.status == 0 ? "" : "  (exit \(e.status); see \(runs[i].folder.path)/run.log)"
            FileHandle.standardError.write(Data("  \(runs[i].preset): \(String(format: "%.1f", e.seconds)) s\(note)\n".utf8))
        }
        var rows: [ClaimRow] = []
        var figures = Set<String>()
        for (i, (_, p)) in chosen.enumerated() {
            let folder = runs[i].folder
            rows += ClaimRow.judge(p.name, claims: p.claims, metrics: ClaimMetrics.flatten(folder: folder), quick: quick,
                                   budget: p.claimSteps(quick: quick), seconds: ended[i].seconds)
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("plot-dashboard.svg").path) { figures.insert(p.name) }
        }
        let report = ClaimsReport.json(rows)
        try write(report, to: dir.appendingPathComponent("claims.json"))
        try write(ClaimsReport.markdown(rows, quick: quick, figures: figures), to: dir.appendingPathComponent("claims.md"))
        print(json ? report : ClaimsReport.table(rows), terminator: "")
        if rows.contains(where: { $0.outcome.verdict == .fail }) { throw ExitCode(1) }
    }

    /// The named presets (each must declare a claim), or every preset of the library that does, each with the name or
    /// path its child run is given.
    private func selected(_ library: PresetLibrary) throws -> [(name: String, preset: Preset)] {
        guard !presets.isEmpty else {
            return library.names.compactMap { n in (try? library.load(n)).map { (n, $0) } }.filter { !$0.1.claims.isEmpty }
        }
        return try presets.map { name in
            let p = try library.load(name)
            guard !p.claims.isEmpty else { throw ConfigError("\(p.source): declares no claim (keys claim, claim_measure, claim_bar, …)") }
            return (name, p)
        }
    }
}
