import Foundation

/// What every cell of the width sweep shares: the spiral task, the widths and LRs, the budget and Adam's settings.
public struct MuPConfig: Sendable, Equatable {
    public var widths = [64, 128, 256, 512, 1024]
    public var baseWidth = 64
    public var hiddenLayers = 2
    /// log₂ LR from `lrLog2Min` to `lrLog2Max`, one grid step per factor 2.
    public var lrLog2Min = -11
    public var lrLog2Max = -2
    public var steps = 300
    public var batch = 256
    public var perClass = 1000
    /// The spiral's arm length and angle noise, in radians.
    public var armSpan = 4.0
    public var angleNoise = 0.2
    public var seeds = 1
    public var seed: UInt64 = 0
    public var threads = 0
    public var readoutZeroInit = false
    public var beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8
    /// The coordinate check: widths, a large LR, steps recorded and seeds averaged.
    public var coordWidths = [64, 128, 256, 512, 1024, 2048]
    public var coordLR: Float = 0.031_25
    public var coordSteps = 3
    public var coordSeeds = 4

    public init() {}

    public var log2LRs: [Int] { Array(lrLog2Min...max(lrLog2Min, lrLog2Max)) }

    /// Adam at `lr` with the sweep's betas and ε.
    public func adam(lr: Float) -> Adam {
        var c = OptimizerConfig()
        c.kind = .adam
        c.lr = lr
        c.beta1 = beta1
        c.beta2 = beta2
        c.eps = eps
        return Adam(config: c)
    }

    /// The net of a width and seed: the same PyTorch-default draw for SP and muP, then muP's rescaling.
    public func net(_ p: Parametrization, width: Int, seed s: Int) -> MuMLP {
        var rng = RNG(seed: seed &+ UInt64(s), stream: 0x1417 &+ UInt64(width))
        return MuMLP(width: width, hiddenLayers: hiddenLayers, rules: MuPRules(p, width: width, baseWidth: baseWidth, readoutZeroInit: readoutZeroInit), rng: &rng)
    }

    /// The fixed full data every loss is measured on.
    public var data: SpiralClasses { SpiralClasses(perClass: perClass, seed: seed, span: armSpan, noise: angleNoise) }
}

/// One training run of the width sweep.
public struct MuPCell: Sendable, Equatable, Hashable {
    public var parametrization: Parametrization
    public var widthIndex: Int
    public var lrIndex: Int
    public var seed: Int
    public var width: Int
    public var log2LR: Int
    public var lr: Float { Float(pow(2, Double(log2LR))) }
}

/// A finished cell: its full-data loss after training (NaN when the run diverged).
public struct MuPResult: Sendable, Equatable {
    public var cell: MuPCell
    public var loss: Float
}

/// Parametrisations × widths × log₂ LRs × seeds, ordered seed-major, then widest first (the longest cells start early,
/// so the threads finish together), then LR, SP and muP side by side.
public struct MuPGrid: Sendable, Equatable {
    public let widths: [Int]
    public let log2LRs: [Int]
    public let seeds: Int

    public init(widths: [Int], log2LRs: [Int], seeds: Int) {
        precondition(!widths.isEmpty && !log2LRs.isEmpty && seeds > 0, "a width sweep needs widths, learning rates and seeds")
        self.widths = widths
        self.log2LRs = log2LRs
        self.seeds = seeds
    }

    public init(_ c: MuPConfig) { self.init(widths: c.widths, log2LRs: c.log2LRs, seeds: c.seeds) }

    public static let parametrizations = Parametrization.allCases
    public var count: Int { Self.parametrizations.count * widths.count * log2LRs.count * seeds }

    public func cell(_ index: Int) -> MuPCell {
        let np = Self.parametrizations.count
        let perSeed = np * widths.count * log2LRs.count
        let seed = index / perSeed
        var r = index % perSeed
        let byWidth = widths.indices.sorted { (widths[$0], $1) > (widths[$1], $0) }
        let wi = byWidth[r / (np * log2LRs.count)]
        r %= np * log2LRs.count
        let li = r / np
        let p = Self.parametrizations[r % np]
        return MuPCell(parametrization: p, widthIndex: wi, lrIndex: li, seed: seed, width: widths[wi], log2LR: log2LRs[li])
    }
}

/// Trains cells of the width sweep one after another on one thread (Adam, batches drawn from the fixed spiral data).
public final class MuPWorker {
    public let config: MuPConfig
    public let data: SpiralClasses
    private var labels: [Int32] = []

    public init(config: MuPConfig, data: SpiralClasses) {
        self.config = config
        self.data = data
    }

    /// The batches of a seed: every width, LR and parametrisation sees the same ones (common random numbers).
    func dataRNG(seed s: Int) -> RNG { RNG(seed: config.seed ^ (UInt64(s + 1) << 32), stream: 0xDA7A) }

    /// Trains one cell; its full-data loss (NaN if it diverged), or nil when cancelled.
    public func run(_ cell: MuPCell, cancel: CancelFlag? = nil) -> Float? {
        let net = config.net(cell.parametrization, width: cell.width, seed: cell.seed)
        let adam = config.adam(lr: cell.lr)
        net.prepare(batch: config.batch)
        var rng = dataRNG(seed: cell.seed)
        for _ in 0..<config.steps {
            if cancel?.isCancelled == true { return nil }
            data.fill(x: &net.input, labels: &labels, rng: &rng)
            net.forward()
            guard net.backward(labels: labels).isFinite else { return .nan }
            net.step(adam)
        }
        let loss = Float(net.evaluate(data).loss)
        return loss.isFinite ? loss : .nan
    }

    /// A pool that runs every cell of `grid`, one worker per thread.
    public static func pool(_ config: MuPConfig, data: SpiralClasses) -> CellPool<MuPResult> {
        let grid = MuPGrid(config)
        return CellPool(count: grid.count, threads: config.threads) {
            let worker = MuPWorker(config: config, data: data)
            return { index, cancel in
                let cell = grid.cell(index)
                return worker.run(cell, cancel: cancel).map { MuPResult(cell: cell, loss: $0) }
            }
        }
    }
}
