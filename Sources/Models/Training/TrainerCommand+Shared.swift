extension TrainerCommand {
    /// Rejects out-of-range values with a one-line reason before any experiment sees the command.
    public func validate() throws {
        switch self {
        case .setLR(let lr):
            guard lr.isFinite, lr > 0 else { throw CommandError("learning rate must be positive, got \(lr)") }
        case .setBatchSize(let b):
            guard (1...65_536).contains(b) else { throw CommandError("batch size must be in 1…65536, got \(b)") }
        case .setSamplerSteps(let n):
            guard (1...128).contains(n) else { throw CommandError("sampler steps must be in 1…128, got \(n)") }
        default:
            break
        }
    }
}

extension OptimizerBank {
    /// The optimizer commands every trainable experiment shares (switch, learning rate); nil for any other command.
    public func handle(_ command: TrainerCommand, step: Int) throws -> [TrainerEvent]? {
        switch command {
        case .setOptimizer(let kind):
            let from = current
            guard kind != from else { return [] }
            switchTo(kind)
            return [.switched(step: step, from: from, to: kind)]
        case .setLR(let lr):
            try command.validate()
            setLR(lr)
            return [.notice("lr \(lr)")]
        default:
            return nil
        }
    }
}
