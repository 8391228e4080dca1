/// A bad preset or `--set`: one line naming where (file:line or --set), the key, and what is allowed.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }

    /// A user's text as an error echoes it: control characters escaped (the error stays one line), at most 60 characters.
    public static func printable(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if out.unicodeScalars.count >= 60 { return out + "…" }
            out += scalar.properties.generalCategory == .control ? scalar.escaped(asASCII: true) : String(scalar)
        }
        return out
    }

    /// `printable` in single quotes.
    public static func quoted(_ text: String) -> String { "'" + printable(text) + "'" }
}

/// A validated preset value.
public enum ConfigValue: Equatable, Sendable, CustomStringConvertible {
    case int(Int)
    case number(Double)
    case text(String)
    case bool(Bool)
    case intList([Int])

    public var description: String {
        switch self {
        case .int(let v): "\(v)"
        case .number(let v): "\(v)"
        case .text(let v): v
        case .bool(let v): "\(v)"
        case .intList(let v): "[" + v.map(String.init).joined(separator: ", ") + "]"
        }
    }
}

/// What a key accepts; parsing and the error text live together so every key reports the same way.
public enum KeyKind: Sendable, Equatable {
    case int(ClosedRange<Int>)
    case number(ClosedRange<Double>)
    case choice([String])
    case flag
    case text
    case intList(ClosedRange<Int>, maxCount: Int)

    /// What is allowed, in words, for error messages.
    public var allowed: String {
        switch self {
        case .int(let r): "an integer in \(r.lowerBound)…\(r.upperBound)"
        case .number(let r): "a number in \(fmt(r.lowerBound))…\(fmt(r.upperBound))"
        case .choice(let c): "one of " + c.joined(separator: ", ")
        case .flag: "true or false"
        case .text: "text"
        case .intList(let r, let n): "a list of 1…\(n) integers in \(r.lowerBound)…\(r.upperBound), e.g. [128, 128]"
        }
    }

    /// Parses one scalar (or a comma-separated list for `.intList`), or says why not.
    public func parse(_ raw: String) -> ConfigValue? {
        let s = raw.trimmingCharacters(in: .whitespaces)
        switch self {
        case .int(let r):
            guard let v = Int(s) ?? Double(s).flatMap({ $0 == $0.rounded() && abs($0) < 1e15 ? Int($0) : nil }),
                  r.contains(v) else { return nil }
            return .int(v)
        case .number(let r):
            guard let v = Double(s), v.isFinite, r.contains(v) else { return nil }
            return .number(v)
        case .choice(let c):
            if c.contains(Dataset.fileChoice), s.hasPrefix(Dataset.filePrefix), s.count > Dataset.filePrefix.count { return .text(s) }
            return c.contains(s) ? .text(s) : nil
        case .flag:
            switch s.lowercased() {
            case "true", "yes", "on", "1": return .bool(true)
            case "false", "no", "off", "0": return .bool(false)
            default: return nil
            }
        case .text:
            return .text(s)
        case .intList(let r, let n):
            let body = s.hasPrefix("[") && s.hasSuffix("]") ? String(s.dropFirst().dropLast()) : s
            let parts = body.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !parts.isEmpty, parts.count <= n, parts.allSatisfy({ $0.map(r.contains) ?? false }) else { return nil }
            return .intList(parts.map { $0! })
        }
    }
}

private func fmt(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e9 { return String(Int(v)) }
    return "\(v)"
}

/// One preset key: its name, what it accepts, its default, and a short help text.
public struct PresetKey: Sendable {
    public let name: String
    public let kind: KeyKind
    public let defaultValue: ConfigValue?
    public let help: String

    public init(_ name: String, _ kind: KeyKind, default defaultValue: ConfigValue? = nil, _ help: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.help = help
    }
}

import Foundation
