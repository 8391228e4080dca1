/// The trained half shared by ddpm, cfg and ddcm: an ε-net, the DDPM objective on its schedule, and its held-out ε loss.
/// (The weights' EMA that Ho et al. sample with is the core's: `weight_ema`, `sample_from: ema`.)
public final class Denoiser {
    public static let group = "denoiser"
    public let schedule: NoiseSchedule
    public let net: EpsilonNet
    /// Held-out ε loss against the exact floor (the conditional model's on labelled data).
    public let validation: EpsilonValidation
    private var objective = DenoisingObjective()

    public init(settings: CoreSettings, config: DiffusionConfig, classes: Int = 0) {
        schedule = config.schedule
        validation = EpsilonValidation(dataset: settings.dataset, schedule: config.schedule, size: settings.validationSize,
                                       seed: settings.seed, conditional: classes > 0)
        var initRNG = RNG(seed: settings.seed, stream: 2)
        net = EpsilonNet(shape: settings.net, classes: classes, rng: &initRNG)
    }

    /// The model samplers use (the core swaps in the averaged weights when they draw the samples).
    public var model: EpsilonNet { net }

    /// The exact model when given, else the net.
    public func model(exact: ExactDenoiser?) -> EpsilonModel { exact ?? net }

    public func group(_ settings: CoreSettings) -> ParameterGroup {
        ParameterGroup(name: Self.group, parameters: net.parameters, config: settings.optimizer)
    }

    /// One optimizer step on a batch; `draw` gives each row's data point and condition.
    public func step(_ ctx: MethodContext, draw: (inout RNG) -> (x0: SIMD2<Float>, condition: Int?)) -> Float {
        let loss = objective.lossAndGradient(net, schedule: schedule, rows: ctx.batch, rng: &ctx.rng, draw: draw)
        ctx.update(Self.group)
        return loss
    }

    /// The validation as a method reports it (`ownValidation`, then these in `extraEvaluation`).
    public var ownValidation: (prefix: String, hasFloor: Bool) { (EpsilonValidation.prefix, validation.floor != nil) }
    public var validationNames: [String] { EpsilonValidation.names(hasFloor: validation.floor != nil) }
    public func validationScalars() -> [(String, Double)] { validation.scalars(net) }

    public var isFinite: Bool { net.allFinite }
}

/// Builds the diffusion samplers of one ε-model (net or exact) over one schedule; per-step noise comes from a fixed
/// seeded stream, so every evaluation of a sampler sees the same noise.
public struct DiffusionSamplers {
    public let schedule: NoiseSchedule
    public let seed: UInt64

    public init(schedule: NoiseSchedule, seed: UInt64) {
        self.schedule = schedule
        self.seed = seed
    }

    /// Paths kept for the live picture.
    public static let pathRows = 16

    /// Draws from `noise` (x_T) in `steps` steps with `kind` (ancestral, DDIM or PF-ODE); keeps ≤ 100 frames of paths.
    public func draw(_ model: EpsilonModel, kind: DiffusionSamplerKind, noise: [Float], steps: Int, variance: AncestralVariance,
                     eta: Double = 0, condition: Int? = nil, paths: Bool = false) -> SampleRun {
        let s = max(1, min(steps, schedule.steps))
        var recorder = paths ? PathRecorder(start: noise, steps: s, rows: Self.pathRows) : nil
        let frame: ((_ x: [Float], _ t: Float) -> Void)? = paths ? { recorder?.add($0, $1) } : nil
        let final: [Float]
        switch kind {
        case .euler, .heun:
            final = probabilityFlow(model, schedule: schedule, start: noise, sigmas: schedule.karrasSigmas(s),
                                    solver: kind == .heun ? .heun : .euler, condition: condition, frame: frame)
        default:
            let rule: DiffusionStep = kind == .ddim ? .ddim(eta: eta) : .ancestral(variance)
            final = reverseDiffusion(model, schedule: schedule, start: noise, timesteps: schedule.strided(s), rule: rule,
                                     condition: condition, noise: gaussianNoise(RNG(seed: seed, stream: 8)), frame: frame)
        }
        return SampleRun(final: final, trajectories: recorder?.trajectories)
    }

    /// A core sampler evaluated at `evalSteps` (clamped to T) with its curve at the same counts.
    public func sampler(_ model: EpsilonModel, kind: DiffusionSamplerKind, name: String, prefix: String, evalSteps: [Int],
                        variance: AncestralVariance, eta: Double = 0, plainNames: Bool = false, frozen: Bool = false,
                        exact: Bool = false) -> Sampler {
        let counts = clamped(evalSteps)
        return Sampler(name: name, prefix: prefix, evalSteps: counts, plainNames: plainNames, curveSteps: plainNames ? [] : counts.sorted(),
                       frozen: frozen, exact: exact, maxSteps: schedule.steps, hasPaths: true) { noise, steps, paths in
            draw(model, kind: kind, noise: noise, steps: steps, variance: variance, eta: eta, paths: paths)
        }
    }

    /// Step counts within 1…T, each once, in the given order.
    public func clamped(_ counts: [Int]) -> [Int] {
        var seen: [Int] = []
        for c in counts.map({ max(1, min($0, schedule.steps)) }) where !seen.contains(c) { seen.append(c) }
        return seen
    }
}
