/// How many nats per point a density model is from the data: its test NLL on clean held-out points beside the data's
/// exact differential entropy H, and their difference KL(data ‖ model) = NLL − H, each with its standard error.
public struct FlowLikelihood: Sendable, Equatable {
    /// Mean −log q over the test points, and its standard error (sample std over √n).
    public var testNLL: Double
    public var testNLLStandardError: Double
    /// H(p_data) (Monte Carlo, `Dataset.entropy`) with its standard error; nil where the data has no density.
    public var entropy: DataEntropy?

    /// −log q(xᵢ) of the test points (any n ≥ 2).
    public init(negativeLogLikelihoods nll: [Double], entropy: DataEntropy?) {
        let n = Double(nll.count)
        let mean = nll.reduce(0, +) / n
        let variance = nll.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / max(n - 1, 1)
        testNLL = mean
        testNLLStandardError = (variance / n).squareRoot()
        self.entropy = entropy
    }

    /// KL(data ‖ model) = NLL − H in nats per point; ≥ 0 up to its noise.
    public var kl: Double? { entropy.map { testNLL - $0.nats } }
    /// The two estimates are independent: their errors add in quadrature.
    public var klStandardError: Double? {
        entropy.map { (testNLLStandardError * testNLLStandardError + $0.standardError * $0.standardError).squareRoot() }
    }

    /// The names `values` yields for data with (or without) a density, in order.
    public static func names(hasDensity: Bool) -> [String] {
        ["test_nll", "test_nll_se"] + (hasDensity ? ["entropy", "flow_kl", "flow_kl_se"] : [])
    }

    /// (name, value) pairs for evaluations and summary.json.
    public var values: [(String, Double)] {
        var out = [("test_nll", testNLL), ("test_nll_se", testNLLStandardError)]
        if let h = entropy, let kl, let se = klStandardError {
            out += [("entropy", h.nats), ("flow_kl", kl), ("flow_kl_se", se)]
        }
        return out
    }
}
