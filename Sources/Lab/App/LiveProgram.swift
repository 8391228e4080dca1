import Foundation
import Models

/// The live dashboard as the frame loop's program: keys and trainer events become messages, effects executed here.
struct LiveProgram: LoopProgram {
    /// Nil for physics demos, which step inside `update`; replaced when `n` switches the one-step method.
    private(set) var trainer: Trainer?
    /// Where presets come from when the dashboard switches experiments.
    var library = PresetLibrary.locate()
    /// Where one-step teachers are cached (nil: --no-cache), for presets switched to.
    var teachers: PhaseCacheFolder?
    /// The learning-rate × batch sweep's worker pool, when that is the experiment.
    let sweep: SweepSession?
    /// The muP width sweep's, when that is the experiment.
    let mup: MuPSession?
    /// A study measured in the background (gradient checkpointing), until its measurements arrive.
    var study: StudySession?
    var state: AppState
    /// The preset the picker chose: the caller opens it when `run(on:)` returns.
    private(set) var next: String?
    /// The preset running (overrides applied), for a recording's header.
    var preset: Preset?
    /// The recording being written (R), if any.
    private var recorder: Recorder?
    /// Where `s` writes its files.
    var saveDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    /// The frame last shown, which `s` saves as text.
    private var buffer = Buffer(width: 0, height: 0)
    /// The last `exportLimit` steps' CSV fields, for `s`: a ring allocated once, so memory is flat however long the run
    /// (a growing array of `StepMetrics`, each with its own `extra` array, was the dashboard's largest growth).
    private var exportedMetrics = BoundedQueue<ExportedRow>(capacity: exportLimit)
    static let exportLimit = 100_000

    init(session: TerminalSession, trainer: Trainer?, sweep: SweepSession? = nil, mup: MuPSession? = nil, state: AppState) {
        self.trainer = trainer
        self.sweep = sweep
        self.mup = mup
        self.state = state
        self.state.width = session.width
        self.state.height = session.height
    }

    /// Runs until `q`, the picker's choice, SIGINT or SIGTERM; a recording in progress is closed.
    mutating func run(on session: TerminalSession) {
        FrameLoop(session: session).run(&self)
        stopRecording(error: nil)
    }

    var finished: Bool { state.quitting || next != nil }
    var size: (width: Int, height: Int) { (state.width, state.height) }

    /// Trainer metrics (kept for `s`), events and the latest snapshot; sweep and muP results; a finished study.
    mutating func drain() {
        let channel = trainer?.channel
        channel?.drainAll { e in
            if case .metrics(let m) = e { exportedMetrics.push(ExportedRow(m)) }
            receive(.trainer(e))
        }
        if let sweep {
            let results = sweep.drain()
            if !results.isEmpty { receive(.sweepResults(results)) }
            if let n = sweep.takeExtra() { receive(.sweepNoise(n)) }
        }
        if let mup {
            let results = mup.drain()
            if !results.isEmpty { receive(.mupResults(results)) }
            if let c = mup.takeExtra(), let check = c { receive(.mupCoords(check)) }
        }
        if let text = study?.takeProgress() { receive(.trainer(.busy("measuring " + text))) }
        if let measured = study?.measurements {
            study = nil
            receive(.trainer(.busy(nil)))
            receive(.studyMeasured(measured))
        }
    }

    func render(into buffer: inout Buffer) { Lab.render(state, into: &buffer) }

    mutating func shown(_ frame: Buffer) { buffer = frame }

    mutating func receive(_ message: Message) {
        if case .trainer(let e) = message, let r = recorder {
            do { try r.record(e, now: Clock.now()) } catch { stopRecording(error: "\(error)") }
        }
        for effect in update(&state, message) {
            switch effect {
            case .send(let command): trainer?.send(command)
            case .quit: state.quitting = true
            case .restartSweep(let config): sweep?.start(config)
            case .restartMuP(let config): mup?.start(config)
            case .switchPreset(let name): switchPreset(name)
            case .save(let stem): save(stem: stem)
            case .toggleRecording: recorder == nil ? startRecording() : stopRecording(error: nil)
            case .pauseWork(let paused):
                sweep?.setPaused(paused)
                mup?.setPaused(paused)
            case .openPreset(let name): next = name
            }
        }
    }

    /// Records from now on into a new file in the save folder; the header carries the preset.
    private mutating func startRecording() {
        guard trainer != nil, let p = preset else {
            return receive(.trainer(.notice("only training runs can be recorded")))
        }
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
        let url = saveDirectory.appendingPathComponent("lab-\(p.name)-\(stamp).labrec")
        do {
            let r = try Recorder(url: url, header: RecordingHeader(preset: p.name, experiment: p.kindName, yaml: p.yaml,
                                                                   created: ISO8601DateFormatter().string(from: Date())))
            if let info = state.training.info { try r.record(.info(info), now: Clock.now()) }
            try r.record(.groups(state.training.groups), now: Clock.now())
            recorder = r
            state.recording = true
            receive(.trainer(.notice("recording to \(url.lastPathComponent) (R stops)")))
        } catch {
            receive(.trainer(.notice("\(error)")))
        }
    }

    private mutating func stopRecording(error: String?) {
        guard let r = recorder else { return }
        recorder = nil
        state.recording = false
        try? r.close()
        receive(.trainer(.notice(error ?? "recorded \(r.bytesWritten / 1024) KB to \(r.url.lastPathComponent); lab replay \(r.url.lastPathComponent)")))
    }

    /// Stops the running trainer and starts one on another preset, keeping what the screen compares.
    private mutating func switchPreset(_ name: String) {
        guard let p = try? library.load(name), let experiment = p.makeExperiment(teachers: teachers) else {
            _ = update(&state, .trainer(.notice("cannot load preset \(name)")))
            return
        }
        trainer?.stop()
        let t = Trainer(experiment: experiment)
        if !p.claims.isEmpty { t.evaluateAt = p.steps }
        trainer = t
        _ = exportedMetrics.drain()
        stopRecording(error: nil)
        state = state.switching(to: p, extraNames: experiment.extraMetricNames)
        preset = p
        t.start()
    }

    /// Writes the screen as text and every metric seen so far as CSV; names the files in the status line.
    private mutating func save(stem: String) {
        let text = saveDirectory.appendingPathComponent(stem + ".txt")
        let csv = saveDirectory.appendingPathComponent(stem + ".csv")
        var rows = ["step,loss,loss_ema,lr,optimizer,batch"]
        rows += exportedMetrics.elements.map {
            "\($0.step),\(formatNumber($0.loss)),\(formatNumber($0.lossEMA)),\(formatNumber($0.lr)),\($0.optimizer.rawValue),\($0.batch)"
        }
        do {
            try OutputFolder.write(buffer.text() + "\n", to: text)
            try OutputFolder.write(vectorFigure(state), to: saveDirectory.appendingPathComponent(stem + ".svg"))
            if trainer != nil {
                try OutputFolder.write(rows.joined(separator: "\n") + "\n", to: csv)
            }
            _ = update(&state, .trainer(.notice("saved \(stem).txt + .svg\(trainer != nil ? " + .csv" : "")")))
        } catch {
            _ = update(&state, .trainer(.notice("cannot save: \(error)")))
        }
    }
}

/// The dashboard as an SVG: drawn with braille glyphs (whatever the terminal could show), so every chart reports
/// its vector shapes, in colour.
func vectorFigure(_ state: AppState, width: Int? = nil, height: Int? = nil) -> String {
    var s = state
    s.glyphs = .braille
    var b = Buffer(width: width ?? state.width, height: height ?? state.height)
    b.figures = []
    render(s, into: &b)
    return SVGExport.document(b)
}

/// One step as `s` exports it: the fixed CSV columns only, with no heap storage of its own.
private struct ExportedRow {
    var step: Int
    var loss, lossEMA, lr: Float
    var optimizer: OptimizerKind
    var batch: Int

    init(_ m: StepMetrics) {
        (step, loss, lossEMA, lr, optimizer, batch) = (m.step, m.loss, m.lossEMA, m.lr, m.optimizer, m.batch)
    }
}
