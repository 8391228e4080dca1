import Foundation
import Testing
@testable import Models

/// Every experiment's preset keys as a golden file: name, what it accepts and its default. Moving a key's declaration
/// must not change what a preset means; re-record on purpose with LAB_RECORD_SNAPSHOTS=1.
@Suite struct PresetSchemaTests {
    static func dump() -> String {
        // Kinds and keys by name, the experiment key's choices sorted: declaration order is not part of a preset's meaning.
        ExperimentKind.allCases.sorted { $0.rawValue < $1.rawValue }.map { kind in
            "\(kind.rawValue)\n" + kind.schema.sorted { $0.name < $1.name }.map { k in
                var allowed = k.kind.allowed
                if k.name == "experiment", case .choice(let c) = k.kind { allowed = "one of " + c.sorted().joined(separator: ", ") }
                return "  \(k.name): \(allowed) = \(k.defaultValue.map { "\($0)" } ?? "none")"
            }.joined(separator: "\n")
        }.joined(separator: "\n") + "\n"
    }

    @Test func everyExperimentsKeysAndDefaultsAreTheRecordedOnes() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/preset-schema.txt")
        let actual = Self.dump()
        if ProcessInfo.processInfo.environment["LAB_RECORD_SNAPSHOTS"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false), e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(actual == expected, "first difference at line \((first?.offset ?? min(a.count, e.count)) + 1): \(first.map { "\($0.element.1) → \($0.element.0)" } ?? "length")")
    }

    @Test func aKeyIsDeclaredOncePerExperiment() {
        for kind in ExperimentKind.allCases {
            let names = kind.schema.map(\.name)
            #expect(names.count == Set(names).count, "\(kind.rawValue) declares a key twice")
        }
    }
}
