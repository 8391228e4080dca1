import Foundation

/// Every sample-quality measure of one sample set, nil where the dataset has no density or is not a mixture.
///
/// The external names (stats pane, CSV, JSON) are given once, in `SampleQuality.fields`.
public struct SampleQuality: Sendable, Equatable {
    public var count: Int
    /// KL(samples ‖ data) in nats: cross-entropy minus the samples' Kozachenko–Leonenko entropy (the headline).
    public var kl: Double?
    /// Mean −log p_data over the samples.
    public var crossEntropy: Double?
    /// Cross-entropy − H(p_data): precision-like, and it *rewards* over-sharpening, so never show it alone.
    public var excessNLL: Double?
    /// Share of samples within 2 std of some centre.
    public var precision2sd: Double?
    /// KL(mode shares ‖ true weights).
    public var modeKL: Double?
    /// Share of samples nearest to each centre.
    public var modeShares: [Double]?
    public var knnPrecision: Double
    public var knnRecall: Double
    /// Unbiased multi-scale RBF MMD² against the reference.
    public var mmd: Double
    /// Sliced W1 against the reference.
    public var swd: Double
    /// What true data reads at this n (95th percentile of fresh draws): a value at or under it is noise.
    public var klFloor: Double?
    public var mmdFloor: Double
    public var swdFloor: Double

    /// Which data a measure needs.
    public enum Needs: Sendable { case anyData, density, mixture }

    /// The scalar measures in output order, with their external names: the one place that names them.
    public static let fields: [(name: String, needs: Needs, value: @Sendable (SampleQuality) -> Double?)] = [
        ("kl", .density, { $0.kl }),
        ("kl_floor", .density, { $0.klFloor }),
        ("cross_entropy", .density, { $0.crossEntropy }),
        ("excess_nll", .density, { $0.excessNLL }),
        ("precision_2sd", .mixture, { $0.precision2sd }),
        ("mode_kl", .mixture, { $0.modeKL }),
        ("knn_precision", .anyData, { $0.knnPrecision }),
        ("knn_recall", .anyData, { $0.knnRecall }),
        ("mmd", .anyData, { $0.mmd }),
        ("mmd_floor", .anyData, { $0.mmdFloor }),
        ("swd", .anyData, { $0.swd }),
        ("swd_floor", .anyData, { $0.swdFloor }),
    ]

    /// The vector measure's name (one value per mixture component).
    public static let modeSharesName = "mode_shares"

    /// The scalars present, in order, as (name, value); with a suffix, names read e.g. `kl_128`.
    public func scalars(suffix: String? = nil) -> [(name: String, value: Double)] {
        Self.fields.compactMap { f in f.value(self).map { (Self.name(f.name, suffix), $0) } }
    }

    /// The names `scalars` yields for samples of `dataset` (for CSV headers written before the first evaluation).
    public static func scalarNames(for dataset: Dataset, suffix: String? = nil) -> [String] {
        fields.filter { f in
            switch f.needs {
            case .anyData: true
            case .density: dataset.density != nil
            case .mixture: dataset.mixture != nil
            }
        }.map { name($0.name, suffix) }
    }

    /// The headline: kl where the data has a density, else mmd (see `headlineName(for:)`).
    public var headline: Double? { kl ?? mmd }

    /// The name of the headline measure for samples of `dataset`.
    public static func headlineName(for dataset: Dataset) -> String { dataset.density != nil ? "kl" : "mmd" }

    private static func name(_ base: String, _ suffix: String?) -> String {
        suffix.map { "\(base)_\($0)" } ?? base
    }
}
