/// The training data stream: points of the dataset from their own seeded RNG, drawn one at a time.
public struct DataStream: Sendable {
    public let dataset: Dataset
    private var rng: RNG

    public init(dataset: Dataset, seed: UInt64) {
        self.dataset = dataset
        rng = RNG(seed: seed, stream: 1)
    }

    /// Where the stream is: its RNG's state (`RNG.state`).
    public var state: [UInt64] {
        get { rng.state }
        set { rng = RNG(state: newValue) ?? rng }
    }

    @inline(__always)
    public mutating func next() -> SIMD2<Float> { dataset.sample(&rng) }

    /// A point with its class (labelled data; 0 otherwise), from the same stream.
    @inline(__always)
    public mutating func nextLabelled() -> (point: SIMD2<Float>, label: Int) { dataset.sampleLabelled(&rng) }
}

/// What an experiment draws once from its seed: the training stream and the fixed held-out sets.
///
/// Separate RNG streams keep each independent: changing the evaluation never changes the training data.
public struct CoreFixtures: Sendable {
    public let dataset: Dataset
    /// Fixed noise for evaluation samples (stream 3), scored against `reference` (its own stream).
    public let evalNoise: [Float]
    public let reference: QualityReference
    /// Fixed noise for the live picture (stream 4) and as many data points to draw under it.
    public let snapshotNoise: [Float]
    public let snapshotData: [Float]
    /// Held-out (x_t, t, x1 − x0) triples for flow methods' validation loss (stream 5).
    public let validation: FlowValidationSet

    public init(_ s: CoreSettings) {
        dataset = s.dataset
        var evalRNG = RNG(seed: s.seed, stream: 3)
        evalNoise = (0..<(2 * s.evalSamples)).map { _ in evalRNG.normalFloat() }
        reference = QualityReference(dataset: s.dataset, count: s.evalSamples, seed: s.seed)
        var snapRNG = RNG(seed: s.seed, stream: 4)
        snapshotNoise = (0..<(2 * s.snapshotPoints)).map { _ in snapRNG.normalFloat() }
        snapshotData = s.dataset.sample(count: s.snapshotPoints, rng: &snapRNG)
        validation = FlowValidationSet(dataset: s.dataset, size: s.validationSize, seed: s.seed)
    }
}
