import ArgumentParser
import Foundation
import Models

/// `lab [PRESET]`: the live dashboard (default subcommand).
struct UICommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ui", abstract: "Open the live dashboard on a preset (default).")

    @Argument(help: "A preset name or path (default: reflow-mixture).")
    var preset: String = "reflow-mixture"

    @Flag(help: "ASCII glyphs instead of braille and box drawing.")
    var ascii = false

    @Flag(help: "Start paused.")
    var paused = false

    @Option(name: .customLong("set"), help: "Override a preset key, e.g. --set lr=3e-3 (repeatable).")
    var overrides: [String] = []

    @Option(name: .customLong("presets-dir"), help: "Folder of preset files.")
    var presetsDir: String?

    func run() throws {
        let library = presetsDir.map { PresetLibrary(directory: URL(fileURLWithPath: $0)) } ?? .locate()
        var p = try library.load(preset)
        for assignment in overrides { try p.set(assignment) }
        if let reason = Capabilities.unusableReason() {
            throw CommandError("\(reason): the dashboard needs a terminal; run it headless with `lab run \(preset)`")
        }
        if p.experiment == .race { return try RaceDashboard.open(try RaceSpec(preset: p, library: library), ascii: ascii) }
        var checkpoint: CheckpointView?
        if p.experiment == .checkpointing {
            let study = CheckpointStudy(preset: p)
            let m = study.run { FileHandle.standardError.write(Data(("\rmeasuring " + $0 + "\u{1B}[K").utf8)) }
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
            checkpoint = CheckpointView(study: study, measurements: m)
        }
        let experiment = p.makeExperiment()
        guard experiment != nil || p.experiment.isPhysics || p.experiment == .lrBatchScaling || p.experiment == .mup || checkpoint != nil else {
            throw CommandError("\(p.source): experiment '\(p.experiment.rawValue)' has no dashboard yet")
        }
        let caps = Capabilities.detect(forceASCII: ascii)
        var state = AppState(preset: p, glyphs: caps.unicode ? .braille : .ascii)
        state.paused = paused
        if let checkpoint {
            state.checkpoint = checkpoint
            state.panes = [.memory, .compute, .stats]
            state.focus = .memory
        }
        state.extraNames = experiment?.extraMetricNames ?? []
        Interrupt.install()
        Interrupt.restoreTerminalOnCrash()
        let trainer = experiment.map { Trainer(experiment: $0, startPaused: paused) }
        let session = try TerminalSession(capabilities: caps)
        defer { session.end() }
        trainer?.start()
        let sweep = state.sweep.map { view -> SweepSession in
            let s = SweepSession()
            s.start(view.config)
            return s
        }
        let mup = state.mup.map { view -> MuPSession in
            let s = MuPSession()
            s.start(view.config)
            return s
        }
        var loop = RunLoop(session: session, trainer: trainer, sweep: sweep, mup: mup, state: state)
        loop.preset = p
        loop.run()
        session.end()
        loop.trainer?.stop()
        sweep?.stop()
        mup?.stop()
        if Interrupt.requested { throw Interrupt.exitCode }
    }
}
