import Testing
@testable import Lab
@testable import Models

/// Quick and complete evaluations land in any order (issue 24): the dashboard shows the newest value of every
/// measure, its history in step order, and judges claims on the complete evaluation at the preset's steps only.
@Suite struct EvaluationMergeTests {
    private func evaluation(_ step: Int, _ pairs: [(String, Double)], quick: Bool) -> Evaluation {
        var e = Evaluation(step: step, names: pairs.map(\.0), values: pairs.map(\.1))
        if quick { e.scope = .quick }
        return e
    }

    @Test func aCompleteEvaluationLandingLateFillsInWithoutHidingNewerValues() {
        var t = TrainingView()
        t.receive(evaluation(100, [("kl", 0.9), ("kl_1000", 0.5)], quick: false), budget: 1000)
        t.receive(evaluation(300, [("kl", 0.6)], quick: true), budget: 1000)
        #expect(t.evaluation?["kl"] == 0.6 && t.evaluation?["kl_1000"] == 0.5)
        t.receive(evaluation(200, [("kl", 0.7), ("kl_1000", 0.4)], quick: false), budget: 1000)
        #expect(t.evaluation?["kl"] == 0.6, "the quick value of step 300 is newer than the complete one of step 200")
        #expect(t.evaluation?["kl_1000"] == 0.4)
        #expect(t.history["kl"].map(\.x) == [100, 200, 300], "history in step order")
        #expect(t.budgetEvaluation == nil)
    }

    @Test func onlyTheCompleteEvaluationAtThePresetsStepsJudgesTheClaims() {
        var t = TrainingView()
        t.receive(evaluation(1000, [("kl", 0.3)], quick: true), budget: 1000)
        #expect(t.budgetEvaluation == nil, "a quick evaluation lacks measures a claim may need")
        t.receive(evaluation(1000, [("kl", 0.3), ("kl_1000", 0.2)], quick: false), budget: 1000)
        #expect(t.budgetEvaluation?["kl_1000"] == 0.2)
        t.receive(evaluation(1200, [("kl", 0.1)], quick: false), budget: 1000)
        #expect(t.budgetEvaluation?.step == 1000, "later steps do not replace the verdict's")
    }
}
