import Foundation
import Testing
@testable import Models

@Suite struct PresetTests {
    @Test func validPresetParsesWithDefaults() throws {
        let p = try Preset(yaml: "experiment: reflow\nlr: 3e-3\nhidden: [64, 32]\n", source: "x.yaml")
        #expect(p.experiment == .reflow)
        #expect(p.number("lr") == 3e-3)
        #expect(p.intList("hidden") == [64, 32])
        #expect(p.int("batch") == 256)
        let c = CoreSettings(preset: p)
        #expect(c.optimizer.lr == 3e-3)
        #expect(c.net.hidden == [64, 32])
    }

    @Test func unknownKeyNamesFileLineKeyAndAllowed() {
        #expect(throws: ConfigError.self) { try Preset(yaml: "experiment: reflow\nlrr: 1\n", source: "p.yaml") }
        do {
            _ = try Preset(yaml: "experiment: reflow\nseed: 1\nlrr: 1\n", source: "p.yaml")
        } catch let e as ConfigError {
            #expect(e.description.hasPrefix("p.yaml:3: unknown key 'lrr'"))
            #expect(e.description.contains("allowed:") && e.description.contains("lr"))
            #expect(!e.description.contains("\n"))
        } catch { Issue.record("wrong error \(error)") }
    }

    @Test func badValuesSayWhatIsAllowed() {
        let cases: [(String, String)] = [
            ("experiment: reflow\nbatch: 0\n", "p.yaml:2: key 'batch': expected an integer in 1…65536, got '0'"),
            ("experiment: reflow\noptimizer: lion\n", "p.yaml:2: key 'optimizer': expected one of sgd, adam, muon, moonlight, got 'lion'"),
            ("experiment: reflow\nlr: fast\n", "p.yaml:2: key 'lr': expected a number in 0…10, got 'fast'"),
            ("experiment: nope\n", "p.yaml:1: key 'experiment': expected one of"),
            ("lr: 1\n", "p.yaml:1: missing key 'experiment'"),
            ("- a\n- b\n", "p.yaml:1: a preset must be a mapping"),
        ]
        for (yaml, prefix) in cases {
            do {
                _ = try Preset(yaml: yaml, source: "p.yaml")
                Issue.record("accepted \(yaml)")
            } catch let e as ConfigError {
                #expect(e.description.hasPrefix(prefix), "\(e.description)")
            } catch { Issue.record("wrong error \(error)") }
        }
    }

    @Test func setOverridesAreValidatedLikeTheFile() throws {
        var p = try Preset(yaml: "experiment: reflow\n", source: "p.yaml")
        try p.set("optimizer=muon")
        #expect(p.text("optimizer") == "muon")
        #expect(throws: ConfigError("--set batch=-3: key 'batch': expected an integer in 1…65536, got '-3'")) { try p.set("batch=-3") }
        #expect(throws: ConfigError.self) { try p.set("nokey=1") }
        #expect(throws: ConfigError.self) { try p.set("novalue") }
    }

    @Test func shippedPresetsAllParse() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("presets")
        let library = PresetLibrary(directory: dir)
        #expect(library.names.contains("reflow-mixture"))
        for name in library.names {
            let p = try library.load(name)
            #expect(!p.description.isEmpty, "\(name) has a description")
        }
        #expect(throws: ConfigError.self) { try library.load("no-such-preset") }
    }
}
