import Foundation

/// A Float for CSV/JSON: integers plainly, others in shortest round-trip form (0.001, not 0.00100000005).
public func formatNumber(_ v: Float) -> String {
    if !v.isFinite { return v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf") }
    if v == v.rounded(), abs(v) < 1e7 { return String(Int(v)) }
    return v.description
}

/// A Double for CSV/JSON: integers plainly, others in shortest round-trip form: the one number format of every
/// headless file.
public func formatNumber(_ v: Double) -> String {
    if !v.isFinite { return v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf") }
    if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
    return v.description
}

/// Writes 2D points as CSV with header `x,y`.
public func pointsCSV(_ points: [Float]) -> String {
    var s = "x,y\n"
    s.reserveCapacity(points.count * 12)
    for i in 0..<(points.count / 2) {
        s += formatNumber(points[2 * i]) + "," + formatNumber(points[2 * i + 1]) + "\n"
    }
    return s
}

/// Builds a JSON object for a summary, field by field in insertion order; it renders through `JSONValue`, the one JSON
/// type of every headless file, with numbers in `formatNumber`'s form.
public struct JSONObject {
    private var fields: [(String, JSONValue)] = []
    public init() {}

    public var isEmpty: Bool { fields.isEmpty }
    public mutating func set(_ key: String, _ v: Double) { fields.append((key, .number(v))) }
    public mutating func set(_ key: String, _ v: Float) { set(key, raw: v.isFinite ? formatNumber(v) : "null") }
    public mutating func set(_ key: String, _ v: Int) { fields.append((key, .integer(v))) }
    public mutating func set(_ key: String, _ v: String) { fields.append((key, .string(v))) }
    public mutating func set(_ key: String, _ v: Bool) { fields.append((key, .bool(v))) }
    public mutating func set(_ key: String, _ v: [Double]) {
        set(key, raw: "[" + v.map { OutputFormat.number($0, nonFinite: "null") }.joined(separator: ", ") + "]")
    }
    public mutating func set(_ key: String, object: JSONObject) { fields.append((key, object.value)) }
    /// A value already in JSON form (an array, a nested literal).
    public mutating func set(_ key: String, raw: String) { fields.append((key, .raw(raw))) }
    /// Appends every field of `other` (later keys after earlier ones).
    public mutating func merge(_ other: JSONObject) { fields += other.fields }

    public var value: JSONValue { .object(fields) }

    /// The object's text; `indent` spaces before its closing brace (it sits inside another object's text).
    public func text(indent: Int = 0) -> String { value.rendered(indent: indent / 2) }
}
