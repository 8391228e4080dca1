import Foundation
import Models
import Testing
@testable import Lab

/// A terminal that plays back a script of keys and resizes, then reports nothing; it keeps every frame drawn.
private final class ScriptedScreen: LoopScreen {
    var capabilities = Capabilities(unicode: true, color: false)
    var inputClosed = false
    var script: [KeyEvent]
    var pendingSize: (width: Int, height: Int)?
    var drawn: [Buffer] = []

    init(_ script: [KeyEvent]) { self.script = script }

    func readKey(timeoutMilliseconds: Int) -> KeyEvent? { script.isEmpty ? nil : script.removeFirst() }
    func syncSize() -> (width: Int, height: Int)? { defer { pendingSize = nil }; return pendingSize }
    func draw(_ buffer: Buffer) { drawn.append(buffer) }
}

/// A program that logs what reaches it and stops after a number of ticks.
private struct LoggingProgram: LoopProgram {
    var log: [String] = []
    var ticks = 0
    var stopAfter = 1
    var size = (width: 12, height: 3)
    var shownFrames = 0

    var finished: Bool { ticks >= stopAfter }

    mutating func receive(_ message: Message) {
        switch message {
        case .key(let k): log.append("key \(k)")
        case .resize(let w, let h): size = (w, h); log.append("resize \(w)x\(h)")
        case .tick: ticks += 1; log.append("tick")
        default: log.append("other")
        }
    }

    mutating func drain() { log.append("drain") }
    func render(into buffer: inout Buffer) { buffer.write("frame \(ticks)", x: 0, y: 0) }
    mutating func shown(_ frame: Buffer) { shownFrames += 1 }
}

/// The one frame loop behind the live dashboard, races and replays, against a scripted terminal.
@Suite struct FrameLoopTests {
    @Test func queuedKeysAreAppliedBeforeTheFrameThatShowsThem() {
        let screen = ScriptedScreen([.key(.char("a")), .resize(width: 20, height: 4), .key(.char("b"))])
        var program = LoggingProgram()
        FrameLoop(session: screen).run(&program)
        #expect(program.log == ["key char(\"a\")", "resize 20x4", "key char(\"b\")", "drain", "tick"])
        #expect(screen.drawn.count == 1 && program.shownFrames == 1)
        #expect(screen.drawn[0].width == 20 && screen.drawn[0].height == 4 && screen.drawn[0].monochrome)
        #expect(screen.drawn[0].text().hasPrefix("frame 1"))
    }

    @Test func aTerminalThatLagsBehindIsResizedBeforeTheTick() {
        let screen = ScriptedScreen([])
        screen.pendingSize = (30, 5)
        var program = LoggingProgram()
        FrameLoop(session: screen).run(&program)
        #expect(program.log == ["drain", "resize 30x5", "tick"])
        #expect(screen.drawn.map(\.width) == [30])
    }

    @Test func withStdinClosedTheStateStaysCurrentButNothingIsDrawn() {
        let screen = ScriptedScreen([])
        screen.inputClosed = true
        var program = LoggingProgram()
        program.stopAfter = 2
        let start = Clock.now()
        FrameLoop(session: screen).run(&program)
        #expect(program.ticks == 2 && screen.drawn.isEmpty && program.shownFrames == 0)
        #expect(Clock.now() - start >= 0.9, "unseen, it ticks once a second")
    }

    @Test func aReplayQuitsTheLoopOnQ() throws {
        let header = RecordingHeader(preset: "reflow-mixture", experiment: "reflow", yaml: "experiment: reflow\ndescription: r\n", created: "now")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("loop-\(UUID().uuidString).labrec")
        defer { try? FileManager.default.removeItem(at: url) }
        let rec = try Recorder(url: url, header: header)
        try rec.record(.metrics(StepMetrics(step: 1, loss: 1, lossEMA: 1, lr: 1e-3, optimizer: .adam, batch: 8)), now: 0)
        try rec.close()
        var replay = ReplayState(recording: try Recording(contentsOf: url), preset: try Preset(yaml: header.yaml, source: "r"), glyphs: .braille)
        let screen = ScriptedScreen([.resize(width: 100, height: 30), .key(.char("q"))])
        FrameLoop(session: screen).run(&replay)
        #expect(replay.finished && replay.size.width == 100 && replay.size.height == 30 && screen.drawn.isEmpty)
    }
}

/// The headless sweeps' fit.json header: one writer, one order.
@Suite struct SweepSummaryTests {
    @Test func theHeaderNamesThePresetFirstAndWhatItTookLast() throws {
        let p = try Preset(yaml: "experiment: mup\ndescription: s\n", source: "s.yaml")
        var a = ShardRecord(identity: SweepIdentity(p), shard: Shard(k: 1, n: 2), unitsOwned: 4), b = a
        (a.threads, a.seconds, a.cpuSeconds) = (3, 1.5, 2.5)
        (b.threads, b.seconds, b.cpuSeconds) = (2, 1, 1)
        let head = summaryHead(p, records: [a, b]) { $0.set("cells_done", 7) }
        let keys = head.text().split(separator: "\n").compactMap { line in line.split(separator: "\"").dropFirst().first.map(String.init) }
        #expect(keys == ["preset", "experiment", "cells_done", "interrupted", "shards", "threads", "seconds", "cpu_seconds"])
        #expect(head.text().contains("\"shards\": 2") && head.text().contains("\"threads\": 3") && head.text().contains("\"cpu_seconds\": 3.5"),
                "shards' times add up; threads is the largest")
    }
}

/// Glyph sets spelled once per mode pick the same glyph by position.
@Suite struct GlyphSetTests {
    @Test func marksAndMarkerLinesReadTheirSets() {
        #expect(Mark.Shape.allCases.map { $0.glyph(.braille) } == Array("●✕◆■▲✚○"))
        #expect(Mark.Shape.allCases.map { $0.glyph(.ascii) } == Array("@X#H^+O"))
        #expect(LineChart.Marker.Kind.allCases.map { $0.line(.halfBlock) } == Array("┊╎┆┃│"))
        #expect(LineChart.Marker.Kind.allCases.map { $0.line(.ascii) } == Array(":'!||"))
    }

    @Test func aPaneWaitingForDataSaysSoInsideItsFrame() {
        var buffer = Buffer(width: 30, height: 4)
        let inner = Block(title: "t").content(into: &buffer, area: buffer.area, waiting: "evaluating…")
        #expect(inner == nil && buffer.text().contains("evaluating…"))
        var ready = Buffer(width: 30, height: 4)
        #expect(Block(title: "t").content(into: &ready, area: ready.area, waiting: nil) == Rect(x: 1, y: 1, width: 28, height: 2))
    }
}
