import Foundation
import Testing
@testable import Models

/// TARFLOW and VQ on the experiment core: training helps, names and files are what the headless run promises.
@Suite struct FlowVQMethodTests {
    private func tarflow(sigma: Float = 0) -> (GenerativeExperiment, TARFlowMethod) {
        var s = CoreSettings.small(batch: 64)
        s.totalSteps = 300
        s.optimizer.lr = 2e-3
        var c = TARFlowConfig()
        c.blocks = 4
        c.channels = 16
        c.testSize = 2000
        c.sigma = sigma
        let m = TARFlowMethod(settings: s, config: c)
        return (GenerativeExperiment(settings: s, method: m), m)
    }

    /// From the identity (N(0, I): ≈ 6 nats from the 8 Gaussians) a short run closes most of the gap.
    @Test func maximumLikelihoodTrainingLowersFlowKL() throws {
        let (e, m) = tarflow()
        let before = try #require(m.likelihood().kl)
        #expect(before > 4)
        e.train(to: 300)
        let after = try #require(m.likelihood().kl)
        #expect(after < 0.5 * before, "flow_kl \(before) → \(after)")
        let ev = e.evaluate()
        for name in ["kl", "denoised_kl", "exact_denoised_kl", "test_nll", "entropy", "flow_kl", "flow_kl_se", "score_error"] {
            #expect(ev[name] != nil, "\(name) evaluated")
        }
        #expect(abs(try #require(ev["flow_kl"]) - (try #require(ev["test_nll"]) - (try #require(ev["entropy"])))) < 1e-12)
        #expect(e.outputs().map(\.name) == ["samples.csv", "denoised_samples.csv", "exact_denoised_samples.csv"])
    }

    /// σ = 0 leaves the denoising step out (x + 0·∇ log p): both samplers agree exactly.
    @Test func withoutNoiseTheDenoisedSamplesAreTheSamples() {
        let (e, _) = tarflow()
        e.train(to: 20)
        let ev = e.evaluate()
        #expect(ev["kl"] == ev["denoised_kl"])
    }

    /// `sigma` is a live option: from then on the batches are noisy and the step uses the new σ.
    @Test func sigmaIsALiveOption() throws {
        let (e, m) = tarflow()
        _ = try e.apply(.setOption(key: "sigma", value: "0.1"))
        #expect(m.config.sigma == 0.1)
        #expect(throws: CommandError.self) { try e.apply(.setOption(key: "sigma", value: "3")) }
    }

    private func vq(_ paths: [GradientPath]) -> GenerativeExperiment {
        var s = CoreSettings.small(hidden: [16, 16], batch: 64)
        s.snapshotPoints = 40
        var c = VQConfig()
        c.paths = paths
        c.codes = 16
        c.testSize = 500
        return GenerativeExperiment(settings: s, method: VQMethod(settings: s, config: c))
    }

    /// The three paths start from the same weights and see the same batches: each column of the side-by-side run equals
    /// that path trained alone.
    @Test func sideBySideEqualsEachPathAlone() throws {
        let all = vq(GradientPath.allCases)
        all.train(to: 30)
        let together = all.evaluate()
        for path in GradientPath.allCases {
            let alone = vq([path])
            alone.train(to: 30)
            let e = alone.evaluate()
            for name in CodebookUsage.names { #expect(e[name] == together[path.rawValue + "_" + name], "\(path) \(name)") }
        }
        #expect(all.evaluationNames == GradientPath.allCases.flatMap { p in CodebookUsage.names.map { p.rawValue + "_" + $0 } })
        #expect(all.groupStatus.map(\.name) == ["STE", "rotation", "SimVQ"])
    }

    @Test func vqPicturesAndFiles() throws {
        let e = vq([.ste, .simvq])
        e.train(to: 5)
        let s = e.snapshot()
        #expect(s.samples.count == s.data.count && !s.data.isEmpty)
        for name in [VQPicture.latent, VQPicture.codes, VQPicture.reconstructions].flatMap({ [$0 + "STE", $0 + "SimVQ"] }) {
            #expect(s.pointSets.contains { $0.name == name }, "\(name)")
        }
        let usage = try #require(s.vectors.first { $0.name == VQPicture.usage + "STE" })
        #expect(usage.values.count == 16 && usage.values.reduce(0, +) == 500)
        let files = e.outputs()
        #expect(files.map(\.name) == ["ste_reconstructions.csv", "ste_codebook.csv", "simvq_reconstructions.csv", "simvq_codebook.csv"])
        #expect(files[0].contents.hasPrefix("x,y,code,x_rec,y_rec\n") && files[0].contents.split(separator: "\n").count == 501)
    }
}
