import Foundation
import Models

/// Wall and CPU time since a headless sweep started: what its summary and its last line report.
struct Stopwatch {
    private let wall = Clock.now()
    private let cpu = Clock.cpuSeconds()

    /// Seconds and CPU-seconds so far.
    func read() -> (seconds: Double, cpu: Double) { (Clock.now() - wall, Clock.cpuSeconds() - cpu) }
}

/// The header of every headless sweep's fit.json, written once so the families name and order it alike: the preset,
/// the sweep's own settings and counts (`fields`), then whether a signal cut it short, its shards, threads and what
/// they took (summed over shards and resumes).
func summaryHead(_ p: Preset, records: [ShardRecord], fields: (inout JSONObject) -> Void) -> JSONObject {
    var head = JSONObject()
    head.set("preset", p.name)
    head.set("experiment", p.kindName)
    fields(&head)
    head.set("interrupted", Interrupt.requested)
    head.set("shards", records.first?.shard.n ?? 1)
    head.set("threads", records.map(\.threads).max() ?? 0)
    head.set("seconds", records.reduce(0) { $0 + $1.seconds })
    head.set("cpu_seconds", records.reduce(0) { $0 + $1.cpuSeconds })
    return head
}

/// A sweep's last line on stdout: its name, counts and time first, the folder, then what it found.
func summaryLine(_ p: Preset, done: String, records: [ShardRecord], outDir: URL, findings: [String]) -> String {
    let seconds = records.reduce(0) { $0 + $1.seconds }, cpu = records.reduce(0) { $0 + $1.cpuSeconds }
    return ProgressLine.wrapFields([
        "\(p.name): \(done) in \(String(format: "%.1f", seconds)) s", "(\(String(format: "%.1f", cpu)) CPU-s)", "-> \(outDir.path)",
    ] + findings, width: terminalColumns(STDOUT_FILENO))
}
