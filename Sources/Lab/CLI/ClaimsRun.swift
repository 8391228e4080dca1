import Foundation
import Models

/// One preset's headless run for `lab claims`: a child process of this same binary, so runs share nothing and a
/// crash or divergence stays in its own folder.
struct ClaimsRun: Sendable {
    var preset: String
    /// The run's output folder (DIR/PRESET).
    var folder: URL
    /// The steps it trains (nil: the preset's own, not passed).
    var steps: Int?
    var presetsDir: String
    /// Evaluate on the run's own thread: several runs at once already take every core.
    var inlineEvaluation: Bool

    /// `run PRESET --out DIR/PRESET [--steps N] --plot [--inline-evaluation]`, with the library the parent read.
    var arguments: [String] {
        ["run", preset, "--out", folder.path] + (steps.map { ["--steps", "\($0)"] } ?? []) + ["--plot", "--presets-dir", presetsDir]
            + (inlineEvaluation ? ["--inline-evaluation"] : [])
    }

    /// How it ended: the child's exit status and wall-clock seconds.
    struct Ended: Sendable {
        var status: Int32
        var seconds: Double
    }

    /// Runs every run, `jobs` at a time, each writing its output to FOLDER/run.log; `done` hears each as it ends.
    static func runAll(_ runs: [ClaimsRun], jobs: Int, done: @escaping @Sendable (Int, Ended) -> Void) throws -> [Ended] {
        let slots = DispatchSemaphore(value: max(1, jobs))
        let group = DispatchGroup()
        let ended = Locked<[Int: Ended]>([:])
        for (i, run) in runs.enumerated() {
            slots.wait()
            try OutputFolder.prepare(run.folder)
            let log = run.folder.appendingPathComponent("run.log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            let child = Process()
            child.executableURL = URL(fileURLWithPath: "/proc/self/exe")
            child.arguments = run.arguments
            child.standardOutput = handle
            child.standardError = handle
            child.standardInput = FileHandle.nullDevice
            let start = Clock.now()
            group.enter()
            child.terminationHandler = { p in
                let e = Ended(status: p.terminationStatus, seconds: Clock.now() - start)
                try? handle.close()
                ended.withLock { $0[i] = e }
                done(i, e)
                slots.signal()
                group.leave()
            }
            do {
                try child.run()
            } catch {
                group.leave()
                slots.signal()
                throw CommandError("cannot start a child run of \(run.preset): \(error.localizedDescription)")
            }
        }
        group.wait()
        return ended.withLock { m in runs.indices.map { m[$0] ?? Ended(status: -1, seconds: 0) } }
    }
}
