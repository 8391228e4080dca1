import ArgumentParser
import Foundation
import Models

/// `lab bench`: times the canonical training step so speed claims are reproducible.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the canonical step: MLP [x,y,t]→128→128→2, SiLU, batch 256, one thread.")

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Option(help: "Seconds measured per optimizer (after warm-up); with --live, per measurement (default 10).")
    var seconds: Double?

    @Option(help: "Measure a preset's live dashboard: training beside its evaluator and a 30 fps UI, against training alone.")
    var live: String?

    @Option(help: "Cost table of one full evaluation of a generative preset: each sampler, measure and likelihood in CPU ms.")
    var eval: String?

    @Option(help: "With --eval: train this many steps first (default: to the preset's first evaluation).")
    var trained: Int?

    @Option(help: "With --eval: runs of each part, the median reported (default 3).")
    var repeats: Int = 3

    @OptionGroup var folder: LibraryOption

    @Option(help: "Only this optimizer (adam or muon).")
    var only: OptimizerKind?

    @Option(help: ArgumentHelp("Run exactly N steps (after 20 warm-up steps) and time nothing: for instruction counts,",
                               discussion: "valgrind --tool=callgrind --toggle-collect='*canonicalSteps*' lab bench --steps N"))
    var steps: Int?

    @Flag(help: ArgumentHelp("Run one reduced evaluation (ReFlow, 300 points, 5 sampler steps, likelihood on 50) after a warm-up one, and time nothing: for instruction counts,",
                             discussion: "valgrind --tool=callgrind --toggle-collect='*countedEvaluation*' lab bench --count-evaluation"))
    var countEvaluation = false

    func run() throws {
        let seconds = self.seconds ?? (live == nil ? 2 : 10)
        guard seconds > 0, seconds.isFinite else { throw ConfigError("--seconds \(seconds): expected a positive number") }
        if let live { return try runLive(try folder.library.load(live), seconds: seconds) }
        if let eval {
            guard repeats > 0, trained.map({ $0 >= 0 }) ?? true else { throw ConfigError("--repeats and --trained: expected whole numbers (repeats ≥ 1)") }
            return try runEval(try folder.library.load(eval), trained: trained, repeats: repeats)
        }
        if countEvaluation {
            let e = Self.reducedEvaluationExperiment()
            _ = e.evaluate()
            let kl = Self.countedEvaluation(e)
            return print(String(format: "reduced evaluation: kl %.6f", kl))
        }
        if let steps {
            guard steps > 0 else { throw ConfigError("--steps \(steps): expected a positive whole number") }
            let kind = only ?? .adam
            let loss = Self.canonicalSteps(Self.warmedUp(kind, steps: 20), count: steps)
            print(String(format: "%@: %d steps, last loss %.6f", kind.label, steps, loss))
            return
        }
        var results = JSONObject()
        var lines: [String] = []
        let flops = BenchCommand.flopsPerStep()
        for kind in [OptimizerKind.adam, .muon] where only == nil || only == kind {
            let r = BenchCommand.measure(kind, seconds: seconds)
            let gflops = r.stepsPerSecond * flops / 1e9
            var o = JSONObject()
            o.set("steps_per_second", r.stepsPerSecond)
            o.set("median_steps_per_second", r.median)
            o.set("gflops", gflops)
            o.set("steps", r.steps)
            results.set(kind.rawValue, object: o)
            lines.append(String(format: "%-6@ %8.0f steps/s (median %.0f)  %6.1f GFLOP/s (training FLOPs only)",
                                kind.label, r.stepsPerSecond, r.median, gflops))
        }
        results.set("mflop_per_step", flops / 1e6)
        results.set("blas_core", BLAS.core)
        results.set("small_products", BLAS.smallProducts ?? "openblas")
        if only == nil {
            let frame = try Self.frameMilliseconds()
            var f = JSONObject()
            f.set("view_ms", frame.view)
            f.set("diff_ms", frame.diff)
            results.set("frame_200x60", object: f)
            lines.append(String(format: "frame  200×60 dashboard: view %.2f ms + diff %.2f ms = %.2f ms", frame.view, frame.diff, frame.view + frame.diff))
            let ui = try Self.uiOverhead(seconds: seconds)
            var u = JSONObject()
            u.set("steps_per_second_alone", ui.alone)
            u.set("steps_per_second_with_ui", ui.withUI)
            u.set("ratio", ui.withUI / ui.alone)
            results.set("ui_overhead", object: u)
            lines.append(String(format: "UI     trainer alone %.0f steps/s, beside a 30 fps 200×60 UI %.0f steps/s: %.1f%%",
                                ui.alone, ui.withUI, 100 * ui.withUI / ui.alone))
        }
        if json {
            print(results.text())
        } else {
            print(String(format: "canonical step: %.1f MFLOP (forward + backward), batch 256, 1 thread; OpenBLAS kernels: %@; small products: %@",
                         flops / 1e6, BLAS.core, BLAS.smallProducts.map { "libxsmm (\($0))" } ?? "OpenBLAS (no libxsmm)"))
            lines.forEach { print($0) }
        }
    }

    /// Prints `live_share`, `max_stall_ms` and the newest evaluation's age for one preset.
    private func runLive(_ p: Preset, seconds: Double) throws {
        let r = try Self.live(p, seconds: seconds)
        var o = JSONObject()
        o.set("preset", p.name)
        o.set("seconds", seconds)
        o.set("steps_per_second_alone", r.alone)
        o.set("steps_per_second_live", r.live)
        o.set("live_share", r.liveShare)
        o.set("max_stall_ms", r.maxStallMilliseconds)
        o.set("evaluations", r.evaluations)
        if let a = r.evaluationAge { o.set("evaluation_age_s", a) }
        if let l = r.evaluationLag { o.set("evaluation_lag_steps", l) }
        if json { return print(o.text()) }
        print(String(format: "%@: alone %.0f steps/s, live %.0f steps/s: live_share %.2f, max_stall_ms %.1f, %d evaluations in %.0f s",
                     p.name, r.alone, r.live, r.liveShare, r.maxStallMilliseconds, r.evaluations, seconds)
              + (r.evaluationAge.map { String(format: ", newest %.1f s old (%d steps behind)", $0, r.evaluationLag ?? 0) } ?? ""))
    }

    /// FLOPs of forward + backward matmuls per step: 2·B·MACs forward, twice that backward.
    static func flopsPerStep(batch: Int = 256) -> Double {
        let shape = MLPShape(input: 3, hidden: [128, 128], output: 2)
        return 6 * Double(batch) * Double(shape.macsPerExample)
    }

    /// Best of ten timed windows after a warm-up, on the ReFlow step with the canonical net (best-of filters out
    /// time stolen by other processes or the hypervisor; the median is printed beside it).
    static func measure(_ kind: OptimizerKind, seconds: Double) -> (stepsPerSecond: Double, median: Double, steps: Int) {
        let e = warmedUp(kind, steps: 200)
        var rates: [Double] = []
        var total = 0
        for _ in 0..<10 {
            let start = Clock.now()
            var n = 0
            while Clock.now() - start < seconds / 10 {
                for _ in 0..<10 { _ = e.trainStep() }
                n += 10
            }
            total += n
            rates.append(Double(n) / (Clock.now() - start))
        }
        rates.sort()
        return (rates.last!, rates[rates.count / 2], total)
    }
}

extension BenchCommand {
    /// The canonical ReFlow experiment with this optimizer after `steps` training steps.
    static func warmedUp(_ kind: OptimizerKind, steps: Int) -> GenerativeExperiment {
        var settings = CoreSettings()
        settings.optimizer.kind = kind
        let e = GenerativeExperiment.reflow(settings)
        for _ in 0..<steps { _ = e.trainStep() }
        return e
    }

    /// The canonical experiment, untrained, evaluated on 300 points with 5 sampler steps (the net's and the exact
    /// field's) and the likelihood on 50, so one evaluation runs every shared measure, the likelihood and the extras in
    /// well under a minute under callgrind.
    static func reducedEvaluationExperiment() -> GenerativeExperiment {
        var settings = CoreSettings()
        settings.evalSamples = 300
        settings.evalSteps = 5
        settings.likelihoodPoints = 50
        return GenerativeExperiment.reflow(settings)
    }

    /// One full evaluation and nothing else (the floors and the exact sampler were measured by a warm-up one); its own
    /// symbol so callgrind counts exactly this region. Returns the headline kl.
    @inline(never)
    static func countedEvaluation(_ e: GenerativeExperiment) -> Double {
        e.evaluate()["kl"] ?? .nan
    }

    /// `count` canonical steps and nothing else; its own symbol so callgrind can count exactly this region.
    @inline(never)
    static func canonicalSteps(_ e: GenerativeExperiment, count: Int) -> Float {
        var loss: Float = 0
        for _ in 0..<count { loss = e.trainStep().loss }
        return loss
    }
}

extension OptimizerKind: ExpressibleByArgument {}
