/// What a claim's check says: the bar was cleared, it was not (or could not be measured), or the run has not yet
/// reached the claim's budget.
public enum ClaimVerdict: String, Sendable, Equatable {
    case pass, fail, pending
}

/// One claim checked against one set of metrics: the value (nil when it could not be measured), the verdict and, for
/// a value that could not be measured, why.
public struct ClaimOutcome: Sendable, Equatable {
    public var measured: Double?
    public var verdict: ClaimVerdict
    public var reason: String?

    public init(measured: Double?, verdict: ClaimVerdict, reason: String? = nil) {
        self.measured = measured
        self.verdict = verdict
        self.reason = reason
    }
}
