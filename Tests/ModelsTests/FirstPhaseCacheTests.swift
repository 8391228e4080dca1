import Foundation
import Testing
@testable import Models

/// A small one-step preset whose 1-RF teacher trains for 30 steps.
private func teacherPreset(_ name: String, _ extra: [String] = []) throws -> Preset {
    try smallPreset(name, ["teacher_steps=30", "hidden=16,16", "pairs=256", "pair_steps=4", "batch=64"].filter { a in
        try! smallPreset(name).experiment.schema.contains { $0.name == a.prefix { $0 != "=" } }
    } + extra)
}

/// A fresh, empty cache folder for one test.
private func scratchFolder(version: String = "test") -> PhaseCacheFolder {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lab-teachers-\(UUID().uuidString)")
    return PhaseCacheFolder(directory: dir, version: version)
}

/// The losses of every step after the teacher and the final evaluation's numbers.
private func afterTeacher(_ e: Experiment, to steps: Int) -> (losses: [Float], evaluation: [Double]) {
    var losses: [Float] = []
    while e.step < steps {
        let m = e.trainStep()
        if m.step > 30 { losses.append(m.loss) }
    }
    return (losses, e.evaluate().values)
}

@Suite struct FirstPhaseCacheTests {
    @Test func anRNGContinuesFromItsSavedStateIncludingACachedNormal() throws {
        var a = RNG(seed: 7)
        _ = a.normal()  // leaves the pair's second value cached
        var b = try #require(RNG(state: a.state))
        #expect((0..<5).map { _ in a.normal() } == (0..<5).map { _ in b.normal() })
        #expect(RNG(state: [0, 0, 0, 0, 0, 0]) == nil && RNG(state: [1, 2, 3]) == nil, "not a xoshiro state")
    }

    /// The bar: a teacher from the cache is an exact copy of what the run would train, so the student's
    /// every loss and the final measures are the same numbers, for each method with a teacher.
    @Test(arguments: ["reflow2", "sid", "distill"])
    func aStudentFromTheCachedTeacherTrainsExactlyAsOneFromScratch(_ name: String) throws {
        let p = try teacherPreset(name)
        let scratch = afterTeacher(try #require(p.makeExperiment()), to: 45)
        let folder = scratchFolder()
        let first = try #require(p.makeExperiment(teachers: folder) as? GenerativeExperiment)
        #expect(first.step == 0, "nothing cached yet: the teacher trains")
        #expect(afterTeacher(first, to: 45) == scratch, "saving the teacher changes nothing")
        let second = try #require(p.makeExperiment(teachers: folder) as? GenerativeExperiment)
        #expect(second.step == 30, "\(name): the second run starts where the teacher ends")
        #expect(second.takeEvents().contains { if case .notice(let t) = $0 { t.contains("loaded from") } else { false } })
        #expect(afterTeacher(second, to: 45) == scratch, "\(name): the cached teacher is the one the run trains")
    }

    @Test func theRecipeNamesEveryKeyTheTeacherReadsAndNoneItDoesNot() throws {
        let folder = scratchFolder()
        let file = { (p: Preset) in try #require(folder.cache(for: p)).file }
        let base = try file(try teacherPreset("sid"))
        for changed in ["lr=3e-3", "seed=4", "hidden=32,32", "teacher_steps=31", "batch=32", "flow_ema=0.9", "dataset=moons"] {
            let f = try file(try teacherPreset("sid", [changed]))
            #expect(f != base, "\(changed) changes the teacher")
        }
        for student in ["lambda=0.5", "generator_lr=1e-4", "eval_samples=300", "fake_steps=2", "claim=anything"] {
            let f = try file(try teacherPreset("sid", [student]))
            #expect(f == base, "\(student) leaves the teacher alone")
        }
        let other = try #require(PhaseCacheFolder(directory: folder.directory, version: "other").cache(for: try teacherPreset("sid")))
        #expect(other.file != base, "another build's file is stale")
        let (ict, flow) = (try smallPreset("consistency"), try smallPreset("reflow-mixture"))
        #expect(folder.cache(for: ict) == nil && folder.cache(for: flow) == nil, "methods without a teacher phase cache nothing")
    }

    @Test func aDamagedOrForeignFileIsIgnoredAndTheTeacherTrains() throws {
        let p = try teacherPreset("reflow2")
        let folder = scratchFolder()
        let first = try #require(p.makeExperiment(teachers: folder) as? GenerativeExperiment)
        _ = afterTeacher(first, to: 31)
        let file = try #require(folder.cache(for: p)).file
        let good = try Data(contentsOf: file)
        for bad in [good.prefix(good.count - 3), Data(), good.prefix(40), Data("lab first phase 1\nbuild x".utf8) + good.dropFirst(26)] {
            try bad.write(to: file)
            let e = try #require(p.makeExperiment(teachers: folder))
            #expect(e.step == 0, "a damaged file (\(bad.count) bytes) is not loaded")
        }
        try good.write(to: file)
        #expect(try #require(p.makeExperiment(teachers: folder)).step == 30)
    }

    @Test func aTeacherChangedByHandIsNotCachedAndAResetReloadsAnUnchangedOne() throws {
        let p = try teacherPreset("reflow2")
        let folder = scratchFolder()
        let tuned = try #require(p.makeExperiment(teachers: folder))
        _ = try tuned.apply(.setLR(0.01, group: nil))
        _ = afterTeacher(tuned, to: 31)
        #expect(!FileManager.default.fileExists(atPath: try #require(folder.cache(for: p)).file.path), "its teacher is not the recipe's")
        let plain = try #require(p.makeExperiment(teachers: folder))
        _ = afterTeacher(plain, to: 35)
        _ = try plain.apply(.reset)
        #expect(plain.step == 30, "reset starts again from the cached teacher")
    }
}
