import Foundation
import Testing
@testable import Models

/// Issue 28: the cost table names every part of an evaluation, and headless runs split their CPU time into training
/// and evaluating.
@Suite struct EvaluationCostTests {
    @Test("the cost table lists each sampler, each measure, the likelihood and the extras, and the whole")
    func costTableNamesEveryPart() {
        let e = GenerativeExperiment.reflow(.small())
        e.train(to: 20)
        let rows = e.evaluationCosts(repeats: 1)
        let parts = rows.map(\.part)
        for needle in ["validation loss", "sample ReFlow", "measures of ReFlow", "sample exact", "flow_kl: RK4", "extras: straightness",
                       "kl: k-NN entropy", "cross-entropy", "precision", "recall", "MMD", "SW1", "mode shares",
                       "one full evaluation", "reference:", "floors:"] {
            #expect(parts.contains { $0.contains(needle) }, "no row for \(needle): \(parts)")
        }
        #expect(rows.allSatisfy { $0.seconds >= 0 && $0.seconds.isFinite })
        #expect(rows.filter(\.once).map(\.part).allSatisfy { $0.contains("exact") || $0.hasPrefix("reference") || $0.hasPrefix("floors") },
                "only the frozen exact sampler and the one-time reference work are marked once")
        #expect(rows.filter(\.detail).count == 7, "one detail row per shared measure")
    }

    @Test("a headless run's training and evaluating CPU seconds are both counted and add up to at most the process's")
    func headlessRunSplitsItsCPUTime() throws {
        let before = Clock.cpuSeconds()
        let run = HeadlessRun(experiment: GenerativeExperiment.reflow(.small()), steps: 60, logEvery: 10, evalEvery: 20)
        run.run()
        let process = Clock.cpuSeconds() - before
        #expect(run.trainCPUSeconds > 0 && run.evalCPUSeconds > 0)
        #expect(run.trainCPUSeconds + run.evalCPUSeconds <= process + 0.05,
                "train \(run.trainCPUSeconds) + eval \(run.evalCPUSeconds) over the process's \(process)")
        let summary = run.summary(preset: try PresetLibrary(directory: shippedPresetsDir).load("reflow-mixture"), interrupted: false, cpuSeconds: process).text()
        #expect(summary.contains("\"train_cpu_seconds\"") && summary.contains("\"eval_cpu_seconds\""))
    }
}
