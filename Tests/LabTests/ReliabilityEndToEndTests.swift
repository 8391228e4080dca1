import Foundation
import Testing

/// Issue 18's fast checks on the real binary: divergence, output faults, signals and a closed terminal.
/// (The long versions — soak, 100 signal trials, 50 fuzzed runs — are `scripts/stress.sh`.)
private let env = ["LAB_PRESETS": repoRoot.appendingPathComponent("presets").path]
private let small = ["eval_samples=200", "validation_size=256", "hidden=32,32"].flatMap { ["--set", $0] }

private func temporaryFolder(_ tag: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("lab-\(tag)-\(UUID().uuidString)")
}

private func text(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }

/// CPU seconds (user + system) a process's main thread (the input and drawing loop) has used, from /proc.
private func mainThreadCPUSeconds(_ pid: Int32) -> Double? {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return nil }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count > 13, let u = Double(fields[11]), let s = Double(fields[12]) else { return nil }
    return (u + s) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

/// Polls /proc until the process is stopped (state T), for at most 5 s.
private func waitUntilStopped(_ pid: Int32) -> Bool {
    for _ in 0..<100 {
        if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")"),
           stat[stat.index(close, offsetBy: 2)] == "T" { return true }
        usleep(50_000)
    }
    return false
}

@Suite(.serialized) struct ReliabilityEndToEndTests {
    /// The case: lr = 10 used to end "successfully"; now exit 3, one line, and summary.json says diverged.
    @Test func aDivergedRunExitsNonZeroAndSaysSoInSummaryJSON() throws {
        let dir = temporaryFolder("diverge")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try sh([labBinary.path, "run", "reflow-mixture", "--steps", "400", "--set", "lr=10", "--set", "eval_every=100", "--out", dir.path] + small,
                       environment: env)
        #expect(r.status == 3, "\(r.output)")
        #expect(r.output.contains("lab: training diverged: "), "\(r.output)")
        let summary = text(dir.appendingPathComponent("summary.json"))
        #expect(summary.contains("\"diverged\": true") && summary.contains("\"divergence\": "), "\(summary)")
        #expect(!text(dir.appendingPathComponent("metrics.csv")).isEmpty)
    }

    @Test func outNamingAFileIsRefusedInOneLine() throws {
        let file = temporaryFolder("file")
        try "not a folder\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let r = try sh([labBinary.path, "run", "reflow-mixture", "--steps", "5", "--out", file.path], environment: env)
        #expect(r.status == 2 && r.output == "lab: --out \(file.path): is a file, not a folder\n", "\(r.output)")
        #expect(text(file) == "not a folder\n", "the file is untouched")
    }

    /// /proc refuses new files even to root: the folder is proved writable before any training.
    @Test func anUnwritableOutIsRefusedBeforeTraining() throws {
        let start = Date()
        let r = try sh([labBinary.path, "run", "reflow-mixture", "--out", "/proc"], environment: env)
        #expect(r.status == 2 && r.output.hasPrefix("lab: --out /proc: the folder is not writable (") && r.output.split(separator: "\n").count == 1,
                "\(r.output)")
        #expect(Date().timeIntervalSince(start) < 20, "refused at once, not after 3000 steps")
        let nested = try sh([labBinary.path, "run", "reflow-mixture", "--out", "/proc/no/such"], environment: env)
        #expect(nested.status == 2 && nested.output.hasPrefix("lab: --out /proc/no/such: cannot create the output folder ("), "\(nested.output)")
    }

    /// A full disk (a 4 KB file-size limit): one line naming the file and why, exit 2, and the previous
    /// complete file is still there (written atomically: temporary file, then rename).
    @Test func aFullDiskFailsInOneLineAndKeepsThePreviousFiles() throws {
        let dir = temporaryFolder("full")
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = ["run", "reflow-mixture", "--steps", "60", "--set", "log_every=1", "--out", dir.path] + small
        let first = try sh([labBinary.path] + args, environment: env)
        #expect(first.status == 0, "\(first.output)")
        let before = text(dir.appendingPathComponent("metrics.csv"))
        #expect(before.utf8.count > 4096 && before.hasSuffix("\n"))
        let quoted = ([labBinary.path] + args + ["--seed", "1"]).map { "'\($0)'" }.joined(separator: " ")
        let full = try sh(["sh", "-c", "ulimit -f 4; exec \(quoted)"], environment: env)
        #expect(full.status == 2, "\(full.output)")
        #expect(full.output.hasPrefix("lab: \(dir.path)/metrics.csv: cannot write the file (File too large)") && full.output.split(separator: "\n").count == 1,
                "\(full.output)")
        #expect(text(dir.appendingPathComponent("metrics.csv")) == before, "the previous metrics.csv survives whole")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, "no temporary files left: \(leftovers)")
    }

    /// SIGINT mid-run: exit 130 with partial outputs — metrics so far, samples and summary.json saying interrupted.
    @Test func aHeadlessRunInterruptedBySIGINTWritesItsPartialOutputs() throws {
        let dir = temporaryFolder("int")
        defer { try? FileManager.default.removeItem(at: dir) }
        let quoted = ([labBinary.path, "run", "reflow-mixture", "--steps", "1000000", "--set", "eval_every=100", "--out", dir.path] + small)
            .map { "'\($0)'" }.joined(separator: " ")
        let r = try sh(["sh", "-c", "\(quoted) & pid=$!; sleep 3; kill -INT $pid; wait $pid"], environment: env)
        #expect(r.status == 130, "\(r.output)")
        let summary = text(dir.appendingPathComponent("summary.json"))
        #expect(summary.contains("\"interrupted\": true") && summary.contains("\"diverged\": false"), "\(summary)")
        #expect(text(dir.appendingPathComponent("metrics.csv")).split(separator: "\n").count > 2)
        #expect(text(dir.appendingPathComponent("samples.csv")).hasPrefix("x,y\n"))
    }

    /// Signals on a training dashboard: each exits with 128 + the signal and leaves the pane's `stty -a` as it was.
    @Test(.enabled(if: hasTmux, "tmux is not installed"), arguments: [(SIGINT, "EXIT=130"), (SIGTERM, "EXIT=143"), (SIGHUP, "EXIT=129")])
    func aSignalMidTrainingRestoresTheTerminalAndExitsConventionally(_ signal: Int32, _ expected: String) throws {
        let t = try TmuxSession(width: 100, height: 30, arguments: "reflow-mixture")
        defer { t.stop() }
        #expect(t.waitFor { $0.contains("samples") && $0.contains("stats") }, "the dashboard appears:\n\(t.screen())")
        usleep(useconds_t.random(in: 0...800_000))
        kill(try #require(t.pid), signal)
        #expect(t.waitFor { _ in t.exitStatus != nil })
        #expect(t.exitStatus == expected)
        let stty = try #require(t.stty)
        #expect(stty.before == stty.after, "stty -a differs after the signal")
    }

    /// Ctrl-Z style stop and continue: the dashboard redraws and still quits cleanly with a sane terminal.
    @Test(.enabled(if: hasTmux, "tmux is not installed"))
    func stopAndContinueRedrawsAndQuitsCleanly() throws {
        let t = try TmuxSession(width: 100, height: 30, arguments: "moe-balance")
        defer { t.stop() }
        #expect(t.waitFor { $0.contains("stats") }, "the dashboard appears:\n\(t.screen())")
        let pid = try #require(t.pid)
        kill(pid, SIGTSTP)
        // Continue only once it has stopped: a SIGCONT that overtakes the handler would leave it stopped for good.
        #expect(waitUntilStopped(pid), "SIGTSTP stops the lab")
        kill(pid, SIGCONT)
        try t.keys("?")
        #expect(t.waitFor { $0.contains("this help") }, "the dashboard answers keys after SIGCONT:\n\(t.screen())")
        try t.keys("?")
        try t.keys("q")
        #expect(t.waitFor { _ in t.exitStatus != nil } && t.exitStatus == "EXIT=0")
        let stty = try #require(t.stty)
        #expect(stty.before == stty.after, "stty -a differs after stop/continue")
    }

    /// The terminal goes away under a lab that ignores SIGHUP (nohup): stdin at EOF must not make its input and
    /// drawing loop spin (before the fix it drew 30 frames a second to nobody: 40% of a core in a debug build).
    @Test(.enabled(if: hasTmux, "tmux is not installed"))
    func aClosedTerminalDoesNotSpin() throws {
        let t = try TmuxSession(width: 100, height: 30, arguments: "--paused reflow-mixture", before: "trap '' HUP;")
        #expect(t.waitFor { $0.contains("stats") }, "the dashboard appears:\n\(t.screen())")
        let pid = try #require(t.pid)
        defer { kill(pid, SIGKILL) }
        t.stop()
        usleep(1_000_000)
        #expect(kill(pid, 0) == 0, "the lab ignores SIGHUP as nohup asked")
        let c0 = try #require(mainThreadCPUSeconds(pid))
        usleep(3_000_000)
        let c1 = try #require(mainThreadCPUSeconds(pid))
        #expect((c1 - c0) / 3 < 0.05, "main thread CPU \(Int((c1 - c0) / 3 * 100))% with stdin at EOF")
        kill(pid, SIGTERM)
    }
}
