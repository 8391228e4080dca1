import Foundation
import Testing
@testable import Models

/// `strip` on the PATH: valgrind 3.19 cannot read the DWARF 5 debug info of a debug build, so it runs a stripped copy.
private let stripPath: String? = {
    (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        .map { "\($0)/strip" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}()

/// A copy of the built `lab` without debug info (symbols kept, so `--toggle-collect` still finds canonicalSteps).
private func strippedLab() throws -> URL {
    let copy = FileManager.default.temporaryDirectory.appendingPathComponent("lab-stripped-\(UUID().uuidString)")
    let r = try sh([stripPath ?? "strip", "--strip-debug", "-o", copy.path, labBinary.path])
    guard r.status == 0 else { throw POSIXError(.EIO) }
    return copy
}

/// The canonical step's cost as callgrind counts it: deterministic for one binary on one CPU family, so a committed
/// budget can guard speed on a noisy shared machine where wall-clock timings cannot.
@Suite(.serialized) struct InstructionBudgetTests {
    /// Steps counted per run: enough to average the per-step cost, few enough to stay a few seconds under valgrind.
    static let steps = 20
    /// Instructions per canonical Adam step (ReFlow, 3 → 128 → 128 → 2, batch 256) in the debug test build: 4 593 921
    /// measured with the fused dense kernels and OpenBLAS 0.3.21 (Haswell kernels, libxsmm off), plus a 5% margin. The BLAS path
    /// measured 5 004 220, over it.
    static let budget = 4_820_000

    @Test("callgrind's parser reads the summary and counts calls into the allocator, and nothing else")
    func parserReadsKnownCounts() {
        let text = """
            events: Ir
            fn=$s3Lab12BenchCommandV14canonicalSteps
            5 100
            cfn=malloc
            calls=3 0
            5 40
            cfn=ck_adam
            calls=7 0
            5 900
            cfn=free
            calls=3 0
            5 20
            summary: 1060
            totals: 1060
            """
        #expect(CallgrindCounts.parse(text) == CallgrindCounts(instructions: 1060, allocations: 3))
        #expect(CallgrindCounts.parse("events: Ir\n") == nil)
    }

    @Test("the canonical step stays within its instruction budget",
          .enabled(if: valgrindPath != nil && stripPath != nil, "valgrind or strip is not installed: the budget cannot be counted"),
          .enabled(if: cpuHasNativeKernels, "this CPU has no AVX2+FMA: the budget is for the AVX2 kernels"))
    func canonicalStepWithinBudget() throws {
        let lab = try strippedLab()
        defer { try? FileManager.default.removeItem(at: lab) }
        let fused = try countCanonicalSteps(Self.steps, lab: lab)
        let counts = try #require(fused.counts, "no callgrind output: \(fused.output)")
        let perStep = counts.instructions / Self.steps
        print("canonical step: \(perStep) instructions (budget \(Self.budget)), \(counts.allocations) allocations in \(Self.steps) steps")
        #expect(perStep <= Self.budget, "the canonical step costs \(perStep) instructions, over its budget of \(Self.budget)")
        #expect(perStep > Self.budget * 8 / 10, "\(perStep) instructions: far under the budget — lower the budget to keep it a guard")
        // Allocations are reported, not asserted: the release step makes none, but this debug test build (Models at -O
        // without whole-module optimisation) makes ~715 a step, from code the release build specialises away.
        // Known-bad case: the same steps without the fused kernels must break the budget.
        let blas = try countCanonicalSteps(Self.steps, lab: lab, environment: ["LAB_DENSE": "blas"])
        let blasPerStep = try #require(blas.counts, "no callgrind output: \(blas.output)").instructions / Self.steps
        print("canonical step on the BLAS path: \(blasPerStep) instructions")
        #expect(blasPerStep > Self.budget, "the BLAS path (\(blasPerStep)) fits the budget: the guard could not see losing the fused kernels")
    }

    /// Instructions of one reduced evaluation (`lab bench --count-evaluation`: ReFlow, 300 points, the net's and the
    /// exact field's samplers at 5 steps, every shared measure, the RK4 likelihood on 50 points, straightness) in the
    /// debug test build: 259 408 771 measured (273 718 543 before the trace's elementwise passes moved to AVX2), plus a
    /// 5% margin (the two-pass trace, its known-bad case, measured 300 880 630).
    static let evaluationBudget = 272_400_000

    @Test("one reduced evaluation stays within its instruction budget",
          .enabled(if: valgrindPath != nil && stripPath != nil, "valgrind or strip is not installed: the budget cannot be counted"),
          .enabled(if: cpuHasNativeKernels, "this CPU has no AVX2+FMA: the budget is for the AVX2 kernels"))
    func reducedEvaluationWithinBudget() throws {
        let lab = try strippedLab()
        defer { try? FileManager.default.removeItem(at: lab) }
        let run = try countReducedEvaluation(lab: lab)
        let counts = try #require(run.counts, "no callgrind output: \(run.output)")
        print("reduced evaluation: \(counts.instructions) instructions (budget \(Self.evaluationBudget))")
        #expect(counts.instructions <= Self.evaluationBudget, "one reduced evaluation costs \(counts.instructions) instructions, over its budget of \(Self.evaluationBudget)")
        #expect(counts.instructions > Self.evaluationBudget * 8 / 10, "\(counts.instructions) instructions: far under the budget — lower it to keep it a guard")
        // Known-bad case: the likelihood's trace by two backward passes (the cost before the one-product trace) must break it.
        let slow = try countReducedEvaluation(lab: lab, environment: ["LAB_TRACE": "backward"])
        let slowCount = try #require(slow.counts, "no callgrind output: \(slow.output)").instructions
        print("reduced evaluation with the two-pass trace: \(slowCount) instructions")
        #expect(slowCount > Self.evaluationBudget, "the two-pass trace (\(slowCount)) fits the budget: the guard could not see a slower measure")
    }
}
