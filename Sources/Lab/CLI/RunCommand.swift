import ArgumentParser
import Foundation
import Models

/// `lab run PRESET`: trains without a terminal and writes metrics.csv, summary.json and the experiment's files.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a preset headless and write its metrics and samples to files.")

    @Argument(help: "A preset name (see `lab presets`) or a path to a preset file.")
    var preset: String

    @OptionGroup var length: RunLength

    @Option(help: "Output folder (default: out/PRESET).")
    var out: String?

    @OptionGroup var source: PresetOptions

    @Option(help: "Record metrics, events and snapshots to this new file, for `lab replay FILE`.")
    var record: String?

    @Flag(help: "Also write SVG figures: the dashboard at the end of the run and each of its panes (plot-*.svg).")
    var plot = false

    @Flag(help: "Evaluate on the training thread instead of a second core (the files are the same; for runs sharing cores).")
    var inlineEvaluation = false

    @Option(name: .customLong("shard"), help: ArgumentHelp(
        "Run only part K of N of a sweep (its units whose index ≡ K−1 mod N) into --out, resuming what is there; merge the shards with `lab merge`.",
        valueName: "K/N"))
    var shardText: String?

    /// The shard to run, from `--shard`.
    var shard: Shard? { get throws { try shardText.map(Shard.init(parsing:)) } }

    func run() throws {
        let p = try loadPreset()
        let outDir = URL(fileURLWithPath: out ?? "out/\(p.name)")
        try createDirectory(outDir)
        if shardText != nil, ![.sweep, .mup].contains(Families.headless(p)) {
            throw ConfigError("--shard: '\(p.name)' is not a sweep; sweeps (mup, lr-batch-scaling, compute-optimal) split into shards")
        }
        _ = try shard
        Interrupt.install()
        switch Families.headless(p) {
        case .physics: return try runPhysics(p, outDir)
        case .sweep: return try runSweep(p, outDir)
        case .mup: return try runMuP(p, outDir)
        case .checkpoint: return try runCheckpoint(p, outDir)
        case .race: return try RaceCommand.runHeadless(try RaceSpec(preset: p, library: source.library), out: outDir, serial: false)
        case .training: break
        }
        guard let experiment = p.makeExperiment() else {
            throw ConfigError("\(p.source): experiment '\(p.kindName)' has no headless run yet")
        }
        if let c = CoreSettings(preset: p).dataset.pointCloud { FileHandle.standardError.write(Data((c.report + "\n").utf8)) }
        let total = p.steps
        let run = HeadlessRun(experiment: experiment, steps: total, logEvery: p.logEvery, evalEvery: p.evalEvery)
        run.evaluatesAside = !inlineEvaluation
        let recorder = try record.map { try Recorder(url: URL(fileURLWithPath: $0), header: recordingHeader(p)) }
        var recordError: Error?
        var figureState = plot ? AppState(preset: p, glyphs: .braille) : nil
        let logEvery = max(1, p.logEvery)
        if recorder != nil || plot {
            run.observer = { e in
                if let recorder {
                    do { try recorder.record(e, now: Clock.now()) } catch { recordError = recordError ?? error }
                }
                if figureState != nil {
                    if case .metrics(let m) = e, m.step % logEvery != 0 { return }
                    _ = update(&figureState!, .trainer(e))
                }
            }
        }
        var progress = ProgressLine(total: total)
        let start = Clock.now()
        let info = experiment.info
        // The experiment's headline measure and validation excess, under the names summary.json uses, as of the last evaluation.
        let shown = [info.headline] + (info.validationPrefix.map { [$0 + "val_excess"] } ?? [])
        run.run(shouldStop: { Interrupt.requested }) { m in
            progress.update(m, headline: run.lastEvaluation.map { e in shown.compactMap { n in e[n].map { (n, NumberFormat.readout($0)) } } } ?? [])
        }
        let elapsed = Clock.now() - start
        progress.finish()
        if !run.diverged { run.finishEvaluation() }
        try recorder?.close()
        if let recordError { throw recordError }
        if let figureState { try writeFigures(figureState, to: outDir) }
        for (name, contents) in run.files(preset: p, interrupted: Interrupt.requested, cpuSeconds: Clock.cpuSeconds()) {
            try write(contents, to: outDir.appendingPathComponent(name))
        }
        // On screen in the screen's format (3 figures); summary.json keeps every digit.
        let tail = run.lastEvaluation.map { e in shown.compactMap { n in e[n].map { "\(n)=\(NumberFormat.readout($0))" } } } ?? []
        print(ProgressLine.wrapFields(["\(p.name): \(run.step) steps in \(String(format: "%.1f", elapsed)) s", "-> \(outDir.path)"] + tail,
                                      width: terminalColumns(STDOUT_FILENO)))
        if let why = run.divergence { throw DivergedError(description: "training diverged: \(why); files in \(outDir.path) say diverged: true") }
        if Interrupt.requested { throw Interrupt.exitCode }
    }

    /// Gradient checkpointing: measure memory and time against depth for each scheme.
    private func runCheckpoint(_ p: Preset, _ outDir: URL) throws {
        let study = CheckpointStudy(preset: p)
        let m = study.run { FileHandle.standardError.write(Data(("\r" + $0 + "\u{1B}[K").utf8)) }
        try write(CheckpointStudy.csv(m), to: outDir.appendingPathComponent("checkpointing.csv"))
        try write(CheckpointStudy.summary(m, study: study).text() + "\n", to: outDir.appendingPathComponent("summary.json"))
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        for r in m {
            print("L \(r.layers)  \(r.scheme.rawValue.padding(toLength: 5, withPad: " ", startingAt: 0))  peak \(r.peakBytes / 1024) KiB  "
                  + "\(NumberFormat.readout(r.seconds * 1000)) ms  passes \(r.layerPasses)  gradient error \(NumberFormat.readout(r.gradientError))")
        }
    }

    /// Physics demos: integrate to capture (pursuit), for `periods` orbits (Kepler) or along the curve, and write it.
    private func runPhysics(_ p: Preset, _ outDir: URL) throws {
        let start = Clock.now()
        let files: [(String, String)]
        switch Families.dashboard(for: p) as? PhysicsDemo {
        case .pursuit(let player)?:
            let r = PursuitOutput.run(player.simulation.config)
            files = [("trajectory.csv", r.trajectory), ("summary.json", r.summary)]
        case .kepler(let player)?:
            let r = KeplerOutput.run(player.simulation.config, periods: p.periods)
            files = [("orbit.csv", r.orbit), ("summary.json", r.summary)]
        case .curvature(let player)?:
            let c = player.simulation.config, f = CurveOutput.frames(c)
            files = [("curve.csv", CurveOutput.csv(f)), ("summary.json", CurveOutput.summary(c, frames: f))]
        case nil:
            preconditionFailure("not a physics preset")
        }
        for (name, contents) in files { try write(contents, to: outDir.appendingPathComponent(name)) }
        print("\(p.name): \(files.map(\.0).joined(separator: ", ")) in \(String(format: "%.2f", Clock.now() - start)) s -> \(outDir.path)")
    }

    /// plot-dashboard.svg (the whole dashboard at the end) and plot-PANE.svg for each of its panes, zoomed.
    private func writeFigures(_ state: AppState, to dir: URL) throws {
        var s = state
        s.paused = true
        s.notice = nil
        try write(vectorFigure(s, width: 160, height: 48), to: dir.appendingPathComponent("plot-dashboard.svg"))
        for pane in s.panes {
            var z = s
            z.focus = pane
            z.zoomed = true
            try write(vectorFigure(z, width: 120, height: 36), to: dir.appendingPathComponent("plot-\(pane.rawValue).svg"))
        }
    }

    /// What a recording of this run says it is.
    private func recordingHeader(_ p: Preset) -> RecordingHeader {
        RecordingHeader(preset: p.name, experiment: p.kindName, yaml: p.yaml, created: ISO8601DateFormatter().string(from: Date()))
    }

    private func loadPreset() throws -> Preset {
        var p = try source.load(preset)
        try length.validate()
        if let steps = length.steps { try p.set("steps=\(steps)") }
        if let seed = length.seed { try p.set("seed=\(seed)") }
        return p
    }
}

/// The output folder, created and proved writable before training (`OutputFolder.prepare`).
func createDirectory(_ url: URL) throws { try OutputFolder.prepare(url) }

/// Writes one output file atomically (`OutputFolder.write`).
func write(_ text: String, to url: URL) throws { try OutputFolder.write(text, to: url) }
