import Foundation
import Testing
@testable import Models

@Suite struct RecordingTests {
    @Test func crc32MatchesTheStandardCheckValue() {
        #expect(Array("123456789".utf8).withUnsafeBytes { crc32($0) } == 0xCBF4_3926)
        #expect([UInt8]().withUnsafeBytes { crc32($0) } == 0)
    }

    @Test func metricsRoundTripBitForBit() {
        let m = StepMetrics(step: 123_456, loss: 8.0625, lossEMA: .nan, lr: 3.90625e-6, optimizer: .moonlight, batch: 512, extra: [1, -2.5, .infinity])
        let back = RecordFormat.decodeMetrics(ArraySlice(RecordFormat.encode(m)))!
        #expect(back.step == m.step && back.loss == m.loss && back.lossEMA.isNaN && back.lr == m.lr && back.optimizer == .moonlight)
        #expect(back.batch == 512 && back.extra == m.extra)
        #expect(RecordFormat.decodeMetrics(ArraySlice(RecordFormat.encode(m).dropLast())) == nil)
    }

    /// A small recorded run: header, info, metrics, an evaluation and a snapshot.
    private func recordedBytes() throws -> (bytes: [UInt8], events: Int) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rec-\(UUID().uuidString).labrec")
        defer { try? FileManager.default.removeItem(at: url) }
        let r = try Recorder(url: url, header: RecordingHeader(preset: "p", experiment: "reflow", yaml: "experiment: reflow\n", created: "now"))
        try r.record(.info(ExperimentInfo(method: "ReFlow", headline: "kl")), now: 0)
        for i in 1...30 { try r.record(StepMetrics(step: i, loss: Float(i), lossEMA: 1, lr: 1e-3, optimizer: .adam, batch: 8)) }
        try r.record(.evaluated(Evaluation(step: 30, names: ["kl"], values: [0.25])), now: 1)
        var s = Snapshot(step: 30)
        s.samples = [1, 2, 3, 4]
        try r.record(.snapshot(s), now: 1)
        try r.close()
        #expect(throws: ConfigError.self) { try Recorder(url: url, header: RecordingHeader(preset: "p", experiment: "x", yaml: "", created: "")) }
        return ([UInt8](FileManager.default.contents(atPath: url.path)!), 33)
    }

    @Test func aRecordingReadsBackWhole() throws {
        let (bytes, n) = try recordedBytes()
        let r = try Recording(bytes: bytes, source: "t.labrec")
        #expect(r.problem == nil && r.events.count == n && r.header.preset == "p" && r.validBytes == bytes.count)
        guard case .evaluated(let e) = r.events[31] else { Issue.record("evaluation at 31"); return }
        #expect(e["kl"] == 0.25)
        guard case .snapshot(let s) = r.events[32] else { Issue.record("snapshot last"); return }
        #expect(s.samples == [1, 2, 3, 4])
    }

    /// Cut at any byte after the header, the file still reads: every whole record before the cut, and where it ended.
    @Test func aFileCutAnywhereReplaysItsPrefixAndSaysWhere() throws {
        let (bytes, n) = try recordedBytes()
        let header = RecordFormat.prefix.count + 9 + (try JSONEncoder().encode(RecordingHeader(preset: "p", experiment: "reflow", yaml: "experiment: reflow\n", created: "now"))).count
        var lastCount = -1
        var rng = RNG(seed: 1)
        let cuts = [header] + (0..<60).map { _ in header + rng.int(below: bytes.count - header) } + [bytes.count - 1]
        for cut in cuts.sorted() {
            let r = try Recording(bytes: Array(bytes.prefix(cut)), source: "t")
            #expect(r.events.count <= n && r.events.count >= lastCount, "cut at \(cut)")
            #expect(r.problem?.hasPrefix("truncated record at byte") == true || r.validBytes == cut, "cut at \(cut): \(r.problem ?? "none")")
            lastCount = r.events.count
        }
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x40
        let r = try Recording(bytes: flipped, source: "t")
        #expect(r.problem?.contains("checksum") == true && r.events.count < n)
        #expect(throws: ConfigError.self) { try Recording(bytes: Array("not a recording".utf8), source: "x") }
        #expect(throws: ConfigError.self) { try Recording(bytes: Array(bytes.prefix(12)), source: "x") }
    }

    /// Thinning keeps the file bounded: 100 000 steps keep far fewer rows, every step at first, then strided.
    @Test func longRunsAreThinned() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rec-\(UUID().uuidString).labrec")
        defer { try? FileManager.default.removeItem(at: url) }
        let r = try Recorder(url: url, header: RecordingHeader(preset: "p", experiment: "reflow", yaml: "", created: ""))
        for i in 1...100_000 { try r.record(StepMetrics(step: i, loss: 1, lossEMA: 1, lr: 1, optimizer: .adam, batch: 1)) }
        for t in 0..<600 { try r.record(.snapshot(Snapshot(step: t)), now: Double(t)) }
        try r.close()
        let rec = try Recording(contentsOf: url)
        let kept = rec.events.filter { if case .metrics = $0 { true } else { false } }.count
        let snaps = rec.events.count - kept
        // Every step to 20 000, every 2nd to 60 000, every 4th to 100 000: 20 000 + 20 000 + 10 000.
        #expect(kept == 50_000, "metrics kept: \(kept)")
        #expect(snaps < 200, "snapshots kept: \(snaps) of 600 (one a second, the interval doubling every 50)")
    }
}
