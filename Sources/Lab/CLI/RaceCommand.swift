import ArgumentParser
import Foundation
import Models

/// `lab race A [B]`: two runs on the same seed and data stream, each on its own trainer thread, compared live
/// (dashboard) or headless (`--out DIR`, `--headless`, or no terminal).
struct RaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "race", abstract: "Race two runs side by side: two presets, or one preset with --a/--b overrides.")

    @Argument(help: "A race preset (experiment: race), or the first run's preset.")
    var first: String

    @Argument(help: "The second run's preset (default: the first's).")
    var second: String?

    @Option(name: .customLong("a"), help: "Override a key of the first run, e.g. --a optimizer=adam (repeatable).")
    var aSets: [String] = []

    @Option(name: .customLong("b"), help: "Override a key of the second run, e.g. --b optimizer=muon (repeatable).")
    var bSets: [String] = []

    @OptionGroup var length: RunLength

    @Option(help: "The measure that decides the race (default: the headline, e.g. kl).")
    var measure: String?

    @Option(help: "The value of the measure that counts as reached (lower is better).")
    var target: Double?

    @Option(help: "Output folder of a headless race (default: out/race-A-B).")
    var out: String?

    @Flag(help: "Run headless even on a terminal.")
    var headless = false

    @Flag(help: "Headless: run the two one after the other (to measure what running them in parallel saves).")
    var serial = false

    @OptionGroup var display: DisplayOptions
    @OptionGroup var folder: LibraryOption

    func run() throws {
        let spec = try makeSpec()
        let isTerminal = Capabilities.unusableReason() == nil
        if headless || out != nil || !isTerminal {
            return try Self.runHeadless(spec, out: URL(fileURLWithPath: out ?? "out/race-\(spec.labels.joined(separator: "-"))"), serial: serial)
        }
        try RaceDashboard.open(spec, ascii: display.ascii, paused: display.paused, teachers: display.teachers)
    }

    private func makeSpec() throws -> RaceSpec {
        let library = folder.library
        try length.validate()
        let (steps, seed) = (length.steps, length.seed)
        let p = try library.load(first)
        var spec: RaceSpec
        if Families.headless(p) == .race {
            guard second == nil, aSets.isEmpty, bSets.isEmpty else {
                throw ConfigError("\(p.source): a race preset names both runs; drop the second preset and --a/--b")
            }
            spec = try RaceSpec(preset: p, library: library, steps: steps, seed: seed)
        } else {
            let b = try second.map { try library.load($0) } ?? p
            spec = try RaceSpec(a: p, b: b, aSets: aSets, bSets: bSets, steps: steps, seed: seed)
        }
        if let measure { spec.targetMeasure = measure }
        if let target { spec.target = target }
        return spec
    }

    /// Both runs to their steps (in parallel unless `serial`), each run's usual files under DIR/LABEL, and race.json.
    static func runHeadless(_ spec: RaceSpec, out dir: URL, serial: Bool) throws {
        Interrupt.install()
        try createDirectory(dir)
        let presets = [spec.a, spec.b]
        let runs = presets.map { p in
            let r = HeadlessRun(experiment: p.makeExperiment()!, steps: spec.steps, logEvery: p.logEvery, evalEvery: p.evalEvery)
            // Run side by side, the two runs take both cores already.
            r.evaluatesAside = serial
            return r
        }
        let measure = spec.targetMeasure ?? runs[0].info.headline
        let start = Clock.now()
        let progress = RaceProgress(labels: spec.labels, total: spec.steps)
        if serial {
            for (i, r) in runs.enumerated() { r.run(shouldStop: { Interrupt.requested }) { progress.update(i, $0) } }
        } else {
            let done = DispatchSemaphore(value: 0)
            for (i, r) in runs.enumerated() {
                let box = UncheckedRun(run: r)
                let t = Thread {
                    box.run.run(shouldStop: { Interrupt.requested }) { progress.update(i, $0) }
                    done.signal()
                }
                t.stackSize = 8 << 20
                t.start()
            }
            var finished = 0
            while finished < runs.count {
                if done.wait(timeout: .now() + 0.2) == .success { finished += 1 }
                progress.draw()
            }
        }
        let wall = Clock.now() - start
        progress.finish()
        for (i, r) in runs.enumerated() {
            if !r.diverged { r.finishEvaluation() }
            let sub = dir.appendingPathComponent(spec.labels[i])
            try createDirectory(sub)
            for (name, contents) in r.files(preset: presets[i], interrupted: Interrupt.requested, cpuSeconds: Clock.cpuSeconds()) {
                try write(contents, to: sub.appendingPathComponent(name))
            }
        }
        let outcome = RaceOutcome(measure: measure, target: spec.target, traces: runs.map(\.trace),
                                  compared: Array(Set([measure, "kl", "excess_nll", "val_excess", "mmd", "swd"])).sorted())
        var j = JSONObject()
        j.set("labels", raw: "[" + spec.labels.map { OutputFormat.quoted($0) }.joined(separator: ", ") + "]")
        j.set("presets", raw: "[" + presets.map { OutputFormat.quoted($0.name) }.joined(separator: ", ") + "]")
        j.set("steps", spec.steps)
        j.set("seed", Int(spec.a.seed))
        j.set("serial", serial)
        j.set("seconds", wall)
        j.set("cpu_seconds", Clock.cpuSeconds())
        for (i, r) in runs.enumerated() {
            var o = JSONObject()
            o.set("seconds", r.seconds)
            o.set("steps_per_second", Double(r.step) / max(r.seconds, 1e-9))
            o.set("diverged", r.diverged)
            j.set("run_\(spec.labels[i])", object: o)
        }
        j.merge(outcome.json(labels: spec.labels))
        try write(j.text() + "\n", to: dir.appendingPathComponent("race.json"))
        print(Self.verdict(outcome, labels: spec.labels, wall: wall, dir: dir))
        if let why = runs.lazy.compactMap(\.divergence).first { throw DivergedError(description: "a run diverged (\(why)); race.json and both runs' files written") }
        if Interrupt.requested { throw Interrupt.exitCode }
    }

    /// One line a person reads first: who reached the target first, and who ends ahead on each measure.
    static func verdict(_ o: RaceOutcome, labels: [String], wall: Double, dir: URL) -> String {
        var parts = ["race \(labels[0]) vs \(labels[1]) in \(String(format: "%.1f", wall)) s -> \(dir.path)"]
        if let w = o.winner, let a = o.arrivals[w] {
            parts.append("\(labels[w]) reached \(o.measure) ≤ \(NumberFormat.readout(o.target)) first (step \(a.step))")
        } else if o.target != nil {
            parts.append("neither reached \(o.measure) ≤ \(NumberFormat.readout(o.target))")
        }
        for (name, v) in o.finals {
            let lead = o.ahead(on: name).map { " → \(labels[$0])" } ?? ""
            parts.append("\(name) \(NumberFormat.readout(v[0])) vs \(NumberFormat.readout(v[1]))\(lead)")
        }
        return ProgressLine.wrapFields(parts, width: terminalColumns(STDOUT_FILENO))
    }
}

/// A run handed to its own thread (each HeadlessRun is used by exactly one thread).
private final class UncheckedRun: @unchecked Sendable {
    let run: HeadlessRun
    init(run: HeadlessRun) { self.run = run }
}

/// Both runs' steps on one self-overwriting stderr line (only on a terminal).
private final class RaceProgress: Sendable {
    let labels: [String]
    let total: Int
    private let steps = Locked<[Int]>([0, 0])
    private let enabled = isatty(STDERR_FILENO) == 1

    init(labels: [String], total: Int) {
        self.labels = labels
        self.total = total
    }

    func update(_ i: Int, _ m: StepMetrics) { steps.withLock { $0[i] = m.step } }

    func draw() {
        guard enabled else { return }
        let s = steps.withLock { $0 }
        let line = zip(labels, s).map { "\($0) \($1)/\(total)" }.joined(separator: "  ·  ")
        FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8))
    }

    func finish() {
        guard enabled else { return }
        draw()
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
