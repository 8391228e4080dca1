import Foundation

/// The bar a claim's measured value must clear: a one-sided bound or a closed interval, as presets write it.
public enum ClaimBar: Sendable, Equatable, CustomStringConvertible {
    case atMost(Double), atLeast(Double), below(Double), above(Double)
    case within(Double, Double)

    /// Parses `<= x`, `>= x`, `< x`, `> x` or `in [lo, hi]`; nil for anything else (an interval needs lo ≤ hi).
    public init?(_ text: String) {
        let s = text.trimmingCharacters(in: .whitespaces)
        func number(_ t: Substring) -> Double? { Double(t.trimmingCharacters(in: .whitespaces)).flatMap { $0.isFinite ? $0 : nil } }
        for (op, make) in [("<=", Self.atMost), (">=", Self.atLeast), ("<", Self.below), (">", Self.above)] where s.hasPrefix(op) {
            guard let x = number(s.dropFirst(op.count)) else { return nil }
            self = make(x)
            return
        }
        guard s.hasPrefix("in"), case let rest = s.dropFirst(2).trimmingCharacters(in: .whitespaces),
              rest.hasPrefix("["), rest.hasSuffix("]") else { return nil }
        let parts = rest.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, let lo = number(parts[0]), let hi = number(parts[1]), lo <= hi else { return nil }
        self = .within(lo, hi)
    }

    /// Whether `x` clears the bar; NaN clears none.
    public func holds(_ x: Double) -> Bool {
        switch self {
        case .atMost(let b): x <= b
        case .atLeast(let b): x >= b
        case .below(let b): x < b
        case .above(let b): x > b
        case .within(let lo, let hi): lo <= x && x <= hi
        }
    }

    /// The bar as a reader sees it ("≤ 0.6", "in [0.9, 1.1]"); terminals without UTF-8 transliterate ≤ and ≥.
    public var description: String {
        switch self {
        case .atMost(let b): "≤ \(formatNumber(b))"
        case .atLeast(let b): "≥ \(formatNumber(b))"
        case .below(let b): "< \(formatNumber(b))"
        case .above(let b): "> \(formatNumber(b))"
        case .within(let lo, let hi): "in [\(formatNumber(lo)), \(formatNumber(hi))]"
        }
    }
}
