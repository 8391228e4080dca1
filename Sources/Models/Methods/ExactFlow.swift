/// The Bayes-optimal rectified-flow velocity of a Gaussian mixture as a field: sampling with it separates the
/// sampler's error (steps, solver) from the network's.
public final class ExactFlowField: VelocityField, TimedVelocityField {
    public let mixture: GaussianMixture

    public init(_ mixture: GaussianMixture) { self.mixture = mixture }

    public func velocity(_ x: [Float], t: Float, into out: inout [Float]) {
        for i in 0..<(x.count / 2) { write(i, x, Double(t), &out) }
    }

    public func velocity(_ x: [Float], times: [Float], into out: inout [Float]) {
        for i in 0..<(x.count / 2) { write(i, x, Double(times[i]), &out) }
    }

    @inline(__always)
    private func write(_ i: Int, _ x: [Float], _ t: Double, _ out: inout [Float]) {
        let v = exactVelocity(mixture, x: SIMD2(Double(x[2 * i]), Double(x[2 * i + 1])), t: t)
        out[2 * i] = Float(v.x)
        out[2 * i + 1] = Float(v.y)
    }
}

extension CoreSettings {
    /// The exact model's sampler for this dataset (Gaussian mixtures only), integrated like the net's.
    public func exactFlowSampler() -> Sampler? {
        guard let m = dataset.mixture else { return nil }
        return flowSampler(ExactFlowField(m), name: "exact", prefix: "exact_", method: sampler, evalSteps: [evalSteps],
                           plainNames: false, frozen: true, exact: true)
    }
}
