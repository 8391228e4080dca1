import Foundation
import Testing
@testable import Models

/// Classifier guidance (Dhariwal & Nichol 2021): the noisy classifier's input gradient, the exact classifier's, the
/// identity that makes exact classifier guidance equal exact classifier-free guidance, and the method's measures.
@Suite struct ClassifierGuidanceTests {
    let mixture = GaussianMixture.overlappingClasses()
    let points: [Float] = [0.4, -1.1, -1.7, 0.6, 1.2, 0.3]

    func logSoftmax(_ z: [Float], row: Int, label: Int, classes k: Int) -> Double {
        let r = (0..<k).map { Double(z[row * k + $0]) }
        let m = r.max()!
        return r[label] - m - log(r.map { exp($0 - m) }.reduce(0, +))
    }

    /// ∇ₓ log p(c | x_t) by one backward pass against central differences of the log-softmax, at several rows and times.
    @Test func theNetsInputGradientMatchesFiniteDifferences() {
        var rng = RNG(seed: 5)
        let net = NoisyClassifierNet(hidden: [16, 16], activation: .silu, time: .sinusoidal(count: 4), classes: 2, rng: &rng)
        let h: Float = 1e-2
        for (t, label) in [(Float(0.05), 0), (0.5, 1), (0.9, 0)] {
            let level = NoiseLevel(t: t, alphaBar: 0.5)
            var grad = [Float](repeating: 0, count: points.count)
            net.logPosteriorGradient(points, level: level, label: label, into: &grad)
            for i in 0..<(points.count / 2) {
                for axis in 0..<2 {
                    var up = points, down = points
                    up[2 * i + axis] += h
                    down[2 * i + axis] -= h
                    let fd = (logSoftmax(net.logits(up, level: level), row: i, label: label, classes: 2)
                              - logSoftmax(net.logits(down, level: level), row: i, label: label, classes: 2)) / Double(2 * h)
                    #expect(abs(fd - Double(grad[2 * i + axis])) < 2e-3 * max(1, abs(fd)), "t \(t) row \(i) axis \(axis): fd \(fd) vs \(grad[2 * i + axis])")
                }
            }
        }
    }

    /// The exact classifier's gradient is that of log p(c | x_t) of the noised mixture (centres √ᾱ μ, variance ᾱs² + 1 − ᾱ).
    @Test func theExactClassifiersGradientIsTheNoisedMixturesPosteriors() {
        let exact = ExactNoisyClassifier(mixture)
        for a in [0.95, 0.4, 0.02] {
            let noised = GaussianMixture(centres: mixture.centres.map { a.squareRoot() * $0 }, std: (a * mixture.std * mixture.std + 1 - a).squareRoot(),
                                         labels: mixture.labels)
            var grad = [Float](repeating: 0, count: points.count)
            exact.logPosteriorGradient(points, level: NoiseLevel(t: 0.5, alphaBar: a), label: 1, into: &grad)
            let h = 1e-5
            for i in 0..<(points.count / 2) {
                let p = SIMD2(Double(points[2 * i]), Double(points[2 * i + 1]))
                for axis in 0..<2 {
                    var e = SIMD2<Double>(0, 0)
                    e[axis] = h
                    let fd = (log(noised.classPosterior(1, at: p + e)) - log(noised.classPosterior(1, at: p - e))) / (2 * h)
                    #expect(abs(fd - Double(grad[2 * i + axis])) < 1e-4 * max(1, abs(fd)), "ᾱ \(a) row \(i) axis \(axis): fd \(fd) vs \(grad[2 * i + axis])")
                }
            }
        }
    }

    /// ∇ log p(c | x) = ∇ log p(x | c) − ∇ log p(x): with the exact classifier and denoiser, ε(∅) − s√(1−ᾱ)∇ log p(c | x)
    /// is ε(∅) + s(ε(c) − ε(∅)) at every s, so exact classifier guidance and exact classifier-free guidance coincide.
    @Test func exactClassifierGuidanceEqualsExactClassifierFreeGuidance() {
        let denoiser = ExactDenoiser(.mixture(mixture))
        let classifier = ExactNoisyClassifier(mixture)
        for s in [0.0, 1, 4] {
            for a in [0.9, 0.3, 0.01] {
                let level = NoiseLevel(t: 0.5, alphaBar: a)
                var cg = [Float](repeating: 0, count: points.count), cfg = cg
                ClassifierGuidedModel(denoiser, classifier: classifier, scale: s).epsilon(points, level: level, condition: 0, into: &cg)
                GuidedModel(denoiser, scale: s).epsilon(points, level: level, condition: 0, into: &cfg)
                let gap = zip(cg, cfg).map { abs($0 - $1) }.max()!
                #expect(gap < 1e-4 * Float(max(1, s)), "s \(s), ᾱ \(a): gap \(gap)")
            }
        }
        // Unconditional calls are the base model's, whatever the scale.
        var plain = [Float](repeating: 0, count: points.count), guided = plain
        denoiser.epsilon(points, level: NoiseLevel(t: 0.5, alphaBar: 0.3), condition: nil, into: &plain)
        ClassifierGuidedModel(denoiser, classifier: classifier, scale: 8).epsilon(points, level: NoiseLevel(t: 0.5, alphaBar: 0.3), condition: nil, into: &guided)
        #expect(plain == guided)
    }

    /// Cross-entropy on x_t near the data (t small) can reach the true posterior's; at t = 1 nothing is left to classify.
    @Test func trainingOnNoisyRowsLowersTheLossAndGuidanceRaisesThePosterior() throws {
        var s = CoreSettings.small(batch: 128)
        s.dataset = .overlap
        var c = DiffusionConfig()
        c.schedule = NoiseSchedule(steps: 100)
        c.guidanceScales = [0, 4]
        c.guidanceSteps = 20
        c.classifierHidden = [32, 32]
        let method = CFGMethod(settings: s, config: c)
        let e = GenerativeExperiment(settings: s, method: method)
        #expect(method.groups.map(\.name) == [Denoiser.group, CFGMethod.classifierGroup])
        #expect(e.extraMetricNames == ["classifier_loss"])
        e.train(to: 600)
        let ev = e.evaluate()
        for n in GuidanceQuality.names(prefix: "cg_", "s4") + GuidanceQuality.names(prefix: "cg_", "exact_s4") {
            #expect(ev[n]?.isFinite == true, "\(n)")
        }
        #expect(Set(ev.names).isSubset(of: Set(e.evaluationNames)))
        let p0 = try #require(ev["cg_class_posterior_s0"]), p4 = try #require(ev["cg_class_posterior_s4"])
        #expect(p4 > p0 + 0.05, "classifier guidance s=4 \(p4) vs s=0 \(p0)")
        let exact4 = try #require(ev["cg_class_posterior_exact_s4"]), cfgExact4 = try #require(ev["class_posterior_exact_s4"])
        #expect(abs(exact4 - cfgExact4) < 0.02, "exact CG \(exact4) vs exact CFG \(cfgExact4) at s = 4")
    }
}
