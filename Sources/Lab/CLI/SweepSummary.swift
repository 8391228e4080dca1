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
/// the sweep's own settings and counts (`fields`), then whether a signal cut it short, its threads and what it took.
func summaryHead(_ p: Preset, threads: Int, took: (seconds: Double, cpu: Double), fields: (inout JSONObject) -> Void) -> JSONObject {
    var head = JSONObject()
    head.set("preset", p.name)
    head.set("experiment", p.kindName)
    fields(&head)
    head.set("interrupted", Interrupt.requested)
    head.set("threads", threads)
    head.set("seconds", took.seconds)
    head.set("cpu_seconds", took.cpu)
    return head
}

/// A sweep's last line on stdout: its name, counts and time first, the folder, then what it found.
func summaryLine(_ p: Preset, done: String, took: (seconds: Double, cpu: Double), outDir: URL, findings: [String]) -> String {
    ProgressLine.wrapFields([
        "\(p.name): \(done) in \(String(format: "%.1f", took.seconds)) s", "(\(String(format: "%.1f", took.cpu)) CPU-s)", "-> \(outDir.path)",
    ] + findings, width: terminalColumns(STDOUT_FILENO))
}
