import Foundation

/// A JSON value with ordered object keys, so headless summaries are stable and diffable.
public indirect enum JSONValue: Sendable, Equatable {
    case number(Double)
    case integer(Int)
    case string(String)
    case bool(Bool)
    case null
    case object([(String, JSONValue)])
    case array([JSONValue])
    /// Text already in JSON form (a number formatted for its type, an inline array).
    case raw(String)

    public static func == (l: JSONValue, r: JSONValue) -> Bool { l.rendered() == r.rendered() }

    /// A number, or null when absent or not finite (JSON has no NaN/∞).
    public static func optional(_ x: Double?) -> JSONValue { x.map { .number($0) } ?? .null }

    /// Pretty-printed JSON with two-space indentation and a trailing newline at top level.
    public func rendered(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent + 1), close = String(repeating: "  ", count: indent)
        switch self {
        case .number(let x): return OutputFormat.number(x, nonFinite: "null")
        case .integer(let n): return String(n)
        case .string(let s): return OutputFormat.quoted(s)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .raw(let text): return text
        case .array(let items):
            if items.isEmpty { return "[]" }
            let body = items.map { pad + $0.rendered(indent: indent + 1) }.joined(separator: ",\n")
            return "[\n\(body)\n\(close)]"
        case .object(let pairs):
            if pairs.isEmpty { return "{}" }
            let body = pairs.map { pad + OutputFormat.quoted($0.0) + ": " + $0.1.rendered(indent: indent + 1) }
                .joined(separator: ",\n")
            return "{\n\(body)\n\(close)}"
        }
    }
}

/// Number and string formatting shared by the CSV and JSON writers.
public enum OutputFormat {
    /// Shortest decimal that round-trips to the same Double, integers without ".0" (`formatNumber`): full precision.
    public static func number(_ x: Double, nonFinite: String = "nan") -> String {
        x.isFinite ? formatNumber(x) : nonFinite
    }

    /// A JSON string literal.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where ch.value < 0x20: out += String(format: "\\u%04x", ch.value)
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "\""
    }

    /// CSV text: a header line and one line per row, numbers at full precision.
    public static func csv(header: [String], rows: [[Double]]) -> String {
        var out = header.joined(separator: ",") + "\n"
        for row in rows {
            out += row.map { number($0) }.joined(separator: ",") + "\n"
        }
        return out
    }

    /// Relative difference (x − ref)/|ref|, or nil when there is no reference.
    public static func relative(_ x: Double, _ ref: Double?) -> Double? {
        guard let ref else { return nil }
        return (x - ref) / abs(ref)
    }
}
