import Foundation
import Testing
@testable import Models

/// SplitMix64: a seeded stream for the fuzzer, so a failing case is reproduced by its seed and index.
private struct FuzzRNG {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    mutating func pick<T>(_ xs: [T]) -> T { xs[below(xs.count)] }
}

/// Hostile values: wrong types, huge, negative, NaN, Inf, empty, nested, binary, very long.
private let hostileValues: [String] = [
    "", "~", "null", "NaN", ".nan", "nan", "inf", ".inf", "-.inf", "Infinity", "-1", "-0", "0", "1", "1e308", "-1e308",
    "1e-320", "99999999999999999999999", "9223372036854775807", "-9223372036854775808", "3.5", "0x10", "1_000",
    "true", "yes", "maybe", "[]", "[1, 2, 3]", "[-5]", "[0]", "[1e9, 2]", "[[1]]", "{a: 1}", "{}", "\"\"", "'quoted'",
    "!!binary aGVsbG8=", "&anchor 3", "*alias", "|\n  block", ">\n  folded", "- item", ": colon", "# comment",
    "csv:/no/such/file.csv", "csv:", "gaussians8", "adam", "sgd", "euler", "1,2,3", String(repeating: "9", count: 400),
    String(repeating: "x", count: 5000), "\u{0}", "\u{7F}", "ünïcödé", "😀", "\t", "1 # trailing",
]

/// One way to break a preset file.
private enum Mutation: CaseIterable {
    case deleteLine, duplicateLine, renameKey, retypeValue, hostileValue, swapLines, truncate, flipByte, insertBinary,
         deepNesting, indent, otherPresetsKey
}

/// Applies a random mutation to a preset's bytes.
private func mutate(_ text: String, keys: [String], rng: inout FuzzRNG) -> Data {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let i = rng.below(lines.count)
    let key = { (line: String) in line.split(separator: ":", maxSplits: 1).first.map(String.init) ?? line }
    switch rng.pick(Mutation.allCases) {
    case .deleteLine: lines.remove(at: i)
    case .duplicateLine: lines.insert(lines[i], at: i)
    case .renameKey: lines[i] = rng.pick(keys + ["", "Experiment", "lr ", "steps2", "ÿ", "- x", "[a]"]) + ":" + (lines[i].split(separator: ":", maxSplits: 1).dropFirst().first.map(String.init) ?? " 1")
    case .retypeValue: lines[i] = key(lines[i]) + ": " + rng.pick(["[1, 2]", "{x: 1}", "text here", "true", "3.25", "-7", "[]"])
    case .hostileValue: lines[i] = key(lines[i]) + ": " + rng.pick(hostileValues)
    case .swapLines:
        let j = rng.below(lines.count)
        lines.swapAt(i, j)
    case .truncate:
        let bytes = Array(text.utf8)
        return Data(bytes.prefix(rng.below(bytes.count + 1)))
    case .flipByte:
        var bytes = Array(text.utf8)
        if !bytes.isEmpty { bytes[rng.below(bytes.count)] ^= UInt8(1 << rng.below(8)) }
        return Data(bytes)
    case .insertBinary:
        var bytes = Array(lines.joined(separator: "\n").utf8)
        let bad: [[UInt8]] = [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x00], [0xFE, 0xFF]]
        bytes.insert(contentsOf: rng.pick(bad), at: rng.below(bytes.count + 1))
        return Data(bytes)
    case .deepNesting:
        let depth = rng.pick([10, 100, 1000])
        let nested = rng.below(2) == 0 ? String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
            : String(repeating: "{a: ", count: depth) + "1" + String(repeating: "}", count: depth)
        lines[i] = key(lines[i]) + ": " + nested
    case .indent: lines[i] = String(repeating: " ", count: 1 + rng.below(8)) + lines[i]
    case .otherPresetsKey: lines.insert(rng.pick(keys) + ": " + rng.pick(hostileValues), at: i)
    }
    return Data(lines.joined(separator: "\n").utf8)
}

/// The one shape every refusal takes: a single line that starts with the file and a line number, or
/// `--set` and the assignment; when the message is about a key, it names it in quotes.
private func isOneLineRefusal(_ message: String, source: String) -> Bool {
    guard !message.contains("\n"), !message.isEmpty else { return false }
    if message.hasPrefix("--set ") { return true }
    guard message.hasPrefix(source + ":") else { return false }
    let rest = message.dropFirst(source.count + 1)
    return rest.first?.isNumber == true && rest.drop { $0.isNumber }.hasPrefix(": ")
}

private let presetsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../presets")

private func shippedPresets() throws -> [(name: String, text: String)] {
    try FileManager.default.contentsOfDirectory(atPath: presetsDir.path).filter { $0.hasSuffix(".yaml") }.sorted()
        .map { ($0, try String(contentsOf: presetsDir.appendingPathComponent($0), encoding: .utf8)) }
}

/// Parses and validates one case: it either yields a preset or a one-line ConfigError; anything else is a failure.
private func outcome(_ data: Data, source: String) -> (valid: Bool, refusal: String?) {
    do {
        _ = try Preset(data: data, source: source)
        return (true, nil)
    } catch let e as ConfigError {
        return (false, e.description)
    } catch {
        return (false, "not a ConfigError: \(error)")
    }
}

/// The suite runs a quarter of the cases so it pays a few seconds; `scripts/stress.sh fuzz` runs all 10 000 files and
/// 2 000+ `--set` values in a release build (LAB_FUZZ_FULL=1). The seeds are the same, so the quarter is the full run's start.
private let fullFuzz = ProcessInfo.processInfo.environment["LAB_FUZZ_FULL"] == "1"

@Suite struct PresetFuzzTests {
    /// 10 000 mutated preset files (2 500 in the suite), seeded: each parses and validates, or is refused in one line
    /// naming file and line.
    @Test func tenThousandMutatedPresetsValidateOrAreRefusedInOneLine() throws {
        let presets = try shippedPresets()
        #expect(presets.count >= 20)
        let allKeys = Array(Set(ExperimentKind.allCases.flatMap { $0.schema.map(\.name) })).sorted()
        var rng = FuzzRNG(state: 18)
        var valid = 0, refused = 0
        var bad: [String] = []
        let cases = fullFuzz ? 10_000 : 2_500
        for n in 0..<cases {
            let (name, text) = presets[n % presets.count]
            let source = "fuzz/\(n)-\(name)"
            var data = mutate(text, keys: allKeys, rng: &rng)
            if rng.below(4) == 0, let s = String(data: data, encoding: .utf8) { data = mutate(s, keys: allKeys, rng: &rng) }
            let r = outcome(data, source: source)
            if r.valid { valid += 1 } else { refused += 1 }
            if let m = r.refusal, !isOneLineRefusal(m, source: source), bad.count < 5 { bad.append(m) }
        }
        #expect(bad.isEmpty, "refusals not in the one-line file:line form: \(bad)")
        #expect(valid + refused == cases)
        // Both outcomes occur: a fuzzer that only ever refuses (or only accepts) is not exercising validation.
        #expect(valid > cases / 20 && refused > cases / 2, "valid \(valid), refused \(refused)")
    }

    /// 80 `--set` assignments per shipped preset (over 2 000; 20 each in the suite) of every schema key with hostile
    /// values: applied, or refused in one line naming the key.
    @Test func hostileSetValuesApplyOrAreRefusedNamingTheKey() throws {
        var rng = FuzzRNG(state: 4)
        var applied = 0
        var bad: [String] = []
        for (name, text) in try shippedPresets() {
            let base = try Preset(yaml: text, source: name)
            let keys = base.experiment.schema.map(\.name) + ["nosuchkey", "", " lr", "experiment"]
            for _ in 0..<(fullFuzz ? 80 : 20) {
                var p = base
                let key = rng.pick(keys)
                let assignment = rng.below(20) == 0 ? rng.pick(hostileValues) : key + "=" + rng.pick(hostileValues)
                do {
                    try p.set(assignment)
                    applied += 1
                } catch let e as ConfigError {
                    let m = e.description
                    let named = assignment.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
                    let namesKey = m.contains("key " + ConfigError.quoted(named.trimmingCharacters(in: .whitespaces))) || m.contains("expected key=value")
                        || m.contains("experiment cannot be changed")
                    if m.contains("\n") || !m.hasPrefix("--set ") || !(namesKey || !assignment.contains("=")), bad.count < 5 { bad.append(m) }
                }
            }
        }
        #expect(bad.isEmpty, "\(bad)")
        #expect(applied > (fullFuzz ? 50 : 12), "some hostile values are legal (0, 1, true, 3.5) and must apply")
    }

    @Test func aTenMegabyteFileIsRefusedAtOnceNamingItsSize() {
        let big = Data(repeating: UInt8(ascii: "a"), count: 10 << 20)
        let start = Date()
        let r = outcome(big, source: "big.yaml")
        #expect(r.refusal == "big.yaml:1: the file is 10485760 bytes; a preset is at most 1048576 bytes")
        #expect(Date().timeIntervalSince(start) < 1)
    }

    @Test func nonUTF8BytesAreRefusedNamingTheirLine() {
        let data = Data("experiment: reflow\nlr: 1e-3\nseed: ".utf8) + Data([0xFF, 0x31]) + Data("\n".utf8)
        #expect(outcome(data, source: "bin.yaml").refusal == "bin.yaml:3: not UTF-8 text (byte 35); save the preset as UTF-8")
    }

    /// Yams refuses a repeated key itself, naming it and the line of its first use.
    @Test func aDuplicatedKeyIsRefusedNamingIt() {
        let r = outcome(Data("experiment: reflow\nlr: 1e-3\nbatch: 8\nlr: 1\n".utf8), source: "dup.yaml")
        #expect(r.refusal?.hasPrefix("dup.yaml:2: invalid YAML: ") == true && r.refusal?.contains("'lr'") == true, "\(r.refusal ?? "accepted")")
    }

    /// A value with a line break or a huge value is echoed escaped and cut, so the error stays one short line.
    @Test func echoedValuesStayOnOneLine() throws {
        var p = try Preset(yaml: "experiment: reflow\n", source: "p.yaml")
        #expect(throws: ConfigError("--set steps=|\\n  block: key 'steps': expected an integer in 0…100000000, got '|\\n  block'")) {
            try p.set("steps=|\n  block")
        }
        let long = String(repeating: "9", count: 5000)
        do { try p.set("lr=" + long) } catch let e as ConfigError { #expect(e.description.count < 300 && e.description.hasSuffix("…'")) }
    }

    @Test func brokenYAMLNamesItsLine() {
        let r = outcome(Data("experiment: reflow\nlr: 1e-3\nhidden: [1, 2\nbatch: 3\n".utf8), source: "broken.yaml")
        #expect(r.refusal.map { isOneLineRefusal($0, source: "broken.yaml") } == true, "\(r.refusal ?? "accepted")")
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let nested = String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000)
        let r = outcome(Data("experiment: reflow\nhidden: \(nested)\n".utf8), source: "deep.yaml")
        #expect(r.refusal.map { isOneLineRefusal($0, source: "deep.yaml") } == true, "\(r.refusal ?? "accepted")")
    }

    /// The checker itself fails on what it must reject (a multi-line message, no line number, another file).
    @Test func theRefusalShapeCheckRejectsBadMessages() {
        #expect(isOneLineRefusal("a.yaml:3: key 'lr': expected a number", source: "a.yaml"))
        #expect(!isOneLineRefusal("a.yaml: key 'lr'", source: "a.yaml"))
        #expect(!isOneLineRefusal("a.yaml:3: one\ntwo", source: "a.yaml"))
        #expect(!isOneLineRefusal("b.yaml:3: key", source: "a.yaml"))
        #expect(!isOneLineRefusal("Fatal error: index out of range", source: "a.yaml"))
    }
}
