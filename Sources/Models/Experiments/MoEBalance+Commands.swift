extension MoEBalanceExperiment {
    public func apply(_ command: TrainerCommand) throws -> [TrainerEvent] {
        if let events = try optimizer.handle(command, step: step) { return events }
        try command.validate()
        switch command {
        case .setBatchSize(let b):
            var c = config
            c.batch = b
            reconfigure(c)
            return [.notice("batch \(b)")]
        case .setSamplerSteps(let n):
            var c = config
            c.samplerSteps = n
            reconfigure(c)
            return [.notice("sampler steps \(n)")]
        case .setDataset(let d):
            var c = config
            c.dataset = d
            restart(with: c)
            return [.reset, .notice("dataset \(d.label)")]
        case .reset:
            restart(with: config)
            return [.reset]
        case .setOption(let key, let value):
            return [.notice(try setOption(key, value))]
        case .setTrajectories, .pause, .resume, .stepOnce, .quit, .setOptimizer, .setLR:
            return []
        }
    }

    /// Live knobs: `balance` (none|aux|lossfree|lossfree-rms), `alpha` (aux weight), `u` (bias step).
    private func setOption(_ key: String, _ value: String) throws -> String {
        var c = config
        switch key {
        case "balance":
            guard let s = BalanceStrategy(rawValue: value) else {
                throw CommandError("balance must be one of \(BalanceStrategy.allCases.map(\.rawValue).joined(separator: ", ")), got '\(value)'")
            }
            c.balance = s
            if !s.usesBias { net.moe.bias = [Float](repeating: 0, count: c.experts) }
            reconfigure(c)
            return "balance \(s.rawValue)"
        case "alpha", "aux_alpha":
            guard let a = Float(value), a.isFinite, a >= 0 else { throw CommandError("alpha must be a number ≥ 0, got '\(value)'") }
            c.auxAlpha = a
            reconfigure(c)
            return "aux α \(a)"
        case "u", "bias_rate":
            guard let u = Float(value), u.isFinite, u >= 0 else { throw CommandError("u must be a number ≥ 0, got '\(value)'") }
            c.biasRate = u
            reconfigure(c)
            return "bias step u \(u)"
        default:
            throw CommandError("moe-balance has no option '\(key)' (balance, alpha, u)")
        }
    }
}
