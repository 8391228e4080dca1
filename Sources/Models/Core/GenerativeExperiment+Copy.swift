/// The evaluator's copy (issue 24): measuring and picturing a copy of the weights on another thread, so training never
/// waits for a 1000-step sampler.
///
/// Design: the copy is a second `GenerativeExperiment` built from the live one's settings with `method.rebuilt` and the
/// live fixtures (shared: they are immutable), rebuilt only when a command changed what it is built from (an option, the
/// weight EMA, the dataset, a reset). Between two training steps the trainer thread brings it to the live phase (phases
/// skip training-only work in a copy) and copies every tensor of `allParameters` and of the weight averages into it — a
/// memcpy of a few 10k floats — with the step, the sampler steps and the live-picture toggles. Evaluating the copy is
/// then bit-identical to evaluating the live experiment at that step.
extension GenerativeExperiment {
    public func evaluationCopy(refreshing previous: Experiment?) -> Experiment? {
        let copy: GenerativeExperiment
        if let p = previous as? GenerativeExperiment, p.copiedConfiguration == configuration, p.phase <= phase {
            copy = p
        } else {
            copy = GenerativeExperiment(settings: settings, method: method.rebuilt(settings), fixtures: fixtures, evaluatesOnly: true)
            copy.copiedConfiguration = configuration
        }
        copy.load(from: self)
        return copy
    }

    /// Takes `live`'s phase, weights, step and live-picture choices (this copy was built from its configuration).
    func load(from live: GenerativeExperiment) {
        while phase < live.phase {
            frozen.removeAll()
            startPhase(phase + 1)
        }
        shareFrozen(with: live)
        copyValues(live.method.allParameters, into: method.allParameters)
        for (name, a) in live.averages {
            guard let mine = averages[name] else { preconditionFailure("the copy has no weight EMA of group '\(name)'") }
            copyValues(a.shadow.parameters, into: mine.shadow.parameters)
        }
        method.didLoadWeights(from: live.method)
        step = live.step
        phaseStart = live.phaseStart
        settings.samplerSteps = live.settings.samplerSteps
        trajectoriesOn = live.trajectoriesOn
        exactLive = live.exactLive
        lastSamples = nil
    }
}

extension GenerativeExperiment {
    /// Both sides keep every frozen sampler's measures that either has (same phase, so the same samplers and noise:
    /// the entries are bit-identical wherever they were measured), so the live run's in-place last evaluation and the
    /// copy never measure one twice (issue 28: ~60 ms a run for reflow-mixture's exact field). Called between steps,
    /// while the copy is idle.
    fileprivate func shareFrozen(with live: GenerativeExperiment) {
        precondition(phase == live.phase)
        for (key, entry) in frozen where live.frozen[key] == nil { live.frozen[key] = entry }
        for (key, entry) in live.frozen where frozen[key] == nil { frozen[key] = entry }
    }
}

/// Copies every tensor of `source` into the same-shaped tensor of `target`, in order.
func copyValues(_ source: [Parameter], into target: [Parameter]) {
    precondition(source.count == target.count, "copy has \(target.count) tensors, live has \(source.count)")
    for (s, t) in zip(source, target) {
        precondition(s.value.rows == t.value.rows && s.value.cols == t.value.cols, "tensor \(s.name) differs in shape")
        t.value.data.withUnsafeMutableBufferPointer { d in
            s.value.data.withUnsafeBufferPointer { _ = d.update(fromContentsOf: $0) }
        }
    }
}
