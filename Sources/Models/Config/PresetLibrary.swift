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
            throw ConfigError("unknown preset '\(nameOrPath)' (available: \(known.isEmpty ? "none in \(directory.path)" : known.joined(separator: ", ")))")
        }
        return try Preset(contentsOf: url)
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
    }
}
