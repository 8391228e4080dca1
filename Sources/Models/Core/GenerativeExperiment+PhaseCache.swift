import Foundation

/// Saving a first phase's end as it ends and starting from it (`FirstPhaseCache`): the parameters of the first
/// phase, the data and noise streams, the loss EMA and the step; the next phase then begins exactly as it would have.
extension GenerativeExperiment {
    /// Starts at the end of the first phase when the cache holds this recipe's; true when it did. Only at step 0 of a
    /// run no command has changed.
    @discardableResult
    public func resumeFromCache() -> Bool {
        guard let c = phaseCache, step == 0, phase == 0, !changedByHand, method.phases.count > 1,
              let n = method.phases[0].steps, n > 0,
              let bytes = try? Data(contentsOf: c.file), let end = PhaseEnd(decoding: bytes, recipe: c.recipe),
              end.step == n, load(end) else { return false }
        resumedFromCache = true
        pending.append(.notice("\(method.phases[0].name): \(n) steps loaded from \(c.file.path) (--no-cache trains it)"))
        return true
    }

    /// Starts from the cache when it can; otherwise says that the first phase trains once and is kept.
    public func resumeOrAnnounce() {
        guard !resumeFromCache(), phaseCache != nil, let n = method.phases.first?.steps, n > 0 else { return }
        pending.append(.notice("\(method.phases[0].name): \(n) steps, trained once: later runs start after it"))
    }

    /// The first phase's end, read off the experiment now.
    func phaseEnd() -> PhaseEnd {
        PhaseEnd(step: step, parameters: method.allParameters.map { Array($0.value.data) }, rng: context.rng.state,
                 data: context.data.state, lossEMA: lossEMA.value)
    }

    /// Takes `end` when its tensors fit this method's; false (nothing changed) when they do not.
    private func load(_ end: PhaseEnd) -> Bool {
        let params = method.allParameters
        guard params.count == end.parameters.count, zip(params, end.parameters).allSatisfy({ $0.value.count == $1.count }),
              let rng = RNG(state: end.rng), RNG(state: end.data) != nil else { return false }
        for (p, values) in zip(params, end.parameters) {
            p.value.data.withUnsafeMutableBufferPointer { d in values.withUnsafeBufferPointer { _ = d.update(fromContentsOf: $0) } }
        }
        context.rng = rng
        context.data.state = end.data
        lossEMA.value = end.lossEMA
        step = end.step
        lastSamples = nil
        return true
    }

    /// Saves the first phase as it ends, unless it came from the cache, a command changed it, or it is not finite.
    func saveFirstPhase() {
        guard let c = phaseCache, !context.evaluatesOnly, !changedByHand, !resumedFromCache, phaseStart == 0, step > 0,
              method.isFinite else { return }
        do {
            try FileManager.default.createDirectory(at: c.file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try phaseEnd().encoded(recipe: c.recipe).write(to: c.file, options: .atomic)
            pending.append(.notice("\(method.phases[0].name) cached for next time: \(c.file.path)"))
        } catch {
            pending.append(.notice("cannot cache the \(method.phases[0].name): \(error.localizedDescription)"))
        }
    }
}

extension TrainerCommand {
    /// Whether the command changes what training does from now on (a first phase then no longer matches its recipe);
    /// a method option in `ignoring` does not (SiD's λ acts after the teacher).
    func changesTraining(ignoring: Set<String>) -> Bool {
        switch self {
        case .setOptimizer, .scaleLR, .setLR, .setBatchSize, .setDataset, .setWeightEMA: true
        case .setOption(let key, _): !ignoring.contains(key)
        case .pause, .resume, .stepOnce, .reset, .quit, .setSamplerSteps, .setTrajectories, .setExact: false
        }
    }
}
