import Foundation
import Testing
@testable import Models

/// ddpm, cfg and ddcm on the experiment core: names, live knobs, determinism, and what the live pictures carry.
@Suite struct DiffusionExperimentTests {
    func config(steps: Int = 100) -> DiffusionConfig {
        var c = DiffusionConfig()
        c.schedule = NoiseSchedule(steps: steps)
        c.stepCounts = [5, 100]
        c.guidanceScales = [0, 1, 4]
        c.guidanceSteps = 20
        c.codebookSizes = [2, 8]
        c.rateSizes = [2, 16]
        c.rateSteps = [100, 10]
        c.targets = 16
        return c
    }

    func experiment(_ make: (CoreSettings, DiffusionConfig) -> GenerativeMethod, dataset: Dataset = .gaussians8) -> GenerativeExperiment {
        var s = CoreSettings.small()
        s.dataset = dataset
        s.samplerSteps = 20
        return GenerativeExperiment(settings: s, method: make(s, config()))
    }

    @Test func ddpmEvaluatesEverySamplerOnTheNetAndTheExactModel() {
        let e = experiment { DDPMMethod(settings: $0, config: $1) }
        e.train(to: 20)
        let ev = e.evaluate()
        for name in ["kl_100", "kl_5", "ddim_kl_5", "euler_kl_100", "heun_kl_5", "reflow_kl_5", "exact_kl_100", "exact_ddim_kl_5",
                     "exact_heun_kl_100", "exact_reflow_kl_5", "eps_val_loss", "eps_val_floor", "eps_val_excess", "tails_linear50_share"] {
            #expect(ev[name]?.isFinite == true, "\(name)")
        }
        #expect(ev.headline == "kl_100" && Set(ev.names).isSubset(of: Set(e.evaluationNames)))
        #expect(e.info.validationPrefix == "eps_" && e.info.hasFloor && e.info.hasExact)
        // Same settings, same numbers.
        let again = experiment { DDPMMethod(settings: $0, config: $1) }
        again.train(to: 20)
        #expect(again.evaluate().values == ev.values)
    }

    @Test func liveKnobsPickTheLiveSamplerAndSurviveAReset() throws {
        let e = experiment { DDPMMethod(settings: $0, config: $1) }
        #expect(e.snapshot().samplerName == "ancestral σ²=β~")
        _ = try e.apply(.setOption(key: "sampler", value: "heun"))
        #expect(e.snapshot().samplerName == "PF-ODE Heun")
        _ = try e.apply(.setOption(key: "eta", value: "0.5"))
        _ = try e.apply(.setOption(key: "sampler", value: "ddim"))
        _ = try e.apply(.setExact(true))
        let snap = e.snapshot()
        #expect(snap.samplerName == "exact DDIM η=0.5" && snap.samplerSteps == 20 && snap.trajectories?.count == DiffusionSamplers.pathRows)
        _ = try e.apply(.reset)
        #expect(e.snapshot().samplerName == "exact DDIM η=0.5")
        #expect(throws: CommandError.self) { try e.apply(.setOption(key: "eta", value: "2")) }
        #expect(throws: CommandError.self) { try e.apply(.setOption(key: "sampler", value: "ddcm")) }
        #expect(throws: CommandError.self) { try e.apply(.setSamplerSteps(4001)) }
        _ = try e.apply(.setSamplerSteps(1000))
        #expect(e.snapshot().samplerSteps == 100, "clamped to T")
    }

    @Test func cfgDrawsTheLiveClassAtTheLiveScale() throws {
        let e = experiment({ CFGMethod(settings: $0, config: $1) }, dataset: .overlap)
        e.train(to: 10)
        let ev = e.evaluate()
        for n in GuidanceQuality.names("s4") + GuidanceQuality.names("exact_s1") + GuidanceQuality.names("data") {
            #expect(ev[n]?.isFinite == true, "\(n)")
        }
        var snap = e.snapshot()
        #expect(snap.sampleGroups == (0..<(snap.samples.count / 2)).map { UInt8($0 % 2) } && snap.pointSets.map(\.name) == ["class 0", "class 1"])
        _ = try e.apply(.setOption(key: "class", value: "1"))
        _ = try e.apply(.setOption(key: "scale", value: "4"))
        snap = e.snapshot()
        #expect(snap.samplerName == "CFG class 1 s=4" && snap.sampleGroups.allSatisfy { $0 == 1 })
        _ = try e.apply(.setOption(key: "guide", value: "cg"))
        #expect(e.snapshot().samplerName == "CG class 1 s=4")
        _ = try e.apply(.setExact(true))
        #expect(e.snapshot().samplerName == "exact CG class 1 s=4")
        #expect(throws: CommandError.self) { try e.apply(.setOption(key: "class", value: "2")) }
        #expect(throws: CommandError.self) { try e.apply(.setOption(key: "guide", value: "both")) }
    }

    @Test func ddcmShowsTargetsTheirDecodingAndThePath() throws {
        let e = experiment { DDCMMethod(settings: $0, config: $1) }
        e.train(to: 10)
        let ev = e.evaluate()
        #expect(ev["ddcm_k8_kl"]?.isFinite == true && ev[DDCMMethod.distortionName(rule: .dot, steps: 10, size: 16, exact: true)] != nil)
        _ = try e.apply(.setOption(key: "sampler", value: "ddcm"))
        _ = try e.apply(.setOption(key: "k", value: "4"))
        let snap = e.snapshot()
        let sets = Dictionary(uniqueKeysWithValues: snap.pointSets.map { ($0.name, $0.points) })
        #expect(snap.samplerName == "DDCM K=4" && sets["targets"]?.count == 12 && sets["decoded"]?.count == 12)
        #expect((sets["paths"]?.count ?? 0) == 12 * 21, "6 paths of the 20 steps and the start")
        let before = sets["targets"]!
        _ = try e.apply(.setOption(key: "target", value: "1"))
        #expect(Dictionary(uniqueKeysWithValues: e.snapshot().pointSets.map { ($0.name, $0.points) })["targets"] != before)
    }

    @Test func cfgRefusesUnlabelledData() throws {
        do {
            _ = try Preset(yaml: "experiment: cfg\ndataset: gaussians8\n", source: "c.yaml")
            Issue.record("cfg on unlabelled data must be refused")
        } catch let error as ConfigError {
            #expect(error.description.hasPrefix("c.yaml:2: key 'dataset':"))
        }
        var p = try Preset(yaml: "experiment: cfg\ndataset: overlap\n", source: "c.yaml")
        #expect(throws: ConfigError.self) { try p.set("dataset=moons") }
    }
}
