import ArgumentParser
import Foundation
import Models

/// How the dashboard draws and starts, shared by every command that opens one.
struct DisplayOptions: ParsableArguments {
    @Flag(help: "ASCII glyphs instead of braille and box drawing.")
    var ascii = false

    @Flag(help: "Start paused (space starts training, a sweep's cells or a demo's frames).")
    var paused = false

    @Flag(name: .customLong("no-cache"), help: "Train one-step teachers afresh instead of loading them from $XDG_CACHE_HOME/lab/teachers.")
    var noCache = false

    /// Where trained teachers are kept for the next dashboard (nil with --no-cache).
    var teachers: PhaseCacheFolder? { noCache ? nil : .standard(version: buildIdentity()) }
}

/// Names this build of lab: the executable's size and modification time, so a teacher cached by another build (whose
/// training code may differ) is never loaded.
func buildIdentity() -> String {
    let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
    guard let a = try? FileManager.default.attributesOfItem(atPath: exe), let size = a[.size] as? Int,
          let date = a[.modificationDate] as? Date else { return "unknown-\(exe)" }
    return "\(size)-\(Int(date.timeIntervalSince1970))"
}

/// Where presets come from, shared by every command that loads one.
struct LibraryOption: ParsableArguments {
    @Option(name: .customLong("presets-dir"), help: "Folder of preset files (default: ./presets or $LAB_PRESETS).")
    var presetsDir: String?

    var library: PresetLibrary { presetsDir.map { PresetLibrary(directory: URL(fileURLWithPath: $0)) } ?? .locate() }
}

/// How long a headless run trains and from which seed, shared by `run` and `race`.
struct RunLength: ParsableArguments {
    @Option(help: "Training steps (default: the preset's).")
    var steps: Int?

    @Option(help: "Random seed (default: the preset's).")
    var seed: Int?

    func validate() throws {
        if let steps, steps < 0 { throw ConfigError("--steps \(steps): expected a non-negative integer") }
        if let seed, seed < 0 { throw ConfigError("--seed \(seed): expected a non-negative integer") }
    }
}

/// Where a preset comes from and what changes it, shared by every command that loads one.
struct PresetOptions: ParsableArguments {
    @Option(name: .customLong("set"), help: "Override a preset key, e.g. --set lr=3e-3 (repeatable).")
    var overrides: [String] = []

    @OptionGroup var folder: LibraryOption

    var library: PresetLibrary { folder.library }

    /// The preset with every `--set` applied.
    func load(_ name: String) throws -> Preset {
        var p = try library.load(name)
        for assignment in overrides { try p.set(assignment) }
        return p
    }
}
