import ArgumentParser
import Foundation
import Models

/// `lab score SAMPLES.csv`: every sample-quality measure of a file of 2D points, beside what true data reads.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score a CSV of 2D samples (header x,y) against a dataset with the lab's measures.",
        discussion: """
            kl (KL(samples ‖ data), nats) is the headline; excess_nll rewards over-sharpening, so read it beside kl. \
            Each floor is the 95th percentile of 10 fresh true draws of the same size: a value at or under it is noise.
            """)

    @Argument(help: "CSV file with a header line naming columns x and y.")
    var samples: String

    @Option(help: "Dataset the samples should follow: \(Dataset.allCases.map(\.rawValue).joined(separator: ", ")).")
    var dataset = Dataset.gaussians8.rawValue

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Option(name: .customLong("reference-count"), help: "Fresh reference points (default: as many as the samples).")
    var referenceCount: Int?

    @Option(help: "Seed of the reference and the floors' fresh draws.")
    var seed = 0

    @Flag(help: "Also time the measures (reference build, floors, then one measure: best of 10).")
    var time = false

    /// Fewer points than this make every k-NN measure meaningless.
    static let minimumPoints = 10

    func run() throws {
        guard let data = Dataset(rawValue: dataset) else {
            throw ConfigError("--dataset \(dataset): expected one of \(Dataset.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard seed >= 0 else { throw ConfigError("--seed \(seed): expected a non-negative integer") }
        if let r = referenceCount, r < Self.minimumPoints {
            throw ConfigError("--reference-count \(r): expected at least \(Self.minimumPoints)")
        }
        let points = try PointsCSV.read(path: samples, minimumCount: Self.minimumPoints)
        let n = points.count / 2
        let start = Clock.now()
        let reference = QualityReference(dataset: data, count: referenceCount ?? n, seed: UInt64(seed))
        let built = Clock.now()
        let floors = reference.floors(count: n)
        let floored = Clock.now()
        let quality = reference.measure(points)
        let timing = time ? Timing(reference: built - start, floors: floored - built, measure: Self.measureTimes(reference, points)) : nil
        let report = ScoreReport(file: samples, dataset: data, reference: reference, quality: quality, floors: floors, timing: timing)
        print(json ? report.json() : report.text())
    }

    /// Seconds per measure over 10 runs after the floors are cached: (best, median).
    static func measureTimes(_ reference: QualityReference, _ points: [Float]) -> (best: Double, median: Double) {
        let times = (0..<10).map { _ -> Double in
            let t = Clock.now()
            _ = reference.measure(points)
            return Clock.now() - t
        }.sorted()
        return (times[0], (times[4] + times[5]) / 2)
    }
}

/// How long `lab score --time` took, in seconds.
struct Timing {
    var reference: Double
    var floors: Double
    var measure: (best: Double, median: Double)
}
