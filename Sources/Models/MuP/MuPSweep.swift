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
    public var spiral = SpiralClasses.Shape()
    public var seeds = 1
    public var seed: UInt64 = 0
    public var threads = 0
    /// Walk each curve until the loss has risen two grid steps on each side of its best, instead of running every LR (the
    /// far tails of a curve cost as much as its valley and move no optimum): the base width's curve from the grid's
    /// middle, every other from the base width's best LR — the LR muP means to transfer, so its cost is always measured.
    public var prune = true
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
        return MuMLP(hidden: Array(repeating: width, count: hiddenLayers), rules: MuPRules(p, width: width, baseWidth: baseWidth, readoutZeroInit: readoutZeroInit), rng: &rng)
    }

    /// The fixed full data every loss is measured on.
    public var data: SpiralClasses { SpiralClasses(spiral, seed: seed) }
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

/// A finished cell: its full-data loss after training (NaN when the run diverged); `rowDone` on the last cell its curve
/// will get.
public struct MuPResult: Sendable, Equatable {
    public var cell: MuPCell
    public var loss: Float
    public var rowDone = false

    public init(cell: MuPCell, loss: Float, rowDone: Bool = false) {
        self.cell = cell
        self.loss = loss
        self.rowDone = rowDone
    }
}

/// Parametrisations × widths × log₂ LRs × seeds. The units of work are rows — one curve, a (parametrisation, width):
/// the base width's first (the others start from its optimum), then widest first (the longest start early, so the
/// threads finish together), SP and muP side by side.
public struct MuPGrid: Sendable, Equatable {
    public let widths: [Int]
    public let log2LRs: [Int]
    public let seeds: Int
    /// The width closest to the base width (in log): the curve whose optimum anchors the others.
    public let anchorWidthIndex: Int

    public init(widths: [Int], log2LRs: [Int], seeds: Int, baseWidth: Int = 64) {
        precondition(!widths.isEmpty && !log2LRs.isEmpty && seeds > 0, "a width sweep needs widths, learning rates and seeds")
        self.widths = widths
        self.log2LRs = log2LRs
        self.seeds = seeds
        anchorWidthIndex = widths.indices.min { abs(log(Double(widths[$0]) / Double(baseWidth))) < abs(log(Double(widths[$1]) / Double(baseWidth))) }!
    }

    public init(_ c: MuPConfig) { self.init(widths: c.widths, log2LRs: c.log2LRs, seeds: c.seeds, baseWidth: c.baseWidth) }

    public static let parametrizations = Parametrization.allCases
    /// Cells in the full grid.
    public var count: Int { rowCount * log2LRs.count * seeds }
    public var rowCount: Int { Self.parametrizations.count * widths.count }

    /// Row `index`: its parametrisation and width index.
    public func row(_ index: Int) -> (parametrization: Parametrization, widthIndex: Int) {
        let np = Self.parametrizations.count
        let others = widths.indices.filter { $0 != anchorWidthIndex }.sorted { (widths[$0], $1) > (widths[$1], $0) }
        return (Self.parametrizations[index % np], ([anchorWidthIndex] + others)[index / np])
    }

    public func cell(_ p: Parametrization, width wi: Int, lr li: Int, seed: Int) -> MuPCell {
        MuPCell(parametrization: p, widthIndex: wi, lrIndex: li, seed: seed, width: widths[wi], log2LR: log2LRs[li])
    }

    /// Every cell, row by row.
    public var cells: [MuPCell] {
        (0..<rowCount).flatMap { r in
            let (p, wi) = row(r)
            return log2LRs.indices.flatMap { li in (0..<seeds).map { cell(p, width: wi, lr: li, seed: $0) } }
        }
    }
}

/// The walk along one curve: which grid LR to train next, given the seed-averaged losses so far.
public enum LRWalk {
    /// Unvisited indices at distance 1, then 2, …, `margin` from the best so far (left before right); nil once the best
    /// has `margin` visited (or grid-edge) neighbours on each side. The first visit is `anchor`. Non-finite losses are
    /// worst.
    public static func next(known: [Int: Double], count: Int, anchor: Int, margin: Int = 2) -> Int? {
        guard let best = best(known) else { return anchor }
        for d in 1...margin {
            for j in [best - d, best + d] where j >= 0 && j < count && known[j] == nil { return j }
        }
        return nil
    }

    /// The index of the lowest loss (non-finite ones worst, ties to the smaller index); nil when nothing is known.
    public static func best(_ known: [Int: Double]) -> Int? {
        known.min { a, b in (a.value.isFinite ? a.value : .infinity, a.key) < (b.value.isFinite ? b.value : .infinity, b.key) }?.key
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

    /// Trains one cell; its full-data loss (NaN if it diverged under `DivergenceRule`: a non-finite batch loss, or a
    /// full-data loss above 10× its value at step 0), or nil when cancelled.
    public func run(_ cell: MuPCell, cancel: CancelFlag? = nil) -> Float? {
        let net = config.net(cell.parametrization, width: cell.width, seed: cell.seed)
        let adam = config.adam(lr: cell.lr)
        let rule = DivergenceRule(baseline: net.evaluate(data).loss)
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
        return rule.exceeded(by: loss) ? .nan : loss
    }

    /// Trains one curve — every seed at each LR the walk from `anchor` picks (every LR in order without pruning) —
    /// handing each cell's result to `emit`. Returns the curve's best LR index, or nil when cancelled.
    public func runRow(_ p: Parametrization, width wi: Int, grid: MuPGrid, anchor: Int, cancel: CancelFlag? = nil,
                       emit: (MuPResult) -> Void) -> Int? {
        let n = grid.log2LRs.count
        var known: [Int: Double] = [:]
        var next: Int? = config.prune ? anchor : 0
        while let li = next {
            var cells: [MuPResult] = []
            for s in 0..<grid.seeds {
                let cell = grid.cell(p, width: wi, lr: li, seed: s)
                guard let loss = run(cell, cancel: cancel) else { return nil }
                cells.append(MuPResult(cell: cell, loss: loss))
            }
            known[li] = Self.curvePoint(cells.map(\.loss), seeds: grid.seeds)
            next = config.prune ? LRWalk.next(known: known, count: n, anchor: anchor) : (li + 1 < n ? li + 1 : nil)
            if next == nil { cells[cells.count - 1].rowDone = true }
            cells.forEach(emit)
        }
        return LRWalk.best(known)
    }

    /// A curve's value at one LR: the seeds' mean log₂ loss (+∞ when a seed diverged), what the walk compares.
    public static func curvePoint(_ losses: [Float], seeds: Int) -> Double {
        losses.reduce(0.0) { $0 + ($1.isFinite && $1 > 0 ? log2(Double($1)) : .infinity) } / Double(seeds)
    }

    /// A pool that runs every curve of the sweep (or `units`, ascending curve indices), one worker per thread; a curve of
    /// another width waits for the base width's optimum of its parametrisation (`anchors` gives those already known,
    /// from a resumed shard) and starts its walk there.
    public static func pool(_ config: MuPConfig, data: SpiralClasses, units: [Int]? = nil,
                            anchors known: [Parametrization: Int] = [:]) -> CellPool<MuPResult> {
        let grid = MuPGrid(config)
        let anchors = AnchorBoard()
        for (p, i) in known { anchors.publish(p, i) }
        return CellPool(count: grid.rowCount, units: units, threads: config.threads) {
            let worker = MuPWorker(config: config, data: data)
            return { index, cancel, emit in
                let (p, wi) = grid.row(index)
                if wi == grid.anchorWidthIndex {
                    guard let best = worker.runRow(p, width: wi, grid: grid, anchor: grid.log2LRs.count / 2, cancel: cancel, emit: emit) else { return false }
                    anchors.publish(p, best)
                    return true
                }
                guard let a = anchors.wait(p, cancel: cancel) else { return false }
                return worker.runRow(p, width: wi, grid: grid, anchor: a, cancel: cancel, emit: emit) != nil
            }
        }
    }
}

/// The base width's best LR index per parametrisation, published once its curve is done; other curves wait for it.
final class AnchorBoard: Sendable {
    private let best = Locked<[Parametrization: Int]>([:])

    func publish(_ p: Parametrization, _ index: Int) { best.withLock { $0[p] = index } }

    /// Blocks until `p`'s anchor is published (nil when cancelled first).
    func wait(_ p: Parametrization, cancel: CancelFlag) -> Int? {
        while !cancel.isCancelled {
            if let i = best.withLock({ $0[p] }) { return i }
            usleep(5_000)
        }
        return nil
    }
}
