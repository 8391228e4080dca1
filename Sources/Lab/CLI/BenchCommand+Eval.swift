import Foundation
import Models

/// `lab bench --eval PRESET`: the cost table of one full evaluation (issue 28) — every sampler at every evaluated
/// step count on the evaluation noise, every shared measure, the exact likelihood and the extras, in CPU seconds of
/// one thread, after training to the preset's first evaluation (or `--trained N` steps).
extension BenchCommand {
    func runEval(_ p: Preset, trained: Int?, repeats: Int) throws {
        guard let e = p.makeExperiment() as? GenerativeExperiment else {
            throw CommandError("\(p.source): experiment '\(p.kindName)' has no shared evaluation; --eval measures generative presets")
        }
        let steps = trained ?? min(max(p.evalEvery, 0), p.int("steps"))
        let trainStart = Clock.threadCPUSeconds()
        for _ in 0..<steps { _ = e.trainStep() }
        let trainSeconds = Clock.threadCPUSeconds() - trainStart
        let rows = e.evaluationCosts(repeats: repeats)
        let perEvaluation = rows.filter { !$0.once && !$0.detail && !$0.part.hasPrefix("one full") }.reduce(0) { $0 + $1.seconds }
        let evaluations = p.evalEvery > 0 ? p.int("steps") / p.evalEvery : 1
        if json {
            var o = JSONObject()
            o.set("preset", p.name)
            o.set("trained_steps", steps)
            o.set("train_cpu_seconds_per_step", trainSeconds / Double(max(steps, 1)))
            o.set("repeats", repeats)
            o.set("parts", raw: "[" + rows.map { r in
                var j = JSONObject()
                j.set("part", r.part)
                j.set("cpu_seconds", r.seconds)
                j.set("once", r.once)
                j.set("detail", r.detail)
                return j.text(indent: 4)
            }.joined(separator: ", ") + "]")
            o.set("sum_of_parts", perEvaluation)
            o.set("evaluations_per_run", evaluations)
            return print(o.text())
        }
        print("\(p.name): one full evaluation after \(steps) training steps, \(e.fixtures.evalNoise.count / 2) points, "
              + "CPU ms of one thread (median of \(repeats))")
        let width = min(70, rows.map(\.part.count).max() ?? 40) + 4
        for r in rows {
            let label = (r.detail ? "  · " : "") + r.part
            let pad = String(repeating: " ", count: max(1, width - label.count))
            print(label + pad + String(format: "%9.1f", r.seconds * 1000) + (r.once ? "  (once per run)" : ""))
        }
        print(String(format: "sum of the parts above (per evaluation)%@%9.1f", String(repeating: " ", count: max(1, width - 39)), perEvaluation * 1000))
        if steps > 0 {
            print(String(format: "training: %.3f ms a step; a default run (%d steps, %d evaluations) ≈ %.1f CPU-s training + %.1f CPU-s evaluating",
                         1000 * trainSeconds / Double(steps), p.int("steps"), evaluations,
                         trainSeconds / Double(steps) * Double(p.int("steps")), perEvaluation * Double(evaluations)))
        }
    }
}
