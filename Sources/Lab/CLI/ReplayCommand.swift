import ArgumentParser
import Foundation
import Models

/// `lab replay FILE`: reopens a recorded run's dashboard, with no training; ←/→ scrub, [ ] jump between events.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "Reopen a recorded run (lab run --record FILE, or R in the dashboard) and scrub through it.")

    @Argument(help: "A recording (.labrec).")
    var file: String

    @OptionGroup var display: DisplayOptions

    @Flag(help: "Print what the recording holds (and where a cut file ends) instead of opening the dashboard.")
    var info = false

    func run() throws {
        let recording = try Recording(contentsOf: URL(fileURLWithPath: file))
        let preset = try Preset(yaml: recording.header.yaml, source: "\(file) (recorded preset \(recording.header.preset))")
        if info || Capabilities.unusableReason() != nil {
            return print(Self.describe(recording, file: file))
        }
        let caps = Capabilities.detect(forceASCII: display.ascii)
        var replay = ReplayState(recording: recording, preset: preset, glyphs: caps.unicode ? .braille : .ascii)
        Interrupt.install()
        Interrupt.restoreTerminalOnCrash()
        let session = try TerminalSession(capabilities: caps)
        defer { session.end() }
        _ = update(&replay, .resize(width: session.width, height: session.height))
        replay.seek(to: replay.events.count)
        FrameLoop(session: session).run(&replay)
        session.end()
        if Interrupt.requested { throw Interrupt.exitCode }
    }

    /// What a recording holds, one fact per line; a cut file says where its readable prefix ends.
    static func describe(_ r: Recording, file: String) -> String {
        var metrics = 0, evaluations = 0, snapshots = 0, lastStep = 0
        var last: Evaluation?
        for e in r.events {
            switch e {
            case .metrics(let m): metrics += 1; lastStep = m.step
            case .evaluated(let ev): evaluations += 1; last = ev
            case .snapshot: snapshots += 1
            default: break
            }
        }
        var lines = ["\(file): \(r.header.preset) (\(r.header.kindName)), recorded \(r.header.created)",
                     "\(r.events.count) events: \(metrics) metrics rows to step \(lastStep), \(evaluations) evaluations, \(snapshots) snapshots"]
        if let e = last {
            let shown = e.names.filter { ["kl", "excess_nll", "val_excess", "kl_1"].contains($0) }
            lines.append("last evaluation at step \(e.step): " + shown.map { "\($0)=\(formatNumber(e[$0]!))" }.joined(separator: " "))
        }
        lines.append(r.problem.map { "the file is cut: \($0); the \(r.validBytes) bytes before it replay" } ?? "the file is whole")
        return lines.joined(separator: "\n")
    }
}
