import Foundation
import Models
import Testing
@testable import Lab

/// A race mid-run: adam and muon on the same flow, muon's kl falling faster, both with samples.
func raceState() throws -> RaceState {
    let p = try repositoryPreset("reflow-mixture")
    var race = RaceState(spec: try RaceSpec(a: p, b: p, aSets: ["optimizer=adam"], bSets: ["optimizer=muon"], target: 0.3), glyphs: .braille)
    for i in 0..<2 {
        _ = update(&race, .trainer(i, .info(ExperimentInfo(method: "ReFlow", validationPrefix: "", hasFloor: true, headline: "kl",
                                                           floors: ["kl": 0.06], totalSteps: 3000))))
        _ = update(&race, .trainer(i, .groups([GroupStatus(name: "flow", kind: i == 0 ? .adam : .muon, lr: i == 0 ? 1e-3 : 0.02)])))
        for k in 1...(i == 0 ? 12 : 10) {
            let speed = i == 0 ? 1.0 : 2.0
            var e = Evaluation(step: 100 * k, names: ["val_loss", "val_floor", "val_excess", "kl", "excess_nll", "precision_2sd", "knn_recall"],
                               values: [8.05 + 1 / (speed * Double(k)), 8.05, 1 / (speed * Double(k)), 1.2 / (speed * Double(k)),
                                        1 / (speed * Double(k)), 0.7 + 0.01 * Double(k), 0.9])
            e.headline = "kl"
            _ = update(&race, .trainer(i, .evaluated(e)))
            _ = update(&race, .trainer(i, .metrics(StepMetrics(step: 100 * k, loss: 8, lossEMA: 8, lr: 1e-3, optimizer: .adam, batch: 256))))
        }
        var snap = Snapshot(step: 1000)
        snap.data = (0..<160).flatMap { j -> [Float] in let a = Float(j % 8) * .pi / 4; return [4 * cos(a), 4 * sin(a)] }
        snap.samples = snap.data.map { $0 * 0.95 }
        snap.samplerSteps = 32
        _ = update(&race, .trainer(i, .snapshot(snap)))
    }
    _ = update(&race, .tick(10))
    race.notice = nil
    return race
}

@Suite struct RaceDashboardTests {
    @Test(arguments: [(80, 24), (200, 60)])
    func snapshots(_ size: (Int, Int)) throws {
        let b = view(try raceState(), width: size.0, height: size.1)
        assertSnapshot(b, named: "app-race-\(size.0)x\(size.1)")
        let text = b.text()
        #expect(text.contains("adam") && text.contains("muon") && text.contains("? help"))
    }

    /// The table compares both runs at the last step both evaluated (1000), and names who reached the target first.
    @Test func theTableComparesAtACommonStepAndNamesTheLeader() throws {
        let race = try raceState()
        let rows = raceRows(race, width: 60)
        #expect(rows[0].key == "at step 1000")
        let kl = try #require(rows.first { $0.key == "kl" })
        #expect(kl.value.contains("0.120") && kl.value.contains("0.0600 ◂"), "adam 1.2/10, muon 1.2/20: \(kl.value)")
        #expect(race.arrival(1) == 200 && race.arrival(0) == 400)
        #expect(rows[2].value == "muon first, by 200 steps (kl ≤ 0.3)", "the verdict follows the deciding measure")
    }

    @Test func keysActOnBothRunsOrTheFocusedOne() throws {
        var race = try raceState()
        #expect(update(&race, .key(.char("+"))) == [.send(0, .scaleLR(2, group: nil)), .send(1, .scaleLR(2, group: nil))])
        _ = update(&race, .key(.char("f")))
        #expect(race.focus == 0)
        _ = update(&race, .key(.char("f")))
        #expect(update(&race, .key(.char("m"))) == [.send(1, .setOptimizer(.adam, group: nil))])
        #expect(update(&race, .key(.char("q"))) == [.quit] && race.quitting)
    }
}

@Suite struct ReplayTests {
    /// Seeking back and forth lands on the same dashboard state as applying the events in order.
    @Test func scrubbingIsExact() throws {
        var events: [TrainerEvent] = [.info(ExperimentInfo(method: "ReFlow", validationPrefix: "", hasFloor: true, headline: "kl"))]
        for i in 1...1300 {
            events.append(.metrics(StepMetrics(step: i, loss: Float(10 - Double(i) / 200), lossEMA: 9, lr: 1e-3, optimizer: i > 700 ? .muon : .adam, batch: 256)))
            if i == 700 { events.append(.switched(step: 700, from: .adam, to: .muon, group: "flow")) }
            if i % 100 == 0 { events.append(.evaluated(Evaluation(step: i, names: ["kl"], values: [1 / Double(i)]))) }
        }
        let header = RecordingHeader(preset: "reflow-mixture", experiment: "reflow", yaml: "experiment: reflow\n", created: "")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString).labrec")
        defer { try? FileManager.default.removeItem(at: url) }
        let rec = try Recorder(url: url, header: header)
        for e in events { try rec.record(e, now: 0) }
        try rec.close()
        let recording = try Recording(contentsOf: url)
        let preset = try Preset(yaml: header.yaml, source: "r")
        var replay = ReplayState(recording: recording, preset: preset, glyphs: .braille)
        replay.seek(to: recording.events.count)
        #expect(replay.app.step == 1300 && replay.app.training.evaluation?["kl"] == 1.0 / 1300)
        _ = update(&replay, .key(.char("[")))
        #expect(replay.app.step == 700 && replay.app.training.markers.count == 1, "[ jumps back to the switch")
        for _ in 0..<3 { _ = update(&replay, .key(.left)) }
        _ = update(&replay, .key(.char("]")))
        let forward = replay.app
        var linear = ReplayState(recording: recording, preset: preset, glyphs: .braille)
        linear.seek(to: replay.marks[0])
        #expect(forward.step == linear.app.step && forward.training.history["kl"].count == linear.app.training.history["kl"].count)
        _ = update(&replay, .key(.char("q")))
        #expect(replay.quitting)
    }
}

/// A balancing race shows its point: MaxVio of both runs (not the validation excess twice), each run's expert load,
/// and a confirmation when a run's balance changes.
@Suite struct MoERaceTests {
    private func moeRace() throws -> RaceState {
        let p = try repositoryPreset("race-aux-lossfree")
        let library = PresetLibrary(directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("presets"))
        var race = RaceState(spec: try RaceSpec(preset: p, library: library), glyphs: .braille)
        for i in 0..<2 {
            _ = update(&race, .trainer(i, .info(ExperimentInfo(method: "MoE flow", validationPrefix: "", hasFloor: true, headline: "kl",
                                                               floors: ["kl": 0.06], extraMetricNames: ["maxvio", "maxvio_global"], totalSteps: 3000))))
            for k in 1...20 {
                let global = Float(i == 0 ? 0.6 : 0.05) + 1 / Float(k)
                _ = update(&race, .trainer(i, .metrics(StepMetrics(step: 50 * k, loss: 8, lossEMA: 8, lr: 1e-3, optimizer: .adam, batch: 256,
                                                                   extra: [global + 0.1, global]))))
            }
            var snap = Snapshot(step: 1000)
            snap.histogram = i == 0 ? [0.4, 0.3, 0.1, 0.05, 0.05, 0.04, 0.03, 0.03] : Array(repeating: 0.125, count: 8)
            snap.histogramReference = 0.125
            _ = update(&race, .trainer(i, .snapshot(snap)))
        }
        return race
    }

    @Test func theBalancingRaceChartsMaxVioAndEachRunsLoad() throws {
        let race = try moeRace()
        let text = view(race, width: 160, height: 48).text()
        #expect(text.contains("MaxVio · global"), "the race's point is charted")
        #expect(text.components(separatedBy: "val excess over floor").count <= 2, "the excess is not charted twice")
        #expect(text.contains("aux · expert load") || text.contains("expert load"), "each run's load per expert")
        let rows = raceRows(race, width: 60).map { $0.key }
        #expect(rows.contains("MaxVio"))
    }

    @Test func aRunsBalanceSwitchIsConfirmed() throws {
        var race = try moeRace()
        _ = update(&race, .trainer(1, .changed(step: 1000, setting: "balance", text: "balance lossfree")))
        #expect(race.notice?.text.contains("balance lossfree") == true)
    }
}
