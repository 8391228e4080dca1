import Foundation
import Testing
@testable import Models

/// Claims as data: the measure grammar, the bars, the keys a preset writes them with, and the metrics a run's folder gives.
@Suite struct ClaimTests {
    static let claimYAML = """
        experiment: reflow
        claim: Muon reaches a lower kl than Adam
        claim_source: Jordan et al. 2024
        claim_figure: "Moonlight Fig. 1: ~2x"
        claim_measure: b.kl / a.kl
        claim_bar: <= 0.6
        claim_quick_steps: 1000
        claim_quick_bar: <= 0.9

        """

    @Test func aMeasureFollowsPrecedenceFunctionsAndUnaryMinus() throws {
        let m: [String: Double] = ["a.kl": 0.5, "b.kl": 0.2, "x": -3, "final.0": 4]
        #expect(try ClaimMeasure("b.kl / a.kl").value(m) == 0.4)
        #expect(try ClaimMeasure("1 + 2 * 3 - 4 / 2").value(m) == 5)
        #expect(try ClaimMeasure("(1 + 2) * 3").value(m) == 9)
        #expect(try ClaimMeasure("-x - -1").value(m) == 4)
        #expect(try ClaimMeasure("abs(x) + min(1, 2) * max(final.0, 2)").value(m) == 7)
        #expect(try ClaimMeasure("log10(1e3)").value(m) == 3)
        #expect(try ClaimMeasure("1e-4 * 2").value(m) == 2e-4)
        #expect(try ClaimMeasure("max(b.kl, a.kl) / x").metrics == ["b.kl", "a.kl", "x"])
    }

    @Test func aMissingMetricIsATypedFailureNamingIt() throws {
        let m = try ClaimMeasure("kl / teacher_kl_100")
        #expect(throws: ClaimMeasure.MissingMetric(name: "teacher_kl_100")) { try m.value(["kl": 1]) }
    }

    @Test func textThatIsNotAMeasureIsRefused() {
        for bad in ["", "kl +", "(kl", "kl)", "abs(kl, 2)", "sqrt(kl)", "kl - ", "b-kl ^ 2", "a. + 1", "kl kl", "min(1)"] {
            #expect(throws: ClaimMeasure.SyntaxError.self, "\(bad)") { try ClaimMeasure(bad) }
        }
    }

    @Test func barsHoldTheirBoundsAndRefuseNaN() throws {
        let atMost = try #require(ClaimBar("<= 0.6")), below = try #require(ClaimBar("<0.6"))
        #expect(atMost.holds(0.6) && !below.holds(0.6) && !atMost.holds(0.61))
        let within = try #require(ClaimBar("in [0.9, 1.1]"))
        #expect(within.holds(0.9) && within.holds(1.1) && !within.holds(1.2))
        #expect(try #require(ClaimBar(">= 2")).holds(2) && !(try #require(ClaimBar("> 2"))).holds(2))
        for bar in [atMost, below, within, ClaimBar(">= 0")!, ClaimBar("> -1")!] { #expect(!bar.holds(.nan)) }
        #expect(atMost.description == "≤ 0.6" && within.description == "in [0.9, 1.1]" && ClaimBar(">= 1e-4")!.description == "≥ 0.0001")
        for bad in ["0.6", "<= ", "=< 1", "in [2, 1]", "in [1]", "in 1, 2", "<= nan", "~ 1"] { #expect(ClaimBar(bad) == nil, "\(bad)") }
    }

    @Test func aPresetsClaimIsReadFromItsFlatKeys() throws {
        let p = try Preset(yaml: Self.claimYAML, source: "c.yaml")
        let c = try #require(p.claims.first)
        #expect(p.claims.count == 1)
        #expect(c.name == "Muon reaches a lower kl than Adam" && c.source == "Jordan et al. 2024" && c.figure == "Moonlight Fig. 1: ~2x")
        #expect(c.measure.metrics == ["b.kl", "a.kl"] && c.bar == .atMost(0.6) && c.quickSteps == 1000 && c.quickBar == .atMost(0.9))
        #expect(try Preset(yaml: "experiment: kepler\n", source: "k.yaml").claims.isEmpty)
    }

    @Test func theSecondAndThirdClaimsUseTheirOwnPrefixes() throws {
        let second = Self.claimYAML.replacingOccurrences(of: "\nclaim", with: "\nclaim2")
        let both = try Preset(yaml: Self.claimYAML + second.split(separator: "\n").dropFirst().joined(separator: "\n") + "\n", source: "c.yaml")
        #expect(both.claims.count == 2)
        #expect(try Preset(yaml: second, source: "c.yaml").claims.map(\.name) == ["Muon reaches a lower kl than Adam"])
    }

    @Test func aBadClaimIsOneLineNamingFileLineAndKey() {
        let cases: [(String, String)] = [
            (Self.claimYAML.replacingOccurrences(of: "b.kl / a.kl", with: "b.kl / "), "c.yaml:5: key 'claim_measure': "),
            (Self.claimYAML.replacingOccurrences(of: "<= 0.6", with: "=< 0.6"), "c.yaml:6: key 'claim_bar': expected <= x"),
            (Self.claimYAML.replacingOccurrences(of: "<= 0.9", with: "0.9"), "c.yaml:8: key 'claim_quick_bar': expected"),
            (Self.claimYAML.replacingOccurrences(of: "claim_source: Jordan et al. 2024\n", with: ""), "c.yaml:2: key 'claim' needs key 'claim_source'"),
            ("experiment: reflow\nclaim3_bar: <= 1\n", "c.yaml:2: key 'claim3_bar' needs key 'claim3'"),
        ]
        for (yaml, prefix) in cases {
            do {
                _ = try Preset(yaml: yaml, source: "c.yaml")
                Issue.record("accepted: \(prefix)")
            } catch let e as ConfigError {
                #expect(e.description.hasPrefix(prefix), "\(e.description)")
                #expect(!e.description.contains("\n"))
            } catch { Issue.record("wrong error \(error)") }
        }
    }

    @Test func anUnknownKeyListsTheClaimKeysAsOneEntry() {
        #expect(throws: ConfigError.self) { try Preset(yaml: "experiment: kepler\nclaim_mesure: kl\n", source: "k.yaml") }
        do {
            _ = try Preset(yaml: "experiment: kepler\nclaim_mesure: kl\n", source: "k.yaml")
        } catch let e as ConfigError {
            #expect(e.description.hasPrefix("k.yaml:2: unknown key 'claim_mesure' for kepler (allowed: description, experiment, seed, steps, "))
            #expect(e.description.hasSuffix(", claim keys (claim, claim_source, … claim3_quick_bar))") && !e.description.contains("claim2_bar"))
        } catch { Issue.record("wrong error \(error)") }
    }

    @Test func anOverrideWithABadBarNamesTheSetFlag() throws {
        var p = try Preset(yaml: Self.claimYAML, source: "c.yaml")
        #expect(throws: ConfigError("--set claim_bar: key 'claim_bar': expected <= x, >= x, < x, > x or in [lo, hi], got 'less'")) {
            try p.set("claim_bar=less")
        }
        #expect(p.claims.first?.bar == .atMost(0.6))
    }

    @Test func aClaimIsJudgedByItsBudgetsBar() throws {
        let c = try #require(try Preset(yaml: Self.claimYAML, source: "c.yaml").claims.first)
        #expect(c.judge(["a.kl": 1, "b.kl": 0.5]) == ClaimOutcome(measured: 0.5, verdict: .pass))
        #expect(c.judge(["a.kl": 1, "b.kl": 0.8]) == ClaimOutcome(measured: 0.8, verdict: .fail))
        #expect(c.judge(["a.kl": 1, "b.kl": 0.8], quick: true) == ClaimOutcome(measured: 0.8, verdict: .pass))
        #expect(c.judge(["a.kl": 1, "b.kl": 0.5], reached: false) == ClaimOutcome(measured: 0.5, verdict: .pending))
        #expect(c.judge(["a.kl": 1]) == ClaimOutcome(measured: nil, verdict: .fail, reason: "no metric b.kl"))
        #expect(c.judge(["a.kl": 0, "b.kl": 0]) == ClaimOutcome(measured: nil, verdict: .fail, reason: "not a number"))
    }

    @Test func metricsAreTheNumericLeavesOfTheRunsFilesDotted() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("claims-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        for sub in ["", "adam", "muon"] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        func put(_ text: String, _ path: String) throws { try text.write(to: dir.appendingPathComponent(path), atomically: true, encoding: .utf8) }
        try put(#"{"labels": ["adam", "muon"], "final": {"kl": [0.3, 0.2]}, "arrival_adam": {"reached": true}, "note": "x"}"#, "race.json")
        try put(#"{"kl": 0.3, "diverged": false}"#, "adam/summary.json")
        try put(#"{"kl": 0.2, "reference": {"kl_floor": 0.01}}"#, "muon/summary.json")
        try put(#"{"sgd": {"small_batch_slope": 0.98}}"#, "fit.json")
        let m = ClaimMetrics.flatten(folder: dir)
        #expect(m == ["final.kl.0": 0.3, "final.kl.1": 0.2, "arrival_adam.reached": 1, "a.kl": 0.3, "a.diverged": 0,
                      "b.kl": 0.2, "b.reference.kl_floor": 0.01, "sgd.small_batch_slope": 0.98])
        #expect(ClaimMetrics.flatten(folder: dir.appendingPathComponent("nowhere")).isEmpty)
    }
}
