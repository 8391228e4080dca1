import Foundation
import Testing
@testable import Models

@Suite struct RaceTests {
    private func evaluation(_ step: Int, kl: Double, nll: Double) -> Evaluation {
        Evaluation(step: step, names: ["kl", "excess_nll"], values: [kl, nll])
    }

    /// Run B reaches kl ≤ 0.3 at step 200 (1 s), run A at step 300: B is first by 100 steps; A ends lower on excess NLL.
    @Test func theOutcomeNamesWhoArrivedFirstAndWhoEndsAhead() {
        let a = [(0.5, evaluation(100, kl: 0.9, nll: 0.5)), (1.0, evaluation(200, kl: 0.5, nll: 0.3)), (1.5, evaluation(300, kl: 0.25, nll: 0.1))]
        let b = [(0.7, evaluation(100, kl: 0.6, nll: 0.5)), (1.0, evaluation(200, kl: 0.3, nll: 0.3)), (2.1, evaluation(300, kl: 0.2, nll: 0.2))]
        let o = RaceOutcome(measure: "kl", target: 0.3, traces: [a, b], compared: ["kl", "excess_nll", "missing"])
        #expect(o.arrivals == [Arrival(step: 300, seconds: 1.5), Arrival(step: 200, seconds: 1.0)])
        #expect(o.winner == 1 && o.ahead(on: "kl") == 1 && o.ahead(on: "excess_nll") == 0)
        #expect(o.finals.map(\.name) == ["kl", "excess_nll"], "a measure one run lacks is not compared")
        let json = o.json(labels: ["adam", "muon"]).text()
        #expect(json.contains("\"first\": \"muon\"") && json.contains("\"steps_ahead\": 100"))
        let none = RaceOutcome(measure: "kl", target: 0.1, traces: [a, b], compared: ["kl"])
        #expect(none.winner == nil && none.arrivals == [nil, nil])
    }

    @Test func oneOrTwoPresetsMakeTwoRunsWithTheSameSeed() throws {
        let p = try Preset(yaml: "experiment: reflow\nhidden: [8]\n", source: "r.yaml")
        let spec = try RaceSpec(a: p, b: p, aSets: ["optimizer=adam"], bSets: ["optimizer=muon"], steps: 20, seed: 3)
        #expect(spec.labels == ["adam", "muon"] && spec.steps == 20 && spec.b.text("optimizer") == "muon" && spec.a.int("seed") == 3)
        let kepler = try Preset(yaml: "experiment: kepler\n", source: "k.yaml")
        #expect(throws: ConfigError.self) { try RaceSpec(a: p, b: kepler) }
        #expect(throws: ConfigError.self) { try RaceSpec(a: p, b: p, bSets: ["seed=4"]) }
        #expect(throws: ConfigError.self) { try Preset(yaml: "experiment: race\nb: reflow-mixture\n", source: "race.yaml") }
    }

    @Test func theShippedRacePresetsNameRealPresets() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../presets")
        let lib = PresetLibrary(directory: dir)
        for name in lib.names where name.hasPrefix("race-") {
            let spec = try RaceSpec(preset: try lib.load(name), library: lib)
            #expect(spec.labels[0] != spec.labels[1] && spec.target != nil, "\(name)")
        }
    }
}
