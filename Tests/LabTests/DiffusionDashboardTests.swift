import Foundation
import Models
import Testing
@testable import Lab

@Suite("Diffusion dashboards render their golden snapshots")
struct DiffusionDashboardTests {
    @Test(arguments: ["ddpm", "cfg", "ddcm"], [(120, 36), (80, 24)])
    func dashboards(_ experiment: String, _ size: (Int, Int)) throws {
        let s = try DiffusionFixtures.state(experiment)
        assertSnapshot(view(s, width: size.0, height: size.1), named: "diffusion-\(experiment)-\(size.0)x\(size.1)")
    }

    @Test func asciiAndExactAndHelp() throws {
        assertSnapshot(view(try DiffusionFixtures.state("ddpm", glyphs: .ascii), width: 80, height: 24), named: "diffusion-ddpm-80x24-ascii")
        assertSnapshot(view(try DiffusionFixtures.state("ddpm", exactLive: true), width: 120, height: 36), named: "diffusion-ddpm-exact-120x36")
        var s = try DiffusionFixtures.state("cfg")
        _ = update(&s, .key(.char("?")))
        assertSnapshot(view(s, width: 100, height: 30), named: "diffusion-cfg-help-100x30")
    }

    /// What a person should read at a glance: the lost tails, the guidance trend, the codec's cost.
    @Test func mainSignalsAreInTheText() throws {
        let ddpm = view(try DiffusionFixtures.state("ddpm"), width: 120, height: 36).text()
        #expect(ddpm.contains("linear T=50") && ddpm.contains("kl vs sampler steps · trained net"))
        let narrow = view(try DiffusionFixtures.state("ddpm"), width: 80, height: 24).text()
        #expect(narrow.contains("kl vs sampler steps"))
        let exact = view(try DiffusionFixtures.state("ddpm", exactLive: true), width: 120, height: 36).text()
        #expect(exact.contains("exact denoiser"))
        let ddcm = view(try DiffusionFixtures.state("ddcm"), width: 120, height: 36).text()
        #expect(ddcm.contains("5994 bits/point") && ddcm.contains("distortion vs bits"))
        let cfg = view(try DiffusionFixtures.state("cfg"), width: 120, height: 36).text()
        #expect(cfg.contains("p(c|x)") && cfg.contains("guidance vs scale s"))
    }

    @Test func theSchedulePaneFlagsLostTailsWithoutRoomForBars() {
        let e = DiffusionFixtures.evaluation("ddpm", step: 1)
        var b = Buffer(width: 44, height: 9)
        SchedulePane(evaluation: e).render(into: &b, area: b.area)
        #expect(b.text().contains("4%  lost"))
        assertSnapshot(b, named: "diffusion-schedule-44x9")
        var empty = Buffer(width: 44, height: 9)
        SchedulePane(evaluation: nil).render(into: &empty, area: empty.area)
        #expect(empty.text().contains("evaluating"))
    }

    @Test func everySizeRenders() throws {
        for experiment in ["ddpm", "cfg", "ddcm"] {
            let s = try DiffusionFixtures.state(experiment)
            for w in stride(from: 1, through: 210, by: 23) {
                for h in stride(from: 1, through: 64, by: 9) {
                    let b = view(s, width: w, height: h)
                    #expect(b.width == w && b.height == h)
                }
            }
        }
    }
}

@Suite struct DiffusionKeyTests {
    func state(_ experiment: String) throws -> AppState {
        let data = experiment == "cfg" ? "dataset: overlap\n" : ""
        var s = AppState(preset: try Preset(yaml: "experiment: \(experiment)\n" + data, source: "\(experiment).yaml"), glyphs: .braille)
        s.width = 120
        s.height = 36
        return s
    }

    @Test func samplerStepsAndEta() throws {
        var s = try state("ddpm")
        #expect(press([.char("a")], on: &s) == [.send(.setOption(key: "sampler", value: "ddim"))])
        #expect(press([.char("a"), .char("a"), .char("a"), .char("a")], on: &s).last == .send(.setOption(key: "sampler", value: "ancestral")))
        #expect(press([.char("1")], on: &s) == [.send(.setSamplerSteps(5))] && s.samplerSteps == 5)
        #expect(press([.char("6")], on: &s) == [.send(.setSamplerSteps(1000))])
        #expect(press([.char("7")], on: &s).isEmpty, "the shared 1…7 0 keys do not apply")
        // η moves the live sampler to DDIM; five presses come back to 0.
        #expect(press([.char("e")], on: &s) == [.send(.setOption(key: "eta", value: "0.25")), .send(.setOption(key: "sampler", value: "ddim"))])
        #expect(press([.char("e"), .char("e"), .char("e"), .char("e")], on: &s).last == .send(.setOption(key: "eta", value: "0")))
        #expect(press([.char("v")], on: &s) == [.send(.setOption(key: "variance", value: "beta"))])
        #expect(press([.char("d")], on: &s) == [.send(.setDataset(.moons))], "ddpm cycles datasets like the flows")
    }

    @Test func stepsAreClampedToTheSchedule() throws {
        var s = AppState(preset: try Preset(yaml: "experiment: ddpm\ntimesteps: 50\n", source: "d.yaml"), glyphs: .braille)
        #expect(press([.char("6")], on: &s) == [.send(.setSamplerSteps(50))])
    }

    @Test func classAndGuidanceScale() throws {
        var s = try state("cfg")
        #expect(press([.char("c")], on: &s) == [.send(.setOption(key: "class", value: "0"))])
        #expect(press([.char("c"), .char("c")], on: &s) == [.send(.setOption(key: "class", value: "1")), .send(.setOption(key: "class", value: "both"))])
        #expect(press([.char("g")], on: &s) == [.send(.setOption(key: "scale", value: "2"))])
        #expect(press([.char("g"), .char("g"), .char("g")], on: &s).last == .send(.setOption(key: "scale", value: "8")), "the top scale stays")
        #expect(press([.char("G")], on: &s) == [.send(.setOption(key: "scale", value: "4"))])
        #expect(press([.char("d")], on: &s).isEmpty && s.notice != nil, "cfg keeps its labelled data")
        #expect(s.bindings.contains { $0.keys == "c" } && !s.bindings.contains { $0.keys == "d" })
    }

    @Test func codebookRuleAndTargets() throws {
        var s = try state("ddcm")
        #expect(press([.char("k")], on: &s) == [.send(.setOption(key: "k", value: "128"))])
        #expect(press([.char("K"), .char("K")], on: &s).last == .send(.setOption(key: "k", value: "32")))
        #expect(press([.char("u")], on: &s) == [.send(.setOption(key: "rule", value: "dot"))])
        #expect(press([.char("n")], on: &s) == [.send(.setOption(key: "target", value: "1"))])
        #expect(press([.char("a")], on: &s) == [.send(.setOption(key: "sampler", value: "ddcm"))], "DDCM ↔ plain DDPM")
        #expect(press([.char("e")], on: &s).isEmpty, "η is not a DDCM knob")
    }

    @Test func otherDashboardsKeepTheirKeys() throws {
        var s = try initialState()
        #expect(press([.char("a")], on: &s).isEmpty)
        #expect(press([.char("7")], on: &s) == [.send(.setSamplerSteps(64))])
    }
}
