import Foundation
import Testing
@testable import Models

@Suite struct ShardTests {
    @Test func aShardOwnsTheUnitsCongruentToKMinusOne() throws {
        let s = try Shard(parsing: "2/3")
        #expect(s.units(of: 8) == [1, 4, 7] && s.owns(4) && !s.owns(5))
        let all = (1...3).flatMap { Shard(k: $0, n: 3).units(of: 8) }.sorted()
        #expect(all == Array(0..<8), "the shards of a split cover every unit once")
        for bad in ["0/3", "4/3", "3", "/3", "1/x", ""] { #expect(throws: ConfigError.self) { try Shard(parsing: bad) } }
    }

    @Test func theIdentityIgnoresThreadsAndClaimsButNotANumber() throws {
        let base = try smallPreset("mup")
        var threads = base, steps = base
        try threads.set("threads=1")
        try steps.set("steps=7")
        #expect(SweepIdentity(base).hash == SweepIdentity(threads).hash)
        #expect(SweepIdentity(base).hash != SweepIdentity(steps).hash)
        #expect(!SweepIdentity(base).settings.contains("claim") && !SweepIdentity(base).settings.contains("threads"))
        let back = try SweepIdentity(base).preset(source: "shard.json")
        #expect(back.name == base.name && SweepIdentity(back) == SweepIdentity(base), "the record rebuilds the same sweep")
    }

    @Test func aCutShortLastRowIsLeftOutAndReported() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lab-celllog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = try CellLog(folder: dir, header: "unit,loss", keeping: ["0,1.5"])
        try log.append("1,2.5")
        var read = try #require(try CellLog.read(in: dir, header: "unit,loss"))
        #expect(read.rows.map(\.text) == ["0,1.5", "1,2.5"] && read.rows.map(\.line) == [2, 3] && !read.partial)
        let handle = try FileHandle(forWritingTo: dir.appendingPathComponent(CellLog.file))
        handle.seekToEndOfFile()
        handle.write(Data("2,3.".utf8))
        try handle.close()
        read = try #require(try CellLog.read(in: dir, header: "unit,loss"))
        #expect(read.rows.count == 2 && read.partial)
        #expect(throws: ConfigError.self) { try CellLog.read(in: dir, header: "unit,other") }
    }

    @Test func cellRowsRoundTripExactly() throws {
        let units = CellSweepUnits(grid: SweepGrid(batches: [4, 8], lrs: SweepGrid.logSpaced(min: 1e-3, max: 1, count: 3), seeds: 2), budgetCount: 2)
        for u in 0..<units.unitCount {
            let r = SweepResult(cell: units.cell(u), loss: u == 5 ? .nan : Float(u) * 0.1 + 1e-7)
            #expect(units.unit(of: r) == u)
            let back = try units.decode([(line: 2, text: Substring(units.row(r)))], file: "cells.csv")[0].result
            #expect(back.cell == r.cell && (back.loss == r.loss || (back.loss.isNaN && r.loss.isNaN)))
        }
        #expect(throws: ConfigError.self) { try units.decode([(line: 2, text: "3,0,4,0.001,0,1")], file: "cells.csv") }
    }

    /// A complete muP curve is replayed from its losses: a dropped or extra cell is found.
    @Test func aMuPCurveMissingACellOfItsWalkIsFound() throws {
        var c = MuPConfig()
        c.widths = [64, 128]
        c.steps = 5
        c.spiral.perClass = 50
        let units = MuPSweepUnits(c)
        let pool = MuPWorker.pool(c, data: c.data)
        pool.start()
        pool.wait()
        let results = pool.drain()
        #expect(units.completedUnits(results) == Set(0..<units.unitCount))
        #expect(units.inconsistency(results) == nil)
        let dropped = results.enumerated().filter { $0.offset != results.count / 2 }.map(\.element)
        #expect(units.inconsistency(dropped)?.contains("lacks its cell") == true || units.completedUnits(dropped).count < units.unitCount)
        var extra = results
        let far = results.first { $0.cell.widthIndex == 1 }!
        if let unvisited = units.grid.log2LRs.indices.first(where: { li in !results.contains { $0.cell.widthIndex == 1 && $0.cell.parametrization == far.cell.parametrization && $0.cell.lrIndex == li } }) {
            extra.append(MuPResult(cell: units.grid.cell(far.cell.parametrization, width: 1, lr: unvisited, seed: 0), loss: 1))
            #expect(units.inconsistency(extra)?.contains("never visits") == true)
        }
    }
}
