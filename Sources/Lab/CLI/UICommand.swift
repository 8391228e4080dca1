import ArgumentParser
import Foundation
import Models

/// `lab [PRESET]`: the live dashboard (default subcommand).
struct UICommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ui", abstract: "Open the live dashboard on a preset (default).")

    @Argument(help: "A preset name or path (default: reflow-mixture).")
    var preset: String = "reflow-mixture"

    @Option(name: .customLong("presets-dir"), help: "Folder of preset files.")
    var presetsDir: String?

    func run() throws {
        let library = presetsDir.map { PresetLibrary(directory: URL(fileURLWithPath: $0)) } ?? .locate()
        _ = try library.load(preset)
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CommandError("not a terminal: the dashboard needs a TTY; use `lab run \(preset)` for a headless run")
        }
        throw CommandError("the dashboard is not available in this build; use `lab run \(preset)`")
    }
}
