import Foundation
import Testing
@testable import Models

/// What a headless run leaves behind: its files (timing fields dropped) and every event its observer saw, in order.
private struct RunTrace: Equatable {
    var csv: String
    var summary: String
    var outputs: [String]
    var events: [String]
    var step: Int
    var divergence: String?
    /// Steps the experiment itself took (past `step` when an evaluation aside ended the run).
    var trained: Int
}

/// The first line where `a` and `b` differ, to say what differs without printing both whole.
private func firstDifference(_ a: [String], _ b: [String]) -> String {
    guard let i = Array(zip(a, b)).firstIndex(where: { $0.0 != $0.1 }) else { return a.count == b.count ? "none" : "lengths \(a.count) vs \(b.count)" }
    return "line \(i): \(a[i].prefix(200)) vs \(b[i].prefix(200))"
}

private func lines(_ s: String) -> [String] { s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

/// Expects two traces to be equal, naming the first difference of each part.
private func expectSame(_ a: RunTrace, _ b: RunTrace, _ name: String) {
    #expect(a.csv == b.csv, "\(name): metrics.csv: \(firstDifference(lines(a.csv), lines(b.csv)))")
    #expect(a.summary == b.summary, "\(name): summary.json: \(firstDifference(lines(a.summary), lines(b.summary)))")
    #expect(a.outputs == b.outputs, "\(name): outputs: \(firstDifference(a.outputs.flatMap(lines), b.outputs.flatMap(lines)))")
    #expect(a.events == b.events, "\(name): events: \(firstDifference(a.events, b.events))")
    #expect(a.step == b.step && a.divergence == b.divergence, "\(name): step \(a.step) vs \(b.step), \(a.divergence ?? "-") vs \(b.divergence ?? "-")")
}

/// Runs `p` for `steps` steps evaluating every `evalEvery`, in place or on the evaluator thread.
private func trace(_ p: Preset, steps: Int, evalEvery: Int, aside: Bool) throws -> RunTrace {
    let run = HeadlessRun(experiment: try #require(p.makeExperiment()), steps: steps, logEvery: 2, evalEvery: evalEvery)
    run.evaluatesAside = aside
    var events: [String] = []
    run.observer = { e in
        switch e {
        case .metrics(let m): events.append("metrics \(m.step) \(m.loss)")
        case .evaluated(let e): events.append("evaluated \(e.step) \(e.values)")
        case .snapshot(let s): events.append("snapshot \(s.step) \(s.samples.count)")
        case .info(let i): events.append("info \(i.method) \(i.phases.map(\.name))")
        default: events.append("\(e)")
        }
    }
    run.run()
    if !run.diverged { run.finishEvaluation() }
    let timing = ["\"seconds\"", "\"cpu_seconds\"", "\"train_cpu_seconds\"", "\"eval_cpu_seconds\"", "\"steps_per_second\""]
    let summary = run.summary(preset: p, interrupted: false, cpuSeconds: 0).text()
        .split(separator: "\n").filter { line in !timing.contains { line.contains($0) } }.joined(separator: "\n")
    let files = run.files(preset: p, interrupted: false, cpuSeconds: 0).filter { $0.name != "summary.json" && $0.name != "metrics.csv" }
    return RunTrace(csv: run.csv, summary: summary, outputs: files.map { $0.name + "\n" + $0.contents }, events: events,
                    step: run.step, divergence: run.divergence, trained: run.experiment.step)
}

/// Issue 24: headless runs evaluate a copy of the weights on a second core while training goes on, and their files
/// are those of an evaluation on the training thread.
@Suite struct HeadlessAsideTests {
    @Test func everyGenerativePresetWritesTheSameFilesAndEventsWithItsEvaluationsAside() throws {
        let lib = PresetLibrary(directory: shippedPresetsDir)
        var checked = 0
        for name in lib.names {
            var p = try lib.load(name)
            guard p.makeMethod() != nil else { continue }
            for small in ["width=16", "hidden=16,16", "eval_samples=200", "validation_size=256", "eval_steps=5", "teacher_steps=3",
                          "pairs=256", "eval_pairs=64", "per_class=100", "channels=8", "blocks=2", "test_size=200", "codes=16"]
            where p.experiment.schema.contains(where: { $0.name == small.prefix { $0 != "=" } }) {
                try p.set(small)
            }
            let inPlace = try trace(p, steps: 13, evalEvery: 3, aside: false)
            let aside = try trace(p, steps: 13, evalEvery: 3, aside: true)
            expectSame(aside, inPlace, name)
            #expect(inPlace.events.filter { $0.hasPrefix("evaluated") }.count == 5, "\(name): steps 3, 6, 9, 12, 13 are evaluated")
            checked += 1
        }
        #expect(checked >= 15)
    }

    /// An evaluation aside that finds the validation loss exploded ends the run at its step, as one in place does: the
    /// steps trained past it while it ran leave no row, no event and no files.
    @Test func aDivergenceFoundAsideEndsTheRunAtItsStep() throws {
        let p = try smallPreset("reflow-mixture", ["lr=10", "hidden=32,32"])
        let inPlace = try trace(p, steps: 400, evalEvery: 20, aside: false)
        let aside = try trace(p, steps: 400, evalEvery: 20, aside: true)
        #expect(inPlace.divergence != nil && inPlace.step < 400, "lr=10 diverges before its last step")
        expectSame(aside, inPlace, "reflow-mixture lr=10")
        #expect(aside.trained > aside.step, "training went on while the evaluation ran, and was cut back to its step")
    }
}
