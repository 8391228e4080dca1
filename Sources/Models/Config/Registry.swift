/// The registry of experiment families: one line each. A family declares its kinds, keys, rules and what it runs in
/// its own folder; adding one is a folder and a line here.
extension ExperimentFamily {
    public static let all: [ExperimentFamily] = [
        .flow, .moe, .oneStep, .diffusion, .tarflow, .vq, .classifier, .contrastive, .sweeps, .mup, .physics, .checkpointing, .race,
    ]
}
