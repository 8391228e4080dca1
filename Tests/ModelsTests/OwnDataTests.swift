import Foundation
import Testing
@testable import Models

/// `dataset: csv:PATH`: a user's points standardised, split 80/20 once, and scored by the density-free measures
/// against the held-out fifth.
@Suite struct OwnDataTests {
    /// A CSV of `n` points of the 8-Gaussian mixture, moved and shrunk so standardising has work to do.
    static func mixtureFile(_ n: Int, shift: SIMD2<Double> = SIMD2(10, -5), factor: Double = 0.25) throws -> String {
        var rng = RNG(seed: 7, stream: 0)
        var text = "x,y\n"
        for _ in 0..<n {
            let p = Dataset.gaussians8.sample(&rng)
            text += "\(shift.x + factor * Double(p.x)),\(shift.y + factor * Double(p.y))\n"
        }
        return try write(text)
    }

    static func write(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("own-data-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static func configError(_ yaml: String) -> String? {
        do {
            _ = try Preset(yaml: yaml, source: "p.yaml")
            return nil
        } catch {
            return (error as? ConfigError)?.description ?? "\(error)"
        }
    }

    @Test func pointsAreCentredScaledAndSplitOnceIntoDisjointFifths() throws {
        let path = try Self.mixtureFile(1000)
        let c = try PointCloud.load(path)
        #expect(c.trainCount == 800 && c.heldOutCount == 200)
        #expect(abs(c.mean.x - 10) < 0.1 && abs(c.mean.y + 5) < 0.1)
        let all = c.train + c.heldOut
        let n = Double(all.count / 2)
        let mx = stride(from: 0, to: all.count, by: 2).map { Double(all[$0]) }.reduce(0, +) / n
        let rms = (all.map { Double($0) * Double($0) }.reduce(0, +) / (2 * n)).squareRoot()
        #expect(abs(mx) < 1e-5 && abs(rms - PointCloud.targetScale) < 1e-5)
        // The built-in mixture's per-coordinate RMS is 2.87; ×0.25 in the file, so the factor undoes it to 3.
        #expect(abs(c.scale - 0.25 * 2.872 / 3) < 0.02)
        let train = Set(stride(from: 0, to: c.train.count, by: 2).map { SIMD2(c.train[$0], c.train[$0 + 1]) })
        let held = Set(stride(from: 0, to: c.heldOut.count, by: 2).map { SIMD2(c.heldOut[$0], c.heldOut[$0 + 1]) })
        #expect(train.isDisjoint(with: held) && train.count + held.count == 1000)
        #expect(try PointCloud.load(path) === c, "a file is loaded once per process")
    }

    @Test func aFileIsADatasetWithoutDensitySoTheMeasuresAreDensityFree() throws {
        let path = try Self.mixtureFile(500)
        let d = try #require(Dataset(rawValue: "csv:" + path))
        #expect(d.rawValue == "csv:" + path && Dataset(rawValue: d.rawValue) == d)
        #expect(d.density == nil && d.mixture == nil && d.entropy == nil && d.exactDenoiser == nil)
        #expect(!Dataset.allCases.contains(d), "d cycles through the built-in sets only")
        let names = SampleQuality.scalarNames(for: d)
        #expect(names.contains("knn_precision") && names.contains("knn_recall") && names.contains("mmd") && !names.contains("kl"))
        #expect(SampleQuality.headlineName(for: d) == "mmd")
        let reference = QualityReference(dataset: d, count: 2000, seed: 3)
        #expect(reference.points == d.pointCloud!.heldOut, "the reference is the held-out fifth, whatever the count")
        var rng = RNG(seed: 1, stream: 9)
        let heldOut = Set(stride(from: 0, to: reference.points.count, by: 2).map { SIMD2(reference.points[$0], reference.points[$0 + 1]) })
        #expect((0..<200).allSatisfy { _ in !heldOut.contains(d.sample(&rng)) }, "training draws never see a held-out point")
        #expect((0..<200).allSatisfy { _ in heldOut.contains(d.sampleHeldOut(&rng)) })
    }

    @Test func badFilesStopThePresetWithOneLineNamingFileLineAndField() throws {
        let nan = try Self.write("x,y\n" + (0..<150).map { "\($0),1" }.joined(separator: "\n") + "\n3,nan\n")
        #expect(Self.configError("experiment: reflow\ndataset: csv:\(nan)\n")
            == "p.yaml:2: key 'dataset': \(nan):152: field 'y': 'nan' is not a finite number")
        let headerless = try Self.write((0..<150).map { "\($0),1" }.joined(separator: "\n"))
        #expect(Self.configError("experiment: reflow\ndataset: csv:\(headerless)\n")
            == "p.yaml:2: key 'dataset': \(headerless):1: expected the header line x,y, found '0,1'")
        let few = try Self.write("x,y\n" + (0..<99).map { "\($0),1" }.joined(separator: "\n"))
        #expect(Self.configError("experiment: reflow\ndataset: csv:\(few)\n") == "p.yaml:2: key 'dataset': \(few): 99 points, need at least 100")
        #expect(Self.configError("experiment: reflow\ndataset: csv:/no/such.csv\n") == "p.yaml:2: key 'dataset': /no/such.csv: no such file")
        var p = try Preset(yaml: "experiment: reflow\n", source: "p.yaml")
        #expect(throws: ConfigError("--set dataset: key 'dataset': \(few): 99 points, need at least 100")) { try p.set("dataset=csv:\(few)") }
        #expect(p.text("dataset") == "gaussians8", "a rejected override leaves the preset as it was")
    }

    @Test func trainingOnAFileOfMixturePointsScoresLikeTheBuiltInMixture() throws {
        let path = try Self.mixtureFile(10_000, shift: SIMD2(0, 0), factor: 1)
        func recallAndPrecision(_ dataset: Dataset) -> (Double, Double) {
            var s = CoreSettings.small(hidden: [64, 64], batch: 128)
            s.dataset = dataset
            s.evalSamples = 1000
            s.evalSteps = 50
            let e = GenerativeExperiment(settings: s, method: ReFlowMethod(settings: s))
            e.train(to: 1500)
            let v = e.evaluate(curves: false)
            let value = { (name: String) in v.values[v.names.firstIndex(of: name)!] }
            return (value("knn_precision"), value("knn_recall"))
        }
        let builtIn = recallAndPrecision(.gaussians8)
        let own = recallAndPrecision(try #require(Dataset(rawValue: "csv:" + path)))
        #expect(abs(builtIn.0 - own.0) <= 0.05 && abs(builtIn.1 - own.1) <= 0.05, "built-in \(builtIn), file \(own)")
    }
}
