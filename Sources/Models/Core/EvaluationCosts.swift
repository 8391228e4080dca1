import Foundation

extension GenerativeExperiment {
    /// What one full evaluation of this experiment costs, part by part (issue 28's cost table, `lab bench --eval`):
    /// the validation, each sampler at each evaluated step count on the evaluation noise (raw and averaged
    /// weights, frozen samplers once), the shared measures of each sample set (and, for the first set, each measure
    /// apart), the exact likelihood, the method's extras, then the whole evaluation measured as one, and the one-time
    /// costs (reference, floors, frozen samplers). CPU seconds of this thread, median of `repeats`.
    public func evaluationCosts(repeats: Int = 3) -> [CostRow] {
        var rows: [CostRow] = []
        let reference = fixtures.reference
        var breakdown: [Float]?
        func pass(_ prefix: String, frozenToo: Bool) {
            if let v = method.validationField {
                rows.append(CostRow(part: prefix + "validation loss (\(fixtures.validation.times.count) held-out triples)",
                                    seconds: threadCPUCost(repeats: repeats) { fixtures.validation.evaluate(v.field) }.seconds))
            }
            for s in method.samplers where frozenToo || !s.frozen {
                for m in s.evalSteps {
                    let run = threadCPUCost(repeats: s.frozen ? 1 : repeats) { s.run(fixtures.evalNoise, m, false).final }
                    let measured = threadCPUCost(repeats: repeats) { reference.measure(run.value) }
                    let label = "\(prefix)\(s.name), \(m) step\(m == 1 ? "" : "s")"
                    rows.append(CostRow(part: "sample " + label, seconds: run.seconds, once: s.frozen))
                    rows.append(CostRow(part: "measures of " + label, seconds: measured.seconds, once: s.frozen))
                    if breakdown == nil, !s.frozen { breakdown = run.value }
                }
            }
            if let l = method.likelihoodField {
                let steps = l.field.likelihoodSteps
                rows.append(CostRow(part: prefix + "flow_kl: RK4 \(steps) + \(steps / 2) steps, \(min(settings.likelihoodPoints, fixtures.evalNoise.count / 2)) points",
                                    seconds: threadCPUCost(repeats: repeats) { likelihood(l.field) }.seconds))
            }
            if !method.extraEvaluationNames.isEmpty {
                rows.append(CostRow(part: prefix + "extras: " + method.extraEvaluationNames.prefix(4).joined(separator: ", ")
                                    + (method.extraEvaluationNames.count > 4 ? ", …" : ""),
                                    seconds: threadCPUCost(repeats: repeats) { method.extraEvaluation(noise: fixtures.evalNoise) }.seconds))
            }
        }
        _ = reference.floors(count: fixtures.evalNoise.count / 2)
        pass("", frozenToo: true)
        if !averages.isEmpty { withWeights(ema: true) { pass("ema ", frozenToo: false) } }
        if let samples = breakdown {
            rows += reference.measureCosts(samples, repeats: repeats).map { CostRow(part: $0.part, seconds: $0.seconds, detail: true) }
        }
        rows.append(CostRow(part: "one full evaluation, measured whole",
                            seconds: threadCPUCost(repeats: repeats) { evaluate(curves: false) }.seconds))
        rows += reference.setupCosts()
        return rows
    }
}
