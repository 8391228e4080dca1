import Foundation
import Testing
@testable import Models

/// A small, fast configuration of the one-step experiments.
private func tinyConfig(total: Int = 300, teacher: Int = 150) -> OneStepConfig {
    var c = OneStepConfig()
    c.flow.hidden = [32, 32]
    c.flow.batch = 64
    c.flow.evalSamples = 200
    c.flow.optimizer.lr = 3e-3
    c.snapshotPoints = 32
    c.totalSteps = total
    c.teacherSteps = teacher
    c.pairs = 512
    c.pairSteps = 20
    return c
}

private func run(_ e: Experiment, steps: Int) -> StepMetrics? {
    var last: StepMetrics?
    while e.step < steps { last = e.trainStep() }
    return last
}

@Suite struct OneStepExperimentTests {
    /// SiD's whole chain (G → x_g → x_t → f_φ, f_ψ → loss) against central differences of G's weights, normaliser off.
    @Test func sidGeneratorGradientMatchesFiniteDifferences() {
        var c = tinyConfig()
        c.flow.batch = 16
        c.flow.hidden = [12, 12]
        var r = RNG(seed: 5)
        let teacher = FlowNet(hidden: [12, 12], activation: .silu, time: .raw, rng: &r)
        let nets = SiDNets(teacher: teacher, config: c)
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
        let e = ReFlow2Experiment(config: tinyConfig())
        _ = run(e, steps: 300)
        #expect(e.student != nil)
        let ev = e.evaluate()
        for m in [1, 2, 4, 8, 128] { #expect(ev["swd_\(m)"] != nil && ev["modes_\(m)"] != nil && ev["precision_\(m)"] != nil) }
        #expect(ev["straightness_2rf"]! < ev["straightness_1rf"]!)
        #expect(ev["ref_swd_1"] != nil && ev.names == e.evaluationNames)
        #expect(e.outputs().map(\.name) == ["samples_1.csv", "samples_2.csv", "samples_4.csv", "samples_8.csv", "samples_128.csv"])
        let s = e.snapshot()
        #expect(s.curves.map(\.name) == ["2-RF", "ReFlow"] && s.curves[0].points.count == 8)
        #expect(s.pointSets.map(\.name) == ["2-RF", "ReFlow"] && s.pointSets[0].points.count == 64)
    }

    /// The 255-step sweep behind the curves is redone only every `CurveCache.interval` steps; the 1-step scatter is always fresh.
    @Test func liveCurvesAreSweptOnlyEveryIntervalSteps() {
        let e = ShortcutExperiment(config: tinyConfig())
        let a = e.snapshot()
        _ = run(e, steps: 5)
        let b = e.snapshot()
        #expect(a.curves == b.curves && a.pointSets != b.pointSets)
        _ = run(e, steps: 5 + CurveCache.interval)
        #expect(e.snapshot().curves != a.curves)
    }

    @Test func eachMethodWritesTheStepCountsItSupports() {
        let c = tinyConfig(total: 20, teacher: 10)
        let cases: [(Experiment, [String])] = [
            (ShortcutExperiment(config: c), ["samples_1.csv", "samples_2.csv", "samples_4.csv", "samples_8.csv", "samples_128.csv"]),
            (ConsistencyExperiment(config: c), ["samples_1.csv", "samples_2.csv", "samples_4.csv", "samples_8.csv"]),
            (SiDExperiment(config: c), ["samples_1.csv"]),
        ]
        for (e, files) in cases {
            _ = run(e, steps: 20)
            #expect(e.outputs().map(\.name) == files)
            #expect(e.outputs()[0].contents.hasPrefix("x,y\n"))
            #expect(e.outputs()[0].contents.split(separator: "\n").count == 201)
            #expect(e.isFinite)
        }
    }

    @Test func sameSeedSameNumbers() {
        let c = tinyConfig(total: 40, teacher: 20)
        for make in [{ SiDExperiment(config: c) as Experiment }, { ShortcutExperiment(config: c) }, { ConsistencyExperiment(config: c) }] {
            let a = make(), b = make()
            #expect(run(a, steps: 40)?.loss == run(b, steps: 40)?.loss)
            #expect(a.evaluate().values == b.evaluate().values)
        }
    }

    @Test func consistencyFollowsTheCurriculumAndCanUseAnEMATeacher() {
        var c = tinyConfig(total: 80)
        c.teacherEMA = 0.9
        let e = ConsistencyExperiment(config: c)
        let first = e.trainStep()
        #expect(first.extra == [11])
        let last = run(e, steps: 80)!
        #expect(last.extra == [1281])
        #expect(e.isFinite)
    }

    @Test func sidLambdaIsAnOption() throws {
        let e = SiDExperiment(config: tinyConfig())
        _ = try e.apply(.setOption(key: "lambda", value: "0.5"))
        #expect(e.lambda == 0.5 && e.methodName == "SiD λ=0.5")
        #expect(throws: CommandError.self) { try e.apply(.setOption(key: "lambda", value: "big")) }
        #expect(throws: CommandError.self) { try e.apply(.setOption(key: "gamma", value: "1")) }
    }

    @Test func presetsBuildTheirExperiments() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../presets")
        let lib = PresetLibrary(directory: dir)
        #expect(try lib.load("reflow2").makeExperiment() is ReFlow2Experiment)
        #expect(try lib.load("shortcut").makeExperiment() is ShortcutExperiment)
        #expect(try lib.load("consistency").makeExperiment() is ConsistencyExperiment)
        var sid = try lib.load("sid")
        try sid.set("lambda=1.2")
        #expect((sid.makeExperiment() as? SiDExperiment)?.lambda == 1.2)
    }
}
