import ArgumentParser
import Foundation
import Models

/// `lab presets`: what can be run, one `NAME  DESCRIPTION` line each, cut to the terminal's width.
struct PresetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "presets", abstract: "List presets with their descriptions.")

    @OptionGroup var folder: LibraryOption

    func run() throws {
        let library = folder.library
        let names = library.names
        guard !names.isEmpty else { throw ConfigError("no presets found in \(library.directory.path)") }
        let width = names.map(\.count).max() ?? 0
        let columns = terminalColumns(STDOUT_FILENO) ?? Int.max
        for name in names {
            let preset = try library.load(name)
            let line = name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + preset.description
            print(line.count > columns ? String(line.prefix(max(1, columns - 1))) + "…" : line)
        }
    }
}
