import Foundation
import Testing
@testable import Models

/// The names, the suffixes, and what a reference does with sets of other sizes or non-finite points.
@Suite struct SampleQualityTests {
    static let reference = QualityReference(dataset: .gaussians8, count: 500, seed: 2)

    @Test func namesAreTheIssuesNamesInOrder() {
        var rng = RNG(seed: 1)
        let q = Self.reference.measure(Dataset.gaussians8.sample(count: 500, rng: &rng))
        #expect(q.scalars().map(\.name) == ["kl", "kl_floor", "cross_entropy", "excess_nll", "precision_2sd", "mode_kl",
                                            "knn_precision", "knn_recall", "mmd", "mmd_floor", "swd", "swd_floor"])
        #expect(q.scalars(suffix: "128").map(\.name).prefix(2) == ["kl_128", "kl_floor_128"])
        #expect(q.scalars().first { $0.name == "kl" }?.value == q.kl)
        #expect(q.modeShares?.count == 8 && abs((q.modeShares ?? []).reduce(0, +) - 1) < 1e-12)
    }

    @Test(arguments: Dataset.allCases)
    func declaredNamesMatchWhatIsMeasured(_ dataset: Dataset) {
        let reference = QualityReference(dataset: dataset, count: 300, seed: 3)
        var rng = RNG(seed: 4)
        let q = reference.measure(dataset.sample(count: 300, rng: &rng))
        #expect(q.scalars(suffix: "4").map(\.name) == SampleQuality.scalarNames(for: dataset, suffix: "4"))
        #expect(q.scalars().allSatisfy { $0.value.isFinite })
    }

    @Test(arguments: [Dataset.gaussians8, .checkerboard])
    func theHeadlineAloneEqualsTheFullMeasure(_ dataset: Dataset) throws {
        let reference = QualityReference(dataset: dataset, count: 400, seed: 9)
        var rng = RNG(seed: 10)
        let samples = dataset.sample(count: 400, rng: &rng)
        let q = reference.measure(samples)
        #expect(reference.headline(of: samples) == q.headline)
        let name = reference.headlineMeasure
        #expect(q.scalars().first { $0.name == name }?.value == q.headline)
        #expect(name == (dataset == .checkerboard ? "mmd" : "kl"))
        let floors = reference.floors
        #expect(floors["mmd"] == q.mmdFloor && floors["swd"] == q.swdFloor && floors["kl"] == q.klFloor)
        #expect(reference.measureNames == SampleQuality.scalarNames(for: dataset))
        #expect(reference.summary().text().contains("\"mmd_floor\""))
    }

    @Test func checkerboardHasOnlyTheDensityFreeMeasures() {
        #expect(SampleQuality.scalarNames(for: .checkerboard) == ["knn_precision", "knn_recall", "mmd", "mmd_floor", "swd", "swd_floor"])
        #expect(SampleQuality.scalarNames(for: .moons).contains("kl") && !SampleQuality.scalarNames(for: .moons).contains("mode_kl"))
    }

    @Test func samplesMayOutnumberOrUndernumberTheReference() throws {
        var rng = RNG(seed: 5)
        let small = Self.reference.measure(Dataset.gaussians8.sample(count: 200, rng: &rng))
        let large = Self.reference.measure(Dataset.gaussians8.sample(count: 1500, rng: &rng))
        #expect(small.count == 200 && large.count == 1500)
        // Each floor is drawn at the samples' own size: smaller sets have higher floors.
        #expect(try #require(small.klFloor) > 0 && small.mmdFloor > large.mmdFloor && small.swdFloor > large.swdFloor)
        #expect(abs(try #require(large.excessNLL)) < 0.1)
    }

    @Test func nonFiniteSamplesReadNaNNotACrash() {
        var rng = RNG(seed: 7)
        var points = Dataset.gaussians8.sample(count: 100, rng: &rng)
        points[17] = .nan
        let q = Self.reference.measure(points)
        #expect(q.kl?.isNaN == true && q.mmd.isNaN && q.knnRecall.isNaN && q.precision2sd?.isNaN == true)
        #expect(q.klFloor?.isFinite == true)
    }

    @Test func theSameSeedGivesTheSameNumbers() {
        let a = QualityReference(dataset: .spiral, count: 400, seed: 8), b = QualityReference(dataset: .spiral, count: 400, seed: 8)
        var rng = RNG(seed: 6)
        let samples = Dataset.spiral.sample(count: 400, rng: &rng)
        #expect(a.points == b.points && a.measure(samples) == b.measure(samples))
    }
}
