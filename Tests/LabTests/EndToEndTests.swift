import Foundation
import Testing

/// The built `lab` executable next to the test bundle.
let labBinary: URL = {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("lab")
}()

let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Runs a command via posix_spawn and waitpid, returning (exit status, stdout + stderr).
///
/// Output goes through a temporary file, not a pipe: `tmux new-session` leaves a server behind that would
/// inherit a pipe and hold it open (and Foundation's Process could not reap children from test threads here).
@discardableResult
func sh(_ args: [String], environment: [String: String]? = nil) throws -> (status: Int32, output: String) {
    let outPath = FileManager.default.temporaryDirectory.appendingPathComponent("lab-sh-\(UUID().uuidString)").path
    defer { unlink(outPath) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    let env = ProcessInfo.processInfo.environment.merging(environment ?? [:]) { $1 }.map { "\($0)=\($1)" }
    let argv = args.map { strdup($0) } + [nil]
    let envp = env.map { strdup($0) } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    // Children inherit the spawning thread's signal mask; test threads may block SIGTERM, so reset it.
    var attr = posix_spawnattr_t()
    posix_spawnattr_init(&attr)
    defer { posix_spawnattr_destroy(&attr) }
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attr, &empty)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for sig in [SIGINT, SIGTERM, SIGPIPE, SIGCHLD] { sigaddset(&defaults, sig) }
    posix_spawnattr_setsigdefault(&attr, &defaults)
    posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid: pid_t = 0
    let rc = posix_spawnp(&pid, args[0], &actions, &attr, argv, envp)
    guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    let exited = status & 0x7f == 0
    return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), output)
}

let hasTmux: Bool = (try? sh(["which", "tmux"]).status) == 0

/// A detached tmux server on its own socket, killed when the test ends.
final class TmuxSession {
    let socket = "lab-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let statusFile = FileManager.default.temporaryDirectory.appendingPathComponent("lab-e2e-\(UUID().uuidString)")

    /// `before` runs in the lab's shell just before it execs (e.g. `trap '' HUP`); `stty -a` is saved before and after.
    init(width: Int, height: Int, arguments: String, before: String = "") throws {
        let inner = "echo \\$\\$ > '\(statusFile.path).pid'; \(before) exec '\(labBinary.path)' \(arguments)"
        let command = "cd '\(repoRoot.path)' && stty -a > '\(statusFile.path).stty-before'; LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color sh -c \"\(inner)\"; "
            + "code=$?; stty -a > '\(statusFile.path).stty-after'; echo EXIT=$code > '\(statusFile.path)'; sleep 60"
        try sh(["tmux", "-u", "-L", socket, "new-session", "-d", "-x", "\(width)", "-y", "\(height)", command])
    }

    /// Kills the server (and with it the lab, if still running).
    func stop() { _ = try? sh(["tmux", "-L", socket, "kill-server"]) }

    func screen() -> String { (try? sh(["tmux", "-L", socket, "capture-pane", "-p"]).output) ?? "" }
    func keys(_ k: String...) throws { try sh(["tmux", "-L", socket, "send-keys"] + k) }
    func resize(_ w: Int, _ h: Int) throws { try sh(["tmux", "-L", socket, "resize-window", "-x", "\(w)", "-y", "\(h)"]) }
    var pid: Int32? { (try? String(contentsOf: URL(fileURLWithPath: statusFile.path + ".pid"), encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) } }
    /// The pane's `stty -a` before the lab started and after it exited (nil until it has).
    var stty: (before: String, after: String)? {
        guard let b = try? String(contentsOfFile: statusFile.path + ".stty-before", encoding: .utf8),
              let a = try? String(contentsOfFile: statusFile.path + ".stty-after", encoding: .utf8) else { return nil }
        return (b, a)
    }
    var exitStatus: String? { (try? String(contentsOf: statusFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Polls until `condition` holds or `seconds` pass; waiting on text, never on fixed sleeps.
    @discardableResult
    func waitFor(_ seconds: Double = 20, _ condition: (String) -> Bool) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            let exited = exitStatus != nil
            if condition(screen()) { return true }
            if exited { return false }
            usleep(50_000)
        }
        return false
    }
}

/// The dashboard fills exactly `width` columns: both top corners of the two panes sit at the edges.
private func laidOut(_ screen: String, width: Int) -> Bool {
    guard let top = screen.split(separator: "\n").first.map(Array.init), top.count == width else { return false }
    return "┏╭".contains(top[0]) && "┓╮".contains(top[width - 1]) && screen.contains("stats")
}

private func hasBraille(_ s: String) -> Bool { s.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) } }

@Suite(.serialized) struct EndToEndTests {
    @Test(.enabled(if: hasTmux, "tmux is not installed: skipping the end-to-end dashboard test"))
    func dashboardReactsToKeysSurvivesResizesAndQuits() throws {
        let t = try TmuxSession(width: 100, height: 30, arguments: "")
        defer { t.stop() }
        #expect(t.waitFor { $0.contains("loss") && $0.contains("samples") && $0.contains("stats") }, "panes appear:\n\(t.screen())")
        #expect(t.waitFor { hasBraille($0) }, "braille points appear")
        try t.keys("m")
        #expect(t.waitFor { $0.contains("Muon  lr") }, "the optimizer label changes to Muon:\n\(t.screen())")
        try t.resize(80, 24)
        #expect(t.waitFor { s in ["loss", "samples", "stats"].allSatisfy(s.contains) && s.split(separator: "\n").count <= 24 },
                "panes after resizing to 80×24:\n\(t.screen())")
        for i in 0..<50 {
            try t.resize(i % 2 == 0 ? 20 : 200, i % 2 == 0 ? 6 : 60)
        }
        try t.resize(100, 30)
        #expect(t.waitFor { laidOut($0, width: 100) }, "laid out for 100×30 after 50 rapid resizes:\n\(t.screen())")
        try t.keys("q")
        #expect(t.waitFor { _ in t.exitStatus != nil })
        #expect(t.exitStatus == "EXIT=0")
        #expect(t.waitFor { $0.contains("EXIT") || !$0.contains("samples") }, "the terminal is back to the shell")
    }

    @Test(.enabled(if: hasTmux, "tmux is not installed: skipping the SIGTERM test"))
    func sigtermRestoresTheTerminal() throws {
        let t = try TmuxSession(width: 90, height: 28, arguments: "kepler")
        defer { t.stop() }
        #expect(t.waitFor { $0.contains("Kepler orbit") }, "the Kepler demo appears:\n\(t.screen())")
        try t.keys(",")
        let pid = try #require(t.pid)
        kill(pid, SIGTERM)
        #expect(t.waitFor { _ in t.exitStatus != nil })
        #expect(t.exitStatus == "EXIT=143")
        #expect(t.waitFor { !$0.contains("Kepler orbit") }, "the alternate screen is gone:\n\(t.screen())")
    }

    @Test(.enabled(if: hasTmux, "tmux is not installed: skipping the Ctrl-C test"))
    func ctrlCRestoresTheTerminal() throws {
        let t = try TmuxSession(width: 90, height: 28, arguments: "pursuit")
        defer { t.stop() }
        #expect(t.waitFor { $0.contains("pursuit") && $0.contains("readouts") }, "the pursuit demo appears:\n\(t.screen())")
        try t.keys("C-c")
        #expect(t.waitFor { _ in t.exitStatus != nil })
        #expect(t.exitStatus == "EXIT=130")
        #expect(t.waitFor { !$0.contains("readouts") }, "the alternate screen is gone:\n\(t.screen())")
    }

    @Test func headlessErrorsAreOneLineWithExitCode2() throws {
        let bad = try sh([labBinary.path, "run", "no-such-preset"])
        #expect(bad.status == 2)
        #expect(bad.output.hasPrefix("lab: unknown preset 'no-such-preset'"))
        #expect(bad.output.split(separator: "\n").count == 1)
        let badSet = try sh([labBinary.path, "run", "reflow-mixture", "--set", "lr=-1"], environment: ["LAB_PRESETS": repoRoot.appendingPathComponent("presets").path])
        #expect(badSet.status == 2)
        #expect(badSet.output.contains("key 'lr'"))
        // The power-law task trains with plain SGD: Adam on it is refused, naming the override.
        let adam = try sh([labBinary.path, "run", "compute-optimal", "--set", "optimizer=adam"], environment: ["LAB_PRESETS": repoRoot.appendingPathComponent("presets").path])
        #expect(adam.status == 2 && adam.output.hasPrefix("lab: --set optimizer: key 'optimizer'") && adam.output.split(separator: "\n").count == 1, "\(adam.output)")
        let noTTY = try sh([labBinary.path, "kepler"], environment: ["LAB_PRESETS": repoRoot.appendingPathComponent("presets").path])
        #expect(noTTY.status == 2)
        #expect(noTTY.output.contains("lab run kepler"))
    }

    /// A headless race writes both runs and race.json, and each run's numbers equal the same run alone.
    @Test func aHeadlessRaceEqualsItsRunsAlone() throws {
        let env = ["LAB_PRESETS": repoRoot.appendingPathComponent("presets").path]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lab-race-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let small = ["eval_samples=200", "validation_size=256", "hidden=32,32"]
        let race = try sh([labBinary.path, "race", "reflow-mixture", "--steps", "40", "--out", dir.path]
                          + (["optimizer=adam"] + small).flatMap { ["--a", $0] } + (["optimizer=muon"] + small).flatMap { ["--b", $0] }, environment: env)
        #expect(race.status == 0, "\(race.output)")
        let json = try String(contentsOf: dir.appendingPathComponent("race.json"), encoding: .utf8)
        #expect(json.contains("\"labels\": [\"adam\", \"muon\"]") && json.contains("\"final\""))
        let alone = dir.appendingPathComponent("alone")
        let run = try sh([labBinary.path, "run", "reflow-mixture", "--steps", "40", "--out", alone.path]
                         + (["optimizer=muon"] + small).flatMap { ["--set", $0] }, environment: env)
        #expect(run.status == 0, "\(run.output)")
        let raced = try String(contentsOf: dir.appendingPathComponent("muon/metrics.csv"), encoding: .utf8)
        #expect(raced == (try String(contentsOf: alone.appendingPathComponent("metrics.csv"), encoding: .utf8)))
    }

    /// `lab run --record` then `lab replay --info`: the same final numbers; a copy cut at a random byte still replays
    /// its prefix and says where it was cut.
    @Test func aRecordedRunReplaysWithItsNumbersEvenWhenCut() throws {
        let env = ["LAB_PRESETS": repoRoot.appendingPathComponent("presets").path]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lab-rec-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let rec = dir.appendingPathComponent("run.labrec")
        let run = try sh([labBinary.path, "run", "reflow-mixture", "--steps", "60", "--out", dir.path, "--record", rec.path,
                          "--set", "eval_every=20", "--set", "eval_samples=200", "--set", "hidden=32,32"], environment: env)
        #expect(run.status == 0, "\(run.output)")
        let summary = try String(contentsOf: dir.appendingPathComponent("summary.json"), encoding: .utf8)
        let kl = try #require(summary.split(separator: "\n").first { $0.contains("\"kl\":") }).split(separator: ":")[1]
            .trimmingCharacters(in: CharacterSet(charactersIn: " ,"))
        let info = try sh([labBinary.path, "replay", rec.path, "--info"])
        #expect(info.status == 0 && info.output.contains("kl=\(kl)") && info.output.contains("the file is whole"), "\(info.output)")
        let bytes = try Data(contentsOf: rec)
        let cut = dir.appendingPathComponent("cut.labrec")
        try bytes.prefix(bytes.count * 2 / 3 + 17).write(to: cut)
        let partial = try sh([labBinary.path, "replay", cut.path, "--info"])
        #expect(partial.status == 0 && partial.output.contains("the file is cut:") && partial.output.contains("byte"), "\(partial.output)")
        let again = try sh([labBinary.path, "run", "reflow-mixture", "--steps", "5", "--out", dir.path, "--record", rec.path], environment: env)
        #expect(again.status == 2 && again.output.contains("already exists"), "never overwrite a recording: \(again.output)")
    }
}
