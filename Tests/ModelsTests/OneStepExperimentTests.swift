import Foundation
import Testing
@testable import Models

/// Small, fast settings of the one-step experiments.
private func tiny(total: Int = 300, teacher: Int = 150) -> (CoreSettings, OneStepConfig) {
    var s = CoreSettings.small(hidden: [32, 32], batch: 64)
    s.optimizer.lr = 3e-3
    s.snapshotPoints = 32
    s.totalSteps = total
    var c = OneStepConfig()
    c.teacherSteps = teacher
    c.pairs = 512
    c.pairSteps = 20
    return (s, c)
}

private func experiment(_ make: (CoreSettings, OneStepConfig) -> GenerativeMethod, total: Int = 300, teacher: Int = 150) -> GenerativeExperiment {
    let (s, c) = tiny(total: total, teacher: teacher)
    return GenerativeExperiment(settings: s, method: make(s, c))
}

@Suite struct OneStepExperimentTests {
    /// SiD's whole chain (G → x_g → x_t → f_φ, f_ψ → loss) against central differences of G's weights, normaliser off.
    @Test func sidGeneratorGradientMatchesFiniteDifferences() {
        let c = tiny().1
        var r = RNG(seed: 5)
        let teacher = FlowNet(hidden: [12, 12], activation: .silu, time: .raw, rng: &r)
        let nets = SiDNets(teacher: teacher, config: c)
        nets.prepare(batch: 16)
        nets.normalise = false
        var nudge = RNG(seed: 6)
        for p in nets.fake.parameters + nets.generator.parameters {
            for j in 0..<p.count { p.value.data[j] += 0.3 * nudge.normalFloat() }
        }
        let rng = RNG(seed: 7)
        var r0 = rng
        _ = nets.generatorLossAndGradient(lambda: 1.2, rng: &r0)
        let p = nets.generator.parameters[2]
        let grad = p.grad.data
        let order = grad.indices.sorted { abs(grad[$0]) > abs(grad[$1]) }.prefix(4)
        let h: Float = 2e-3
        for j in order {
            let keep = p.value.data[j]
            p.value.data[j] = keep + h
            var r1 = rng
            let up = nets.generatorLossAndGradient(lambda: 1.2, rng: &r1, gradient: false)
            p.value.data[j] = keep - h
            var r2 = rng
            let down = nets.generatorLossAndGradient(lambda: 1.2, rng: &r2, gradient: false)
            p.value.data[j] = keep
            let fd = (up - down) / (2 * h)
            #expect(abs(fd - grad[j]) < 0.03 * abs(grad[j]) + 1e-4, "entry \(j): fd \(fd) vs analytic \(grad[j])")
        }
    }

    @Test func reflowStraightensAndEvaluatesEveryStepCount() {
        let e = experiment(ReFlow2Method.init)
        var phases: [String] = []
        while e.step < 300 {
            e.trainStep()
            for case .phase(let name, let step) in e.takeEvents() { phases.append("\(name)@\(step)") }
        }
        #expect(phases == ["2-RF@150"], "the 2-RF phase is announced when it begins")
        #expect((e.method as! ReFlow2Method).student != nil)
        let ev = e.evaluate(curves: true)
        for m in [1, 2, 4, 8, 128] { #expect(ev["swd_\(m)"] != nil) }
        #expect(ev["straightness_2rf"]! < ev["straightness_1rf"]!)
        #expect(ev["teacher_swd_10"] != nil && ev["teacher_val_excess"] != nil)
        #expect(ev.names == e.evaluationNames.filter { ev[$0] != nil })
        #expect(e.outputs().map(\.name) == ["samples_1.csv", "samples_2.csv", "samples_4.csv", "samples_8.csv", "samples_128.csv", "teacher_samples_10.csv"])
        #expect(ev.curves.map(\.name) == ["2-RF"] && ev.curves[0].points.count == 8)
        let s = e.snapshot()
        #expect(s.pointSets.map(\.name) == ["2-RF"] && s.pointSets[0].points.count == 64)
        #expect(e.groupStatus.map(\.name) == ["2-RF"])
    }

    @Test func eachMethodWritesTheStepCountsItSupports() {
        let cases: [(GenerativeExperiment, [String])] = [
            (experiment(ShortcutMethod.init, total: 20, teacher: 10), ["samples_1.csv", "samples_2.csv", "samples_4.csv", "samples_8.csv", "samples_128.csv"]),
            (experiment(ConsistencyMethod.init, total: 20, teacher: 10), ["samples_1.csv", "samples_2.csv", "samples_4.csv", "samples_8.csv"]),
            (experiment(SiDMethod.init, total: 20, teacher: 10), ["samples_1.csv", "teacher_samples_10.csv"]),
        ]
        for (e, files) in cases {
            e.train(to: 20)
            #expect(e.outputs().map(\.name) == files)
            #expect(e.outputs()[0].contents.hasPrefix("x,y\n"))
            #expect(e.outputs()[0].contents.split(separator: "\n").count == 201)
            #expect(e.isFinite)
        }
    }

    @Test func sameSeedSameNumbers() {
        for make in [SiDMethod.init, ShortcutMethod.init, ConsistencyMethod.init] as [(CoreSettings, OneStepConfig) -> GenerativeMethod] {
            let a = experiment(make, total: 40, teacher: 20), b = experiment(make, total: 40, teacher: 20)
            #expect(a.train(to: 40)?.loss == b.train(to: 40)?.loss)
            #expect(a.evaluate().values == b.evaluate().values)
        }
    }

    @Test func consistencyFollowsTheCurriculumAndCanUseAnEMATeacher() {
        let s = tiny(total: 80).0
        var c = tiny(total: 80).1
        c.teacherEMA = 0.9
        let e = GenerativeExperiment(settings: s, method: ConsistencyMethod(settings: s, config: c))
        let first = e.trainStep()
        #expect(first.extra == [11])
        let last = e.train(to: 80)!
        #expect(last.extra == [1281])
        #expect(e.isFinite)
    }

    /// SiD trains two nets, each its own parameter group: the optimizer keys can aim at one of them.
    @Test func sidHasTwoGroupsAndTheKeysCanAimAtOne() throws {
        let e = experiment(SiDMethod.init, total: 40, teacher: 20)
        #expect(e.groupStatus.map(\.name) == ["teacher"])
        e.train(to: 21)
        #expect(e.groupStatus.map(\.name) == ["generator", "fake score"])
        #expect(e.groupStatus[0].lr == 3e-4, "the generator runs at generator_lr")
        _ = try e.apply(.setOptimizer(.muon, group: "generator"))
        #expect(e.groupStatus.map(\.kind) == [.muon, .adam])
        _ = try e.apply(.scaleLR(2, group: "fake score"))
        #expect(abs(e.groupStatus[1].lr - 6e-3) < 1e-9 && e.groupStatus[0].kind == .muon)
        _ = try e.apply(.setOptimizer(.adam, group: nil))
        #expect(e.groupStatus.map(\.kind) == [.adam, .adam])
        e.train(to: 30)
        #expect(e.isFinite)
    }

    @Test func sidLambdaIsAnOption() throws {
        let e = experiment(SiDMethod.init)
        _ = try e.apply(.setOption(key: "lambda", value: "0.5"))
        #expect((e.method as! SiDMethod).lambda == 0.5 && e.method.name == "SiD λ=0.5")
        #expect(throws: CommandError.self) { try e.apply(.setOption(key: "lambda", value: "big")) }
        #expect(throws: CommandError.self) { try e.apply(.setOption(key: "gamma", value: "1")) }
        _ = try e.apply(.reset)
        #expect((e.method as! SiDMethod).lambda == 0.5, "a reset keeps the option the user chose")
    }

    @Test func presetsBuildTheirMethods() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../presets")
        let lib = PresetLibrary(directory: dir)
        #expect(try lib.load("reflow2").makeMethod() is ReFlow2Method)
        #expect(try lib.load("shortcut").makeMethod() is ShortcutMethod)
        #expect(try lib.load("consistency").makeMethod() is ConsistencyMethod)
        var sid = try lib.load("sid")
        try sid.set("lambda=1.2")
        #expect((sid.makeMethod() as? SiDMethod)?.lambda == 1.2)
    }
}
