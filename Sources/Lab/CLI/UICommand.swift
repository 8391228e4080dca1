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

    func run() throws {
        let library = source.library
        var p = try source.load(preset)
        if let reason = Capabilities.unusableReason() {
            throw CommandError("\(reason): the dashboard needs a terminal; run it headless with `lab run \(preset)`")
        }
        var live = try Families.live(p, library: library)
        let caps = Capabilities.detect(forceASCII: display.ascii)
        Interrupt.install()
        Interrupt.restoreTerminalOnCrash()
        let catalogue = Families.catalogue(library)
        // The picker (p) ends one dashboard and opens the next in the same process; the first keeps --paused and --set.
        var paused = display.paused
        while true {
            if case .race(let spec) = live { return try RaceDashboard.open(spec, ascii: display.ascii, paused: paused) }
            guard let next = try open(p, live, caps: caps, catalogue: catalogue, paused: paused) else { break }
            p = try library.load(next)
            live = try Families.live(p, library: library)
            paused = false
        }
        if Interrupt.requested { throw Interrupt.exitCode }
    }

    /// One dashboard until it quits (nil) or the picker chooses another preset (its name).
    private func open(_ p: Preset, _ live: Families.Live, caps: Capabilities, catalogue: [PresetEntry], paused: Bool) throws -> String? {
        var state = AppState(preset: p, glyphs: caps.unicode ? .braille : .ascii)
        state.paused = paused
        state.catalogue = catalogue
        var trainer: Trainer?
        var sweep: SweepSession?
        var mup: MuPSession?
        var study: BackgroundValue<[CheckpointMeasurement]>?
        switch live {
        case .trainer(let e):
            state.extraNames = e.extraMetricNames
            trainer = Trainer(experiment: e, startPaused: paused)
        case .sweep(let config):
            sweep = SweepSession()
            sweep!.setPaused(paused)
            sweep!.start(config)
        case .mup(let config):
            mup = MuPSession()
            mup!.setPaused(paused)
            mup!.start(config)
        case .study(let s):
            study = BackgroundValue { s.run { _ in } }
        case .frames, .race:
            break
        }
        let session = try TerminalSession(capabilities: caps)
        defer { session.end() }
        trainer?.start()
        var loop = RunLoop(session: session, trainer: trainer, sweep: sweep, mup: mup, state: state)
        loop.study = study
        loop.preset = p
        loop.run()
        loop.trainer?.stop()
        sweep?.stop()
        mup?.stop()
        return loop.next
    }
}

/// How the dashboard draws and starts, shared by every command that opens one.
struct DisplayOptions: ParsableArguments {
    @Flag(help: "ASCII glyphs instead of braille and box drawing.")
    var ascii = false

    @Flag(help: "Start paused (space starts training, a sweep's cells or a demo's frames).")
    var paused = false
}

/// Where presets come from, shared by every command that loads one.
struct LibraryOption: ParsableArguments {
    @Option(name: .customLong("presets-dir"), help: "Folder of preset files (default: ./presets or $LAB_PRESETS).")
    var presetsDir: String?

    var library: PresetLibrary { presetsDir.map { PresetLibrary(directory: URL(fileURLWithPath: $0)) } ?? .locate() }
}

/// How long a headless run trains and from which seed, shared by `run` and `race`.
struct RunLength: ParsableArguments {
    @Option(help: "Training steps (default: the preset's).")
    var steps: Int?

    @Option(help: "Random seed (default: the preset's).")
    var seed: Int?

    func validate() throws {
        if let steps, steps < 0 { throw ConfigError("--steps \(steps): expected a non-negative integer") }
        if let seed, seed < 0 { throw ConfigError("--seed \(seed): expected a non-negative integer") }
    }
}

/// Where a preset comes from and what changes it, shared by every command that loads one.
struct PresetOptions: ParsableArguments {
    @Option(name: .customLong("set"), help: "Override a preset key, e.g. --set lr=3e-3 (repeatable).")
    var overrides: [String] = []

    @OptionGroup var folder: LibraryOption

    var library: PresetLibrary { folder.library }

    /// The preset with every `--set` applied.
    func load(_ name: String) throws -> Preset {
        var p = try library.load(name)
        for assignment in overrides { try p.set(assignment) }
        return p
    }
}
