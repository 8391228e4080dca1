import ArgumentParser
import Foundation
import Models

/// `lab [PRESET]`: the live dashboard (default subcommand).
struct UICommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ui", abstract: "Open the live dashboard on a preset (default).")

    @Argument(help: "A preset name or path (default: reflow-mixture).")
    var preset: String = "reflow-mixture"

    @OptionGroup var display: DisplayOptions
    @OptionGroup var source: PresetOptions

    @Option(help: ArgumentHelp("Open a finished sweep's folder (`lab run SWEEP --out DIR` or `lab merge … --out DIR`): its heatmaps and laws, no training.",
                               valueName: "DIR"))
    var from: String?

    func run() throws {
        let library = source.library
        var p = try source.load(preset)
        var stored: StoredSweep?
        if let from { (p, stored) = try StoredSweep.load(from) }
        if let reason = Capabilities.unusableReason() {
            throw CommandError("\(reason): the dashboard needs a terminal; run it headless with `lab run \(preset)`")
        }
        var live = try Families.live(p, library: library, teachers: display.teachers)
        let caps = Capabilities.detect(forceASCII: display.ascii)
        Interrupt.install()
        Interrupt.restoreTerminalOnCrash()
        let catalogue = Families.catalogue(library)
        // The picker (p) ends one dashboard and opens the next in the same process; the first keeps --paused and --set.
        var paused = display.paused
        while true {
            if case .race(let spec) = live { return try RaceDashboard.open(spec, ascii: display.ascii, paused: paused, teachers: display.teachers) }
            guard let next = try open(p, live, caps: caps, catalogue: catalogue, paused: paused, stored: stored) else { break }
            stored = nil
            p = try library.load(next)
            live = try Families.live(p, library: library, teachers: display.teachers)
            paused = false
        }
        if Interrupt.requested { throw Interrupt.exitCode }
    }

    /// One dashboard until it quits (nil) or the picker chooses another preset (its name).
    private func open(_ p: Preset, _ live: Families.Live, caps: Capabilities, catalogue: [PresetEntry], paused: Bool,
                      stored: StoredSweep?) throws -> String? {
        var state = AppState(preset: p, glyphs: caps.unicode ? .braille : .ascii)
        state.paused = paused
        state.catalogue = catalogue
        var trainer: Trainer?
        var sweep: SweepSession?
        var mup: MuPSession?
        var study: StudySession?
        switch live {
        case .trainer(let e):
            state.extraNames = e.extraMetricNames
            trainer = Trainer(experiment: e, startPaused: paused)
            if state.dashboard.pausesAtPresetSteps { trainer?.pauseAt = p.steps }
            if !p.claims.isEmpty { trainer?.evaluateAt = p.steps }
        case .sweep(let config):
            sweep = SweepSession()
            sweep!.setPaused(paused)
            if case .cells(let results, let noise)? = stored {
                let task = ScalingTask(config.task), examples = config.noiseExamples
                sweep!.show(results) { noise ?? ScalingWorker(task: task).exactGradientNoise(examples: examples) }
            } else {
                sweep!.start(config)
            }
        case .mup(let config):
            mup = MuPSession()
            mup!.setPaused(paused)
            if case .curves(let results, let check)? = stored { mup!.show(results) { check } } else { mup!.start(config) }
        case .study(let s):
            study = StudySession(s)
        case .frames, .race:
            break
        }
        let session = try TerminalSession(capabilities: caps)
        defer { session.end() }
        trainer?.start()
        var program = LiveProgram(session: session, trainer: trainer, sweep: sweep, mup: mup, state: state)
        program.teachers = display.teachers
        program.study = study
        program.preset = p
        program.run(on: session)
        program.trainer?.stop()
        sweep?.stop()
        mup?.stop()
        study?.stop()
        return program.next
    }
}
