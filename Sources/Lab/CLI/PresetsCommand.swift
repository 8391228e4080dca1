import ArgumentParser
import Models

/// `lab presets`: what can be run, one line each.
struct PresetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "presets", abstract: "List presets with their descriptions.")

    @Option(name: .customLong("presets-dir"), help: "Folder of preset files (default: ./presets or $LAB_PRESETS).")
    var presetsDir: String?

    func run() throws {
        let library = presetsDir.map { PresetLibrary(directory: .init(fileURLWithPath: $0)) } ?? .locate()
        let names = library.names
        guard !names.isEmpty else { throw ConfigError("no presets found in \(library.directory.path)") }
        let width = names.map(\.count).max() ?? 0
        for name in names {
            let preset = try library.load(name)
            print(name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + preset.description)
        }
    }
}
