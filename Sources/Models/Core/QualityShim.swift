// Temporary until the measures branch lands: the API the core calls, on sliced W1 alone.
public final class QualityReference: @unchecked Sendable {
    public let data: [Float]
    public init(dataset: Dataset, count: Int, seed: UInt64) {
        var r = RNG(seed: seed, stream: 12)
        data = dataset.sample(count: count, rng: &r)
    }
    public var measureNames: [String] { ["swd"] }
    public var headlineMeasure: String { "swd" }
    public var floors: [String: Double] { [:] }
    public func headline(of samples: [Float]) -> Double { slicedWasserstein1(samples, data) }
    public func measure(_ samples: [Float]) -> SampleQuality {
        let v = headline(of: samples)
        return SampleQuality(scalars: [("swd", v)], vectors: [], headline: v)
    }
    public func summary() -> JSONObject { JSONObject() }
}

public struct SampleQuality {
    public var scalars: [(String, Double)]
    public var vectors: [NamedVector]
    public var headline: Double?
}
