import Models

/// Stats rows of an MoE run: the strategy with its strength (α for aux, u for the loss-free bias), and MaxVio
/// over the global window and the last batch (warning colour above 0.5).
func moeStatsRows(strategy: BalanceStrategy, alpha: Float, u: Float, maxVio: Float?, globalMaxVio: Float?) -> [TextPanel.Row] {
    func number(_ v: Float?) -> String { NumberFormat.readout(v.map(Double.init)) }
    let strength: String
    switch strategy {
    case .none: strength = ""
    case .aux: strength = "  α \(NumberFormat.compact(Double(alpha)))"
    case .lossfree, .lossfreeRMS: strength = "  u \(NumberFormat.compact(Double(u)))"
    }
    let worst = max(maxVio ?? 0, globalMaxVio ?? 0)
    return [
        TextPanel.Row("balance", strategy.rawValue + strength, style: .highlight),
        TextPanel.Row("MaxVio", "\(number(globalMaxVio)) global  \(number(maxVio)) batch", style: worst > 0.5 ? .warning : .normal),
    ]
}
