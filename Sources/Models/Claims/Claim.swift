/// A preset's point, written as data: what a reader checks, where it comes from, the expression that measures it and
/// the bar it must clear, at the full budget (the preset's own run) and at a quick budget (`lab claims --quick`).
public struct Claim: Sendable, Equatable {
    /// The claim's name: one line, what a reader checks.
    public var name: String
    /// The paper or post, section or figure.
    public var source: String
    /// The paper's own figure or number (may be empty).
    public var figure: String
    public var measure: ClaimMeasure
    public var bar: ClaimBar
    /// Steps of the quick run; 0: the same as the full run.
    public var quickSteps: Int
    public var quickBar: ClaimBar

    public init(name: String, source: String, figure: String, measure: ClaimMeasure, bar: ClaimBar, quickSteps: Int, quickBar: ClaimBar) {
        self.name = name
        self.source = source
        self.figure = figure
        self.measure = measure
        self.bar = bar
        self.quickSteps = quickSteps
        self.quickBar = quickBar
    }

    /// The bar of the budget: the quick bar for a quick run.
    public func bar(quick: Bool) -> ClaimBar { quick ? quickBar : bar }

    /// The claim checked against `metrics` with the budget's bar: pending while the run is short of its budget (the
    /// value so far still shown), fail with measured nil for a metric the run did not produce or a value that is NaN.
    public func judge(_ metrics: [String: Double], quick: Bool = false, reached: Bool = true) -> ClaimOutcome {
        let x: Double
        do {
            x = try measure.value(metrics)
        } catch {
            return ClaimOutcome(measured: nil, verdict: reached ? .fail : .pending, reason: "no metric \(error.name)")
        }
        guard !x.isNaN else { return ClaimOutcome(measured: nil, verdict: reached ? .fail : .pending, reason: "not a number") }
        guard reached else { return ClaimOutcome(measured: x, verdict: .pending) }
        return ClaimOutcome(measured: x, verdict: bar(quick: quick).holds(x) ? .pass : .fail)
    }
}

extension Preset {
    /// Steps of the run its claims are checked on: the preset's own, or for a quick check the largest quick budget of
    /// its claims (0 everywhere: the preset's own).
    public func claimSteps(quick: Bool) -> Int {
        let q = claims.map(\.quickSteps).max() ?? 0
        return quick && q > 0 ? q : steps
    }
}
