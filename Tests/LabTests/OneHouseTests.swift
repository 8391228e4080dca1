import Foundation
import Models
import Testing
@testable import Lab

/// The repository's preset library (the tests' presets folder).
private func library(filePath: String = #filePath) -> PresetLibrary {
    PresetLibrary(directory: URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("presets"))
}

/// Each family owns its dashboard; the registry, the key tables, the picker and the preset names behave as specified.
@Suite struct OneHouseTests {
    @Test func everyPresetOpensItsFamilysDashboardWithKeysThatAgreeWithTheirHelp() throws {
        let lib = library()
        #expect(lib.names.count >= 29)
        for name in lib.names {
            let p = try lib.load(name)
            guard Families.headless(p) != .race else { continue }
            #expect(Families.dashboards[Families.familyName(p)] != nil, "\(name): its family has a dashboard line")
            var s = AppState(preset: p, glyphs: .braille)
            s.width = 120
            s.height = 36
            #expect(!s.panes.isEmpty, "\(name)")
            let laid = Set(s.dashboard.layout(s, Rect(x: 0, y: 0, width: 120, height: 35)).map(\.0))
            #expect(laid.isSubset(of: Set(s.panes)), "\(name): layout places only its own panes")
            // One row per key: no key is answered by two rows of the same table (the old `n` bound twice).
            let keys = s.keyTable.flatMap(\.on)
            #expect(keys.count == Set(keys.map { "\($0)" }).count, "\(name): a key bound twice")
            #expect(s.keyTable.contains { $0.keys == "p" } && s.keyTable.contains { $0.keys == "q" })
        }
    }

    @Test func theFirstRowThatAnswersAKeyRunsIt() throws {
        var sid = AppState(preset: try library().load("sid"), glyphs: .braille)
        #expect(press([.char("n")], on: &sid) == [.switchPreset("distill")])
        var tarflow = AppState(preset: try library().load("tarflow"), glyphs: .braille)
        #expect(press([.char("n")], on: &tarflow) == [.send(.setOption(key: "sigma", value: "0.05"))])
        var moe = AppState(preset: try library().load("moe-balance"), glyphs: .braille)
        #expect(press([.char("b")], on: &moe).count == 1 && moe.board(MoEDashboard.self)?.balance != BalanceStrategy.none)
    }

    @Test func thePickerListsEveryPresetAndOpensTheChosenOne() throws {
        let lib = library()
        var s = AppState(preset: try lib.load("reflow-mixture"), glyphs: .braille)
        s.catalogue = Families.catalogue(lib)
        #expect(press([.char("p")], on: &s).isEmpty)
        let picker = try #require(s.picker)
        #expect(Set(picker.entries.map(\.name)) == Set(lib.names))
        #expect(picker.choice?.name == "reflow-mixture")
        let screen = view(s, width: 120, height: 36)
        for name in lib.names { #expect(screen.text().contains(name), "\(name) on one 120×36 screen") }
        #expect(press([.down], on: &s).isEmpty)
        let chosen = try #require(s.picker?.choice?.name)
        #expect(chosen != "reflow-mixture")
        #expect(press([.enter], on: &s) == [.openPreset(chosen)] && s.picker == nil)
        #expect(press([.char("p"), .escape], on: &s).isEmpty && s.picker == nil, "esc closes it")
    }

    @Test(arguments: [(120, 36, GlyphMode.braille, false), (80, 24, .ascii, true)])
    func thePickerAsSeen(_ size: (Int, Int, GlyphMode, Bool)) throws {
        let lib = library()
        var s = AppState(preset: try lib.load("reflow-mixture"), glyphs: size.2)
        s.catalogue = Families.catalogue(lib)
        s.width = size.0
        s.height = size.1
        _ = press([.char("p"), .down, .down, .down, .down, .down], on: &s)
        let suffix = size.3 ? "-ascii-nocolor" : ""
        assertSnapshot(view(s, width: size.0, height: size.1, monochrome: size.3), named: "picker-\(size.0)x\(size.1)\(suffix)")
    }

    @Test func aMistypedPresetNameSuggestsTheClosestOnes() {
        #expect(PresetLibrary.editDistance("kitten", "sitting") == 3)
        #expect(PresetLibrary.editDistance("", "abc") == 3 && PresetLibrary.editDistance("same", "same") == 0)
        #expect(PresetLibrary.closest(to: "reflow-mixtur", in: library().names).first == "reflow-mixture")
        #expect(PresetLibrary.closest(to: "zzzzzzzzzz", in: library().names).isEmpty)
        #expect(throws: ConfigError.self) { try library().load("reflow-mixtur") }
        do {
            _ = try library().load("reflow-mixtur")
        } catch {
            #expect("\(error)".contains("did you mean reflow-mixture") && !"\(error)".contains("\n"))
        }
    }

    @Test func spaceHoldsASweepsWorkers() throws {
        var s = AppState(preset: try library().load("lr-batch-scaling"), glyphs: .braille)
        #expect(press([.char(" ")], on: &s) == [.pauseWork(true)] && s.paused)
        #expect(s.dashboard.status(s)?.hasPrefix("PAUSED") == true)
        #expect(press([.char(" ")], on: &s) == [.pauseWork(false)] && !s.paused)
    }
}

/// Charts of a live run: the untrained net's step-0 evaluation does not flatten the curve once trained points exist.
@Suite struct LiveChartTests {
    @Test func theStepZeroEvaluationLeavesTheQualityChartOnceTrainingHasBeenMeasured() {
        let untrained: [(x: Double, y: Double)] = [(0, 160_000)]
        #expect(QualityPane.trained(untrained).map(\.y) == [160_000], "alone, it is what there is to show")
        let later = untrained + [(500, 0.8), (1000, 0.4)]
        #expect(QualityPane.trained(later).map(\.x) == [500, 1000])
    }
}

/// Before the first evaluation a pending claim shows how far training has come, not step 0.
@Suite struct PendingClaimTests {
    @Test func aPendingClaimCountsTheTrainingStep() throws {
        var s = AppState(preset: try repositoryPreset("reflow-mixture"), glyphs: .braille)
        s.step = 1200
        let first = try #require(s.claims.rows(s).first)
        #expect(first.value.hasPrefix("pending step 1.2k/"), "\(first.value)")
    }
}
