import Foundation

/// An expression over a run's metrics (`b.kl / a.kl`, `abs(slope - 0.5)`), parsed once when the preset loads and
/// evaluated against whatever metrics a run produced: numbers, metric names, `+ - * /`, unary minus, parentheses and
/// `abs`, `min`, `max`, `log10`.
public struct ClaimMeasure: Sendable, Equatable, CustomStringConvertible {
    /// The expression's tree.
    indirect enum Node: Sendable, Equatable {
        case number(Double)
        case metric(String)
        case negate(Node)
        case binary(Character, Node, Node)
        case call(String, [Node])
    }

    /// A metric the run did not produce: the measure has no value, and the claim fails naming it.
    public struct MissingMetric: Error, Equatable, Sendable {
        public let name: String
    }

    /// Why a text is not a measure, in one clause ("unexpected ')' at 7").
    public struct SyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
        public let description: String
    }

    let root: Node
    /// The text as the preset wrote it.
    public let description: String

    /// The functions a measure may call, with their argument counts.
    static let functions: [String: Int] = ["abs": 1, "min": 2, "max": 2, "log10": 1]

    public init(_ text: String) throws(SyntaxError) {
        var parser = MeasureParser(text)
        root = try parser.parse()
        description = text.trimmingCharacters(in: .whitespaces)
    }

    /// Every metric name it reads, in order of first use.
    public var metrics: [String] {
        func walk(_ n: Node) -> [String] {
            switch n {
            case .number: []
            case .metric(let m): [m]
            case .negate(let x): walk(x)
            case .binary(_, let l, let r): walk(l) + walk(r)
            case .call(_, let args): args.flatMap(walk)
            }
        }
        var seen = Set<String>()
        return walk(root).filter { seen.insert($0).inserted }
    }

    /// The value over `metrics`; IEEE arithmetic throughout (x/0 is ±inf, log10 of a negative is NaN).
    public func value(_ metrics: [String: Double]) throws(MissingMetric) -> Double {
        try Self.value(root, metrics)
    }

    private static func value(_ n: Node, _ m: [String: Double]) throws(MissingMetric) -> Double {
        switch n {
        case .number(let x): return x
        case .metric(let name):
            guard let x = m[name] else { throw MissingMetric(name: name) }
            return x
        case .negate(let x): return -(try value(x, m))
        case .binary(let op, let l, let r):
            let a = try value(l, m), b = try value(r, m)
            switch op {
            case "+": return a + b
            case "-": return a - b
            case "*": return a * b
            default: return a / b
            }
        case .call(let f, let args):
            var xs: [Double] = []
            for a in args { xs.append(try value(a, m)) }
            switch f {
            case "abs": return abs(xs[0])
            case "min": return xs[0].isNaN || xs[1].isNaN ? .nan : min(xs[0], xs[1])
            case "max": return xs[0].isNaN || xs[1].isNaN ? .nan : max(xs[0], xs[1])
            default: return log10(xs[0])
            }
        }
    }
}
