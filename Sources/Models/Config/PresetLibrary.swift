import Foundation

/// The folder of `*.yaml` presets: found next to the working directory, via $LAB_PRESETS, or beside the executable.
public struct PresetLibrary: Sendable {
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    /// The first existing presets folder among $LAB_PRESETS, ./presets, and the source tree of the executable.
    public static func locate(executable: String = CommandLine.arguments.first ?? "") -> PresetLibrary {
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment["LAB_PRESETS"], !env.isEmpty {
            candidates.append(URL(fileURLWithPath: env))
        }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("presets"))
        var dir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(dir.appendingPathComponent("presets"))
            dir = dir.deletingLastPathComponent()
        }
        let found = candidates.first { isDirectory($0) } ?? candidates[0]
        return PresetLibrary(directory: found)
    }

    /// Preset names (file names without .yaml), sorted.
    public var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Loads a preset by name, or by path when `nameOrPath` names a file.
    public func load(_ nameOrPath: String) throws -> Preset {
        let asPath = URL(fileURLWithPath: nameOrPath)
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") {
            guard FileManager.default.fileExists(atPath: asPath.path) else {
                throw ConfigError("\(nameOrPath): no such preset file")
            }
            return try Preset(contentsOf: asPath)
        }
        let url = directory.appendingPathComponent(nameOrPath + ".yaml")
        guard FileManager.default.fileExists(atPath: url.path) else {
            let known = names
            guard !known.isEmpty else { throw ConfigError("unknown preset '\(nameOrPath)' (no presets in \(directory.path))") }
            let close = Self.closest(to: nameOrPath, in: known)
            let hint = close.isEmpty ? "see `lab presets`" : "did you mean " + close.joined(separator: " or ") + "?"
            throw ConfigError("unknown preset '\(nameOrPath)': \(hint)")
        }
        return try Preset(contentsOf: url)
    }

    /// The names nearest to a mistyped one: within an edit distance of a third of its length (at least 2), or that
    /// start with it; at most three, nearest first.
    public static func closest(to typed: String, in names: [String]) -> [String] {
        let t = typed.lowercased()
        let limit = max(2, t.count / 3)
        let scored = names.map { ($0, editDistance(t, $0.lowercased())) }
            .filter { $0.1 <= limit || $0.0.lowercased().hasPrefix(t) && !t.isEmpty }
        return scored.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(3).map(\.0)
    }

    /// Levenshtein distance: insertions, deletions and substitutions of one character each cost 1.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
    }
}
