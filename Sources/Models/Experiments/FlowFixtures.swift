/// What a 2D flow experiment draws once from its seed: the training stream and the fixed held-out sets.
///
/// Separate RNG streams keep each independent: changing the evaluation never changes the training data.
public struct FlowFixtures: Sendable {
    public let dataset: Dataset
    /// Training pairs (stream 1).
    public var dataRNG: RNG
    /// Held-out (x_t, t, x1 − x0) triples for validation loss (stream 5).
    public let validation: FlowValidationSet
    /// Fixed noise for evaluation samples and as many fresh data points to compare with (stream 3).
    public let evalNoise: [Float]
    public let evalData: [Float]
    /// Fixed noise for the live picture (stream 4).
    public let snapshotNoise: [Float]

    public init(dataset: Dataset, seed: UInt64, evalSamples: Int, validationSize: Int, snapshotPoints: Int) {
        self.dataset = dataset
        dataRNG = RNG(seed: seed, stream: 1)
        validation = FlowValidationSet(dataset: dataset, size: validationSize, seed: seed)
        var evalRNG = RNG(seed: seed, stream: 3)
        evalNoise = (0..<(2 * evalSamples)).map { _ in evalRNG.normalFloat() }
        evalData = dataset.sample(count: evalSamples, rng: &evalRNG)
        var snapRNG = RNG(seed: seed, stream: 4)
        snapshotNoise = (0..<(2 * snapshotPoints)).map { _ in snapRNG.normalFloat() }
    }

    /// Fills a rectified-flow batch: x_t = (1−t)·x0 + t·x1 through `fill(row, x_t, t)`, and the target x1 − x0.
    @inline(__always)
    public mutating func drawBatch(rows: Int, target: inout Matrix, fill: (Int, SIMD2<Float>, Float) -> Void) {
        for i in 0..<rows {
            let x0 = dataset.sample(&dataRNG)
            let x1 = SIMD2(dataRNG.normalFloat(), dataRNG.normalFloat())
            let t = dataRNG.uniformFloat()
            fill(i, (1 - t) * x0 + t * x1, t)
            target.data[2 * i] = x1.x - x0.x
            target.data[2 * i + 1] = x1.y - x0.y
        }
    }

    /// The live picture's reference data: the first `points` evaluation points.
    public func snapshotData(points: Int) -> [Float] { Array(evalData.prefix(2 * points)) }
}

extension OptimizerBank {
    /// Takes over another bank's optimizer choice and learning rate (a reset keeps what the user picked).
    public func adoptChoice(of other: OptimizerBank) {
        switchTo(other.current)
        setLR(other.lr)
    }
}
