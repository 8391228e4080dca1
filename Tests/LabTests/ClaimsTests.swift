import Foundation
import Models
import Testing
@testable import Lab

/// A reflow preset with one claim on the headline kl and one on race metrics a live run never has.
private func claimPreset(bar: String = "<= 0.2", steps: Int = 1200) throws -> Preset {
    try Preset(yaml: """
        experiment: reflow
        steps: \(steps)
        claim: ReFlow's kl falls below 0.2
        claim_source: Liu et al. 2022, §5
        claim_figure: Table 1
        claim_measure: kl
        claim_bar: \(bar)
        claim_quick_steps: 300
        claim_quick_bar: <= 1
        claim2: Muon beats Adam
        claim2_source: Jordan et al. 2024
        claim2_figure: ""
        claim2_measure: b.kl / a.kl
        claim2_bar: <= 0.6
        claim2_quick_steps: 0
        claim2_quick_bar: <= 0.9

        """, source: "reflow-mixture.yaml")
}

/// The mid-run dashboard (kl 0.125 at step 1200) with the claims of `p`.
private func claimState(_ p: Preset, glyphs: GlyphMode = .braille) throws -> AppState {
    var s = try midRunState(glyphs: glyphs)
    s.claims = AppState(preset: p, glyphs: glyphs).claims
    return s
}

@Suite struct ClaimRowTests {
    @Test func aClaimMetAtItsBudgetShowsValueBarTickAndStep() throws {
        let rows = try claimState(claimPreset()).claims.rows(try claimState(claimPreset()))
        #expect(rows.map(\.key) == ["claim", "claim 2"])
        #expect(rows[0].value == "0.125 ≤ 0.2  ✓  step 1.2k")
        #expect(rows[1].value.hasSuffix("· lab claims") && rows[1].style == .dim, "a race metric the live run lacks: its bar and the headless check")
    }

    @Test func aMissedClaimSaysFAILInASCII() throws {
        let s = try claimState(claimPreset(bar: "<= 0.1"), glyphs: .ascii)
        #expect(s.claims.rows(s)[0].value == "0.125 ≤ 0.1  FAIL  step 1.2k")
        #expect(s.claims.rows(s)[0].style == .warning)
    }

    @Test func beforeItsBudgetAClaimIsPendingWithItsProgress() throws {
        let s = try claimState(claimPreset(steps: 16000))
        #expect(s.claims.rows(s)[0].value == "pending step 1.2k/16k  0.125 ≤ 0.2")
        let fresh = AppState(preset: try claimPreset(steps: 16000), glyphs: .braille)
        #expect(fresh.claims.rows(fresh)[0].value == "pending step 0/16k  ≤ 0.2")
    }

    @Test func aDashboardWithoutLiveMetricsPointsAtTheHeadlessCheck() throws {
        let yaml = try claimPreset().yaml.replacingOccurrences(of: "experiment: reflow", with: "experiment: kepler")
            .split(separator: "\n").filter { !$0.hasPrefix("steps") }.joined(separator: "\n")
        let p = try Preset(yaml: yaml, source: "kepler.yaml")
        let s = AppState(preset: p, glyphs: .braille)
        #expect(s.claims.rows(s).map(\.value) == ["≤ 0.2 · lab claims", "≤ 0.6 · lab claims"])
        #expect(s.statsRows.suffix(2).map(\.key) == ["claim", "claim 2"])
    }

    @Test func aRaceScreenPointsItsClaimAtTheHeadlessCheck() throws {
        let yaml = """
            experiment: race
            a: reflow-mixture
            b: reflow-mixture-muon
            claim: Muon beats Adam
            claim_source: Jordan et al. 2024
            claim_figure: ""
            claim_measure: b.kl / a.kl
            claim_bar: <= 0.6
            claim_quick_steps: 0
            claim_quick_bar: <= 0.9

            """
        let library = PresetLibrary(directory: repoRoot.appendingPathComponent("presets"))
        let spec = try RaceSpec(preset: try Preset(yaml: yaml, source: "race-claim.yaml"), library: library)
        let text = view(RaceState(spec: spec, glyphs: .braille), width: 100, height: 30).text()
        #expect(text.contains("claim") && text.contains("· lab claims"), "\(text)")
    }

    @Test func claimRowsOutrankEveryOtherRowInAShortPane() throws {
        let s = try claimState(claimPreset())
        #expect(StatsPane.fit(s.statsRows, height: 3).map(\.key) == ["kl", "claim", "claim 2"])
        #expect(StatsPane.fit(s.statsRows, height: 2).map(\.key) == ["claim", "claim 2"])
    }

    @Test func aPresetWithoutClaimsAddsNoRow() throws {
        let s = try midRunState()
        #expect(s.claims.rows(s).isEmpty && s.statsRows.map(\.key) == s.dashboard.statsRows(s).map(\.key))
    }
}

@Suite struct ClaimSnapshots {
    @Test(arguments: [("passed", "<= 0.2", 1200), ("failed", "<= 0.1", 1200), ("pending", "<= 0.2", 16000)])
    func statsPaneWithAClaim(_ name: String, _ bar: String, _ steps: Int) throws {
        let p = try claimPreset(bar: bar, steps: steps)
        assertSnapshot(view(try claimState(p), width: 80, height: 24, monochrome: true), named: "claim-\(name)-80x24-nocolor")
        assertSnapshot(view(try claimState(p, glyphs: .ascii), width: 80, height: 24), named: "claim-\(name)-80x24-ascii")
    }
}

@Suite struct ClaimsReportTests {
    private func rows() throws -> [ClaimRow] {
        let claims = try claimPreset().claims
        return ClaimRow.judge("reflow-mixture", claims: claims, metrics: ["kl": 0.125, "steps": 1200], quick: false, budget: 1200, seconds: 12.34)
    }

    @Test func claimsJSONHasExactlyTheAgreedFields() throws {
        let json = ClaimsReport.json(try rows())
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: [[String: Any]]])
        let items = try #require(decoded["claims"])
        #expect(items.count == 2)
        #expect(Set(items[0].keys) == ["preset", "claim", "source", "figure", "measured", "bar", "verdict", "step", "seconds"])
        #expect(items[0]["verdict"] as? String == "pass" && items[0]["bar"] as? String == "≤ 0.2" && items[0]["step"] as? Int == 1200)
        #expect(items[1]["measured"] is NSNull && items[1]["verdict"] as? String == "fail")
        #expect(json.contains("\"seconds\": 12.3"))
    }

    @Test func theMarkdownReportHasASectionPerPresetAndItsFigure() throws {
        let md = ClaimsReport.markdown(try rows(), quick: false, figures: ["reflow-mixture"])
        #expect(md.contains("1 of 2 claims pass."))
        #expect(md.contains("## reflow-mixture\n"))
        #expect(md.contains("| ReFlow's kl falls below 0.2 | Liu et al. 2022, §5 | Table 1 | 0.125 | ≤ 0.2 | pass | 12.3 |"))
        #expect(md.contains("| no metric b.kl | ≤ 0.6 | fail |"))
        #expect(md.contains("![reflow-mixture at the end of its run](reflow-mixture/plot-dashboard.svg)"))
        #expect(!ClaimsReport.markdown(try rows(), quick: true, figures: []).contains("!["))
    }
}

@Suite(.serialized) struct ClaimsEndToEndTests {
    /// `lab claims --quick` on a library of one small preset: the run at the quick budget, one claim passed, one
    /// failed for a metric no run writes (exit 1), claims.json and claims.md written beside the run's folder.
    @Test func aFailingClaimExitsOneAndEveryReportIsWritten() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lab-claims-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let library = dir.appendingPathComponent("presets")
        try FileManager.default.createDirectory(at: library, withIntermediateDirectories: true)
        try """
            experiment: reflow
            steps: 400
            eval_samples: 200
            validation_size: 256
            hidden: [32, 32]
            claim: kl is a number
            claim_source: test
            claim_figure: ""
            claim_measure: kl
            claim_bar: ">= 0"
            claim_quick_steps: 30
            claim_quick_bar: ">= 0"
            claim2: a metric no run writes
            claim2_source: test
            claim2_figure: ""
            claim2_measure: no_such_metric * 2
            claim2_bar: <= 1
            claim2_quick_steps: 0
            claim2_quick_bar: <= 1

            """.write(to: library.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)
        try "experiment: kepler\n".write(to: library.appendingPathComponent("plain.yaml"), atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("claims")
        let r = try sh([labBinary.path, "claims", "--quick", "--presets-dir", library.path, "--out", out.path, "--jobs", "1"])
        #expect(r.status == 1, "\(r.output)")
        let json = try String(contentsOf: out.appendingPathComponent("claims.json"), encoding: .utf8)
        #expect(json.contains("\"verdict\": \"pass\"") && json.contains("\"measured\": null") && json.contains("\"step\": 30"), "\(json)")
        #expect(!json.contains("plain"))
        let md = try String(contentsOf: out.appendingPathComponent("claims.md"), encoding: .utf8)
        #expect(md.contains("## tiny") && md.contains("(tiny/plot-dashboard.svg)"), "\(md)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("tiny/plot-dashboard.svg").path))
        let none = try sh([labBinary.path, "claims", "plain", "--presets-dir", library.path, "--out", out.path])
        #expect(none.status == 2 && none.output.contains("declares no claim"), "\(none.output)")
    }
}
