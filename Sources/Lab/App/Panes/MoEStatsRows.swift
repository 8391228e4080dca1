import Models

/// Stats rows of an MoE run: the strategy and its strength (α for aux, u for the loss-free bias), and MaxVio.
func moeStatsRows(strategy: BalanceStrategy, alpha: Float, u: Float, maxVio: Float?, globalMaxVio: Float?) -> [TextPanel.Row] {
    func number(_ v: Float?) -> String { v.map { NumberFormat.compact(Double($0)) } ?? "–" }
    var rows = [TextPanel.Row("balance", strategy.rawValue, style: .highlight)]
    switch strategy {
    case .none: break
    case .aux: rows.append(TextPanel.Row("α", number(alpha)))
    case .lossfree, .lossfreeRMS: rows.append(TextPanel.Row("u", number(u)))
    }
    let warn: (Float?) -> Style = { ($0 ?? 0) > 0.5 ? .warning : .normal }
    rows.append(TextPanel.Row("MaxVio batch", number(maxVio), style: warn(maxVio)))
    rows.append(TextPanel.Row("MaxVio global", number(globalMaxVio), style: warn(globalMaxVio)))
    return rows
}
