import ArgumentParser
import Foundation
import Models

/// `lab`: the root command; with no subcommand it opens the UI on a preset.
struct LabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "A terminal laboratory: watch small models learn, live, and poke at them.",
        subcommands: [UICommand.self, RunCommand.self, MergeCommand.self, PresetsCommand.self, BenchCommand.self, ScoreCommand.self, RaceCommand.self, ReplayCommand.self,
                      ClaimsCommand.self],
        defaultSubcommand: UICommand.self)
}

/// Entry point: every failure is one line on stderr and exit code 2 (3: training diverged; 1: a claim failed); help and
/// success exit 0.
@main
enum LabMain {
    static func main() {
        limitMallocArenas()
        pinBLASToOneThread()
        do {
            var command = try LabCommand.parseAsRoot()
            try command.run()
        } catch let error as ConfigError {
            fail(error.description)
        } catch let error as CommandError {
            fail(error.description)
        } catch let error as DivergedError {
            fail(error.description, code: 3)
        } catch let error as ExitCode {
            exit(error.rawValue)
        } catch {
            let code = LabCommand.exitCode(for: error)
            if code == .success || error is CleanExit {
                print(LabCommand.fullMessage(for: error))
                exit(0)
            }
            let message = LabCommand.message(for: error)
                .split(whereSeparator: \.isNewline).first.map(String.init) ?? "\(error)"
            fail(message + " (see lab --help)")
        }
    }

    /// Loads OpenBLAS while the process has one thread (`ck_blas.h`: one BLAS thread unless OPENBLAS_NUM_THREADS
    /// says otherwise, the CPU's own kernels), so its environment is read before any other thread starts.
    static func pinBLASToOneThread() {
        BLAS.useSingleThread()
    }

    /// glibc gives every thread that allocates an arena of its own (up to 8 per core); the evaluator's and the sweep
    /// workers' freed buffers then fragment those arenas and RSS creeps with nothing live (a 10-minute soak: +12% on
    /// reflow-mixture, +22% on moe-balance; 2 min idle: 50 → 71 MB). Two arenas stay flat (43 → 43 MB) and the hot
    /// loops allocate nothing, so they do not contend. Set before any thread starts.
    static func limitMallocArenas() {
        MemoryArenas.limit(2)
    }

    static func fail(_ message: String, code: Int32 = 2) -> Never {
        FileHandle.standardError.write(Data(("lab: " + message + "\n").utf8))
        exit(code)
    }
}

/// A run that diverged (`DivergenceRule`): its files are written and say `diverged: true`; exit code 3.
struct DivergedError: Error, CustomStringConvertible {
    var description: String
}
