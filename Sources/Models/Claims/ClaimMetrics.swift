import Foundation

/// The metrics a claim's measure can name, read from a headless run's output folder: every numeric leaf (true/false
/// as 1/0) of summary.json, fit.json and race.json, dotted by nesting (`reference.kl_floor`, arrays as `.0`, `.1`),
/// and a race's runs' summary.json under `a.` and `b.`.
public enum ClaimMetrics {
    /// Every numeric leaf of one JSON document, keys joined with `.` under `prefix` (nothing for text that is not JSON).
    public static func flatten(json data: Data, prefix: String = "") -> [String: Double] {
        guard let root = try? JSONDecoder().decode(Leaf.self, from: data) else { return [:] }
        var out: [String: Double] = [:]
        func walk(_ value: Leaf, _ path: String) {
            func join(_ k: String) -> String { path.isEmpty ? k : path + "." + k }
            switch value {
            case .object(let d): for (k, v) in d { walk(v, join(k)) }
            case .array(let a): for (i, v) in a.enumerated() { walk(v, join("\(i)")) }
            case .number(let x) where !path.isEmpty: out[path] = x
            default: break
            }
        }
        walk(root, prefix)
        return out
    }

    /// A JSON value as a measure sees it: numbers (true/false as 1/0), containers, and everything else ignored.
    indirect enum Leaf: Decodable {
        case number(Double), object([String: Leaf]), array([Leaf]), other

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let b = try? c.decode(Bool.self) { self = .number(b ? 1 : 0) }
            else if let x = try? c.decode(Double.self) { self = .number(x) }
            else if let d = try? c.decode([String: Leaf].self) { self = .object(d) }
            else if let a = try? c.decode([Leaf].self) { self = .array(a) }
            else { self = .other }
        }
    }

    /// The files of a run's folder a measure reads, and the race runs' folders named by race.json's `labels`.
    public static let files = ["summary.json", "fit.json", "race.json"]
    /// The prefixes of a race's first and second run.
    public static let racePrefixes = ["a", "b"]

    /// The metrics of the run written to `folder` (files it did not write contribute nothing).
    public static func flatten(folder: URL) -> [String: Double] {
        var out: [String: Double] = [:]
        for name in files {
            guard let data = try? Data(contentsOf: folder.appendingPathComponent(name)) else { continue }
            out.merge(flatten(json: data)) { _, new in new }
            guard name == "race.json", let labels = raceLabels(data) else { continue }
            for (label, prefix) in zip(labels, racePrefixes) {
                guard let run = try? Data(contentsOf: folder.appendingPathComponent(label).appendingPathComponent("summary.json")) else { continue }
                out.merge(flatten(json: run, prefix: prefix)) { _, new in new }
            }
        }
        return out
    }

    /// The labels race.json lists, first run first.
    static func raceLabels(_ data: Data) -> [String]? {
        struct Race: Decodable { var labels: [String] }
        return (try? JSONDecoder().decode(Race.self, from: data))?.labels
    }
}
