import Foundation

/// A one-step method's teacher, trained once (issue 24): the state its first phase ends in, saved under the user's
/// cache folder and loaded by later dashboards of the same recipe, so they open where the teacher ends instead of
/// spending a minute on it. A file holds the exact recipe it was trained from (every preset key the phase reads, the
/// seed and the build that wrote it) and is used only for that recipe, so a hit is bit for bit what the run would train.

/// Where first phases are cached and which build reads and writes them.
public struct PhaseCacheFolder: Sendable {
    public var directory: URL
    /// Names the build: a file written by another build is stale (its training code may differ).
    public var version: String

    public init(directory: URL, version: String) {
        self.directory = directory
        self.version = version
    }

    /// `$XDG_CACHE_HOME/lab/teachers`, else `~/.cache/lab/teachers` (the XDG base directory default).
    public static func standard(version: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> PhaseCacheFolder {
        let base = environment["XDG_CACHE_HOME"].flatMap { $0.hasPrefix("/") ? URL(fileURLWithPath: $0) : nil }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
        return PhaseCacheFolder(directory: base.appendingPathComponent("lab/teachers"), version: version)
    }

    /// The cache of `p`'s first phase, when its family declares one worth caching.
    public func cache(for p: Preset) -> PhaseCache? {
        guard let caching = p.experiment.member?.firstPhase else { return nil }
        let recipe = p.firstPhaseRecipe(ignoring: caching.ignores, version: version)
        let name = "\(p.kindName)-\(String(fnv1a64(recipe), radix: 16)).teacher"
        return PhaseCache(file: directory.appendingPathComponent(name), recipe: recipe, ignores: caching.ignores)
    }
}

/// A family's declaration that a member's first phase is worth caching: the preset keys that phase never reads.
public struct FirstPhaseCaching: Sendable {
    public var ignores: Set<String>
    public init(ignores: Set<String>) { self.ignores = ignores }
}

/// One cached first phase: its file, the recipe it must hold, and the keys (live options) that leave it unchanged.
public struct PhaseCache: Sendable {
    public let file: URL
    public let recipe: String
    public let ignores: Set<String>
}

extension Preset {
    /// The recipe a cached first phase must match: build, experiment, and every key but `ignoring` and those that
    /// only shape evaluation and display, sorted, with their values (defaults included).
    func firstPhaseRecipe(ignoring: Set<String>, version: String) -> String {
        let shown: (String) -> Bool = { k in
            k == "description" || k.hasPrefix("claim") || k.hasPrefix("eval_") || k.hasPrefix("snapshot_")
                || ["log_every", "eval_every", "sampler_steps"].contains(k)
        }
        let keys = schema.map(\.name).filter { !ignoring.contains($0) && !shown($0) }.sorted()
        return (["lab first phase 1", "build \(version)", "experiment \(kindName)"]
                + keys.map { "\($0)=\(value($0)?.description ?? "-")" }).joined(separator: "\n")
    }
}

/// FNV-1a, 64 bits: names a recipe's file (the file's own recipe text decides whether it fits).
func fnv1a64(_ text: String) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
    return h
}

/// What the next phase starts from: the step, the first phase's parameters, both random streams and the loss EMA.
struct PhaseEnd: Equatable {
    var step: Int
    var parameters: [[Float]]
    var rng: [UInt64]
    var data: [UInt64]
    var lossEMA: Float

    static let magic = "lab first phase 1\n"

    /// The file: magic, the recipe, a NUL; then 64-bit words (step, the two streams, the loss EMA's bits, the tensor
    /// count, each tensor's length) and the tensors' floats, little-endian.
    func encoded(recipe: String) -> Data {
        var d = Data((Self.magic + recipe).utf8)
        d.append(0)
        let words: [UInt64] = [UInt64(step)] + rng + data + [UInt64(lossEMA.bitPattern), UInt64(parameters.count)]
            + parameters.map { UInt64($0.count) }
        words.forEach { w in withUnsafeBytes(of: w.littleEndian) { d.append(contentsOf: $0) } }
        for t in parameters { for v in t { withUnsafeBytes(of: v.bitPattern.littleEndian) { d.append(contentsOf: $0) } } }
        return d
    }
}

extension PhaseEnd {
    /// Decodes a file written for `recipe`; nil when it is for another recipe, truncated or malformed.
    init?(decoding d: Data, recipe: String) {
        let head = Data((Self.magic + recipe).utf8) + Data([0])
        guard d.count >= head.count, d.prefix(head.count) == head else { return nil }
        var at = d.startIndex + head.count
        func word() -> UInt64? {
            guard d.endIndex - at >= 8 else { return nil }
            defer { at += 8 }
            return d[at..<(at + 8)].withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        }
        guard let step = word(), step <= UInt64(Int.max) else { return nil }
        var streams: [UInt64] = []
        for _ in 0..<12 { guard let w = word() else { return nil }; streams.append(w) }
        guard let ema = word(), ema <= UInt64(UInt32.max), let count = word(), count < 10_000 else { return nil }
        var lengths: [Int] = []
        for _ in 0..<count { guard let n = word(), n < 100_000_000 else { return nil }; lengths.append(Int(n)) }
        guard d.endIndex - at == 4 * lengths.reduce(0, +) else { return nil }
        parameters = lengths.map { n in
            defer { at += 4 * n }
            return d[at..<(at + 4 * n)].withUnsafeBytes { raw in
                (0..<n).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
            }
        }
        self.step = Int(step)
        rng = Array(streams[0..<6])
        data = Array(streams[6..<12])
        lossEMA = Float(bitPattern: UInt32(ema))
    }
}
