import Foundation

/// Which part of a sweep one process runs (`lab run SWEEP --shard K/N`): the units whose index ≡ K−1 (mod N). A unit
/// keeps its own seed whatever shard runs it, so the split changes no number.
public struct Shard: Sendable, Equatable, Codable {
    public let k: Int
    public let n: Int

    /// The whole sweep in one process.
    public static let whole = Shard(k: 1, n: 1)

    public init(k: Int, n: Int) {
        precondition(n >= 1 && (1...n).contains(k), "a shard is K/N with 1 ≤ K ≤ N")
        self.k = k
        self.n = n
    }

    /// Parses "K/N" as the option `--shard` gives it.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= 100_000, (1...n).contains(k) else {
            throw ConfigError("--shard '\(ConfigError.printable(text))': expected K/N with 1 ≤ K ≤ N ≤ 100000, e.g. 2/4")
        }
        self.init(k: k, n: n)
    }

    public func owns(_ unit: Int) -> Bool { unit % n == k - 1 }
    /// The units of `count` this shard runs.
    public func units(of count: Int) -> [Int] { Array(stride(from: k - 1, to: count, by: n)) }
    public var label: String { "\(k)/\(n)" }
}

/// What makes shards parts of one sweep: the preset's name and every setting that changes a number (the YAML with
/// overrides applied, less `threads`, `description` and the claim keys), and a hash of those settings.
public struct SweepIdentity: Sendable, Equatable, Codable {
    public let preset: String
    public let experiment: String
    public let settings: String
    public let hash: String

    /// Keys that change no number of a sweep.
    static func ignored(_ key: String) -> Bool { key == "threads" || key == "description" || key.hasPrefix("claim") }

    public init(_ p: Preset) {
        preset = p.name
        experiment = p.kindName
        settings = p.yaml.split(separator: "\n").filter { line in
            !Self.ignored(String(line.prefix { $0 != ":" }))
        }.joined(separator: "\n") + "\n"
        hash = Self.fnv1a(settings)
    }

    /// FNV-1a 64 of the text, in hex: stable across runs and machines (Swift's `Hasher` is seeded per process).
    static func fnv1a(_ text: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return String(h, radix: 16)
    }

    /// The preset these settings describe (a merge rebuilds the sweep from its shards' record, with no preset folder).
    public func preset(source: String) throws -> Preset {
        var p = try Preset(yaml: settings, source: source)
        p.name = preset
        return p
    }
}
