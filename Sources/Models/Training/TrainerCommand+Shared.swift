extension TrainerCommand {
    /// Rejects out-of-range values with a one-line reason before any experiment sees the command.
    public func validate() throws {
        switch self {
        case .setLR(let lr, _):
            guard lr.isFinite, lr > 0 else { throw CommandError("learning rate must be positive, got \(lr)") }
        case .scaleLR(let f, _):
            guard f.isFinite, f > 0 else { throw CommandError("learning-rate factor must be positive, got \(f)") }
        case .setBatchSize(let b):
            guard (1...65_536).contains(b) else { throw CommandError("batch size must be in 1…65536, got \(b)") }
        case .setSamplerSteps(let n):
            guard (1...4000).contains(n) else { throw CommandError("sampler steps must be in 1…4000, got \(n)") }
        default:
            break
        }
    }
}
