import Foundation
import Yams

/// A parsed, validated preset: the experiment it runs and its settings, each remembered with its source line.
public struct Preset: Sendable {
    public var name: String
    public var source: String
    public var experiment: ExperimentKind
    public var description: String
    public private(set) var values: [String: ConfigValue]
    public private(set) var lines: [String: Int]

    /// Keys every preset has.
    public static let commonKeys: [PresetKey] = [
        PresetKey("description", .text, "one line shown by `lab presets`"),
        PresetKey("experiment", .choice(ExperimentKind.allCases.map(\.rawValue)), "what to run"),
        PresetKey("seed", .int(0...Int(Int32.max)), default: .int(0), "random seed: same seed, same numbers"),
        PresetKey("steps", .int(0...100_000_000), default: .int(3000), "training steps (or frames) of a headless run"),
    ] + ClaimKeys.keys

    /// Parses YAML text; `source` names the file in errors.
    public init(yaml: String, source: String) throws {
        name = URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent
        self.source = source
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw ConfigError("\(source):\(Self.line(of: error)): invalid YAML: \(Self.oneLine(error))")
        }
        guard let mapping = node?.mapping else {
            throw ConfigError("\(source):1: a preset must be a mapping of keys to values")
        }
        var raw: [(key: String, value: Node, line: Int)] = []
        for (k, v) in mapping {
            guard let key = k.string else {
                throw ConfigError("\(source):\(k.mark?.line ?? 0): keys must be plain names")
            }
            raw.append((key, v, k.mark?.line ?? 0))
        }
        guard let exp = raw.first(where: { $0.key == "experiment" }) else {
            throw ConfigError("\(source):1: missing key 'experiment' (one of \(ExperimentKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard let name = exp.value.string, case let kind = ExperimentKind(name), kind.member != nil else {
            throw ConfigError("\(source):\(exp.line): key 'experiment': expected one of \(ExperimentKind.allCases.map(\.rawValue).joined(separator: ", ")), got \(ConfigError.quoted(exp.value.string ?? "?"))")
        }
        experiment = kind
        description = ""
        values = [:]
        lines = [:]
        let schema = kind.schema
        for (key, value, line) in raw {
            guard let spec = schema.first(where: { $0.name == key }) else {
                throw ConfigError("\(source):\(line): unknown key \(ConfigError.quoted(key)) for \(kind.rawValue) (allowed: \(Self.allowed(schema)))")
            }
            let text: String
            if let seq = value.sequence, case .intList = spec.kind {
                text = seq.map { $0.string ?? "?" }.joined(separator: ",")
            } else if let s = value.scalar?.string {
                text = s
            } else {
                throw ConfigError("\(source):\(value.mark?.line ?? line): key '\(key)': expected \(spec.kind.allowed)")
            }
            guard let parsed = spec.kind.parse(text) else {
                throw ConfigError("\(source):\(value.mark?.line ?? line): key '\(key)': expected \(spec.kind.allowed), got \(ConfigError.quoted(text))")
            }
            values[key] = parsed
            lines[key] = line
        }
        if case .text(let d)? = values["description"] { description = d }
        try checkCombinations()
    }

    /// Where an error about `key` points: its line in the file, `--set KEY` when an override set it, or the
    /// `experiment` line when the key is absent (its default applies).
    public func place(_ key: String) -> String {
        guard let line = lines[key] else { return "\(source):\(lines["experiment"] ?? 1)" }
        return line > 0 ? "\(source):\(line)" : "--set \(key)"
    }

    /// Rules that involve two keys; the error names the line of the key that has to change.
    private func checkCombinations() throws {
        if case .text(let d)? = values["dataset"], d.hasPrefix(Dataset.filePrefix) {
            let line = place("dataset")
            do {
                _ = try PointCloud.load(String(d.dropFirst(Dataset.filePrefix.count)))
            } catch let e as ConfigError {
                throw ConfigError("\(line): key 'dataset': \(e.description)")
            }
        }
        for rule in experiment.member?.rules ?? [] { try rule(self) }
        _ = try ClaimKeys.claims(of: self)
        if experiment.schema.contains(where: { $0.name == "sample_from" }), text("sample_from") == "ema", number("weight_ema") == 0 {
            let line = place("sample_from")
            throw ConfigError("\(line): key 'sample_from': ema needs a weight EMA (set weight_ema, e.g. 0.99)")
        }
        if experiment.schema.contains(where: { $0.name == "accumulate" }), int("batch") % int("accumulate") != 0 {
            let line = place("accumulate")
            throw ConfigError("\(line): key 'accumulate': batch \(int("batch")) does not split into \(int("accumulate")) equal micro-batches")
        }
    }

    /// Loads and validates a preset file.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ConfigError("\(url.path): cannot read the preset file")
        }
        try self.init(data: data, source: url.path)
    }

    /// A preset is a page of settings: anything larger is refused before YAML sees it.
    public static let maxBytes = 1 << 20

    /// Validates raw file bytes: at most `maxBytes`, UTF-8 text (the first bad byte's line is named), then YAML.
    public init(data: Data, source: String) throws {
        guard data.count <= Self.maxBytes else {
            throw ConfigError("\(source):1: the file is \(data.count) bytes; a preset is at most \(Self.maxBytes) bytes")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            let valid = Self.validUTF8Prefix(data)
            let line = 1 + data.prefix(valid).reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
            throw ConfigError("\(source):\(line): not UTF-8 text (byte \(valid + 1)); save the preset as UTF-8")
        }
        try self.init(yaml: text, source: source)
    }

    /// The keys an unknown-key error lists: the claim keys as one entry, so the experiment's own keys stay readable.
    static func allowed(_ schema: [PresetKey]) -> String {
        let claimKeys = Set(ClaimKeys.keys.map(\.name))
        return (schema.map(\.name).filter { !claimKeys.contains($0) } + ["claim keys (claim, claim_source, … claim3_quick_bar)"])
            .joined(separator: ", ")
    }

    /// Applies a `key=value` override from the command line.
    public mutating func set(_ assignment: String) throws {
        let shown = ConfigError.printable(assignment)
        guard let eq = assignment.firstIndex(of: "=") else {
            throw ConfigError("--set \(shown): expected key=value")
        }
        let key = String(assignment[..<eq]).trimmingCharacters(in: .whitespaces)
        let raw = String(assignment[assignment.index(after: eq)...])
        let schema = experiment.schema
        guard key != "experiment" else { throw ConfigError("--set \(shown): the experiment cannot be changed; pick another preset") }
        guard let spec = schema.first(where: { $0.name == key }) else {
            throw ConfigError("--set \(shown): unknown key \(ConfigError.quoted(key)) for \(experiment.rawValue) (allowed: \(Self.allowed(schema)))")
        }
        guard let parsed = spec.kind.parse(raw) else {
            throw ConfigError("--set \(shown): key \(ConfigError.quoted(key)): expected \(spec.kind.allowed), got \(ConfigError.quoted(raw))")
        }
        let before = (values[key], lines[key])
        values[key] = parsed
        lines[key] = 0
        do {
            try checkCombinations()
        } catch {
            values[key] = before.0
            lines[key] = before.1
            throw error
        }
        if case .text(let d) = parsed, key == "description" { description = d }
    }

    /// The preset as YAML with every override applied (recordings carry it, so a replay needs no preset folder).
    public var yaml: String {
        var lines = ["experiment: \(experiment.rawValue)"]
        for key in values.keys.sorted() where key != "experiment" {
            let v = values[key]!
            switch v {
            case .text(let t): lines.append("\(key): \(OutputFormat.quoted(t))")
            default: lines.append("\(key): \(v.description)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Whether the preset sets `key` itself (not its default).
    public func has(_ key: String) -> Bool { values[key] != nil }

    /// The value of `key`, or its schema default.
    public func value(_ key: String) -> ConfigValue? {
        values[key] ?? experiment.schema.first(where: { $0.name == key })?.defaultValue
    }

    public func int(_ key: String) -> Int {
        switch value(key) {
        case .int(let v)?: v
        case .number(let v)?: Int(v)
        default: preconditionFailure("preset key '\(key)' is not an integer in the schema")
        }
    }

    public func number(_ key: String) -> Double {
        switch value(key) {
        case .number(let v)?: v
        case .int(let v)?: Double(v)
        default: preconditionFailure("preset key '\(key)' is not a number in the schema")
        }
    }

    public func text(_ key: String) -> String {
        guard case .text(let v)? = value(key) else { preconditionFailure("preset key '\(key)' is not text in the schema") }
        return v
    }

    public func flag(_ key: String) -> Bool {
        guard case .bool(let v)? = value(key) else { preconditionFailure("preset key '\(key)' is not a flag in the schema") }
        return v
    }

    public func intList(_ key: String) -> [Int] {
        guard case .intList(let v)? = value(key) else { preconditionFailure("preset key '\(key)' is not a list in the schema") }
        return v
    }

    /// A choice key as its enum.
    public func choice<E: RawRepresentable>(_ key: String, as: E.Type) -> E where E.RawValue == String {
        guard let e = E(rawValue: text(key)) else { preconditionFailure("schema choices of '\(key)' disagree with \(E.self)") }
        return e
    }

    public var seed: UInt64 { UInt64(int("seed")) }
    public var steps: Int { int("steps") }

    /// The line a YAML error points at (1 when it points nowhere).
    static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        case .duplicatedKeysInMapping(_, let context): context.mark.line
        case .reader(_, let offset, _, let yaml): offset.flatMap { yaml.prefix($0).reduce(1) { $1 == "\n" ? $0 + 1 : $0 } } ?? 1
        default: 1
        }
    }

    /// How many leading bytes decode as UTF-8 (where the first bad byte starts).
    static func validUTF8Prefix(_ data: Data) -> Int {
        var bytes = data.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while case .scalarValue(let scalar) = decoder.decode(&bytes) { offset += UTF8.width(scalar) }
        return offset
    }

    private static func oneLine(_ error: Error) -> String {
        String(describing: error).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }
}

extension Preset {
    /// The experiment's name as presets spell it (headers of recordings and summaries).
    public var kindName: String { experiment.rawValue }
    /// Steps between metrics rows and between evaluations of a headless run.
    public var logEvery: Int { int("log_every") }
    public var evalEvery: Int { int("eval_every") }
    /// Orbits of a headless Kepler run.
    public var periods: Double { number("periods") }
}

extension Preset {
    /// The keys this preset's experiment accepts.
    public var schema: [PresetKey] { experiment.schema }
}
