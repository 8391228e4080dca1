import Foundation
import Models
import Testing
@testable import Lab

/// `lab run SWEEP --shard K/N` and `lab merge` (issue 27): shards merged equal the unsharded run number for number; a
/// killed shard resumes with the units it has; a merge refuses what is not one whole sweep, in one line, exit 2.
@Suite(.serialized) struct ShardEndToEndTests {
    static let env = ["LAB_PRESETS": repoRoot.appendingPathComponent("presets").path]
    static let mup = ["mup", "--set", "steps=20", "--set", "widths=[64,128,256]", "--set", "per_class=200",
                      "--set", "coord_widths=[64,128]", "--set", "coord_seeds=1"]
    static let scaling = ["lr-batch-scaling", "--steps", "60", "--set", "batches=[4,8,16,32,64]", "--set", "lr_count=6", "--set", "seeds=2"]
    static let compute = ["compute-optimal", "--set", "batches=[8,16,32,64,128]", "--set", "lr_count=7", "--set", "seeds=2",
                          "--set", "budget_count=4", "--set", "flops_min=2e5", "--set", "flops_max=2e6"]
    /// The old design (Adam, isotropic linear task, one run per budget) with min_steps leaving cells out.
    static let computeOld = ["compute-optimal", "--set", "task=linear", "--set", "optimizer=adam", "--set", "batches=[4,8,16,32]",
                             "--set", "lr_min=1e-4", "--set", "lr_max=0.01", "--set", "lr_count=3", "--set", "seeds=1", "--set", "budget_count=3",
                             "--set", "flops_min=1e4", "--set", "flops_max=1e6", "--set", "lr_optimum=vertex"]

    private func folder(_ tag: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lab-shard-\(tag)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func lab(_ args: [String]) throws -> (status: Int32, output: String) { try sh([labBinary.path] + args, environment: Self.env) }

    /// fit.json without what may differ between a run and a merge: times, threads and the shard count.
    private func fit(_ dir: URL) throws -> String {
        try String(contentsOf: dir.appendingPathComponent("fit.json"), encoding: .utf8).split(separator: "\n")
            .filter { line in !["\"seconds\"", "\"cpu_seconds\"", "\"threads\"", "\"shards\""].contains { line.contains($0) } }.joined(separator: "\n")
    }

    /// Runs `preset` whole and in `n` shards, merges them and compares fit.json and sweep.csv.
    private func splitMatchesWhole(_ preset: [String], n: Int) throws {
        let root = folder(preset[0])
        defer { try? FileManager.default.removeItem(at: root) }
        let whole = root.appendingPathComponent("whole"), merged = root.appendingPathComponent("merged")
        #expect(try lab(["run"] + preset + ["--out", whole.path]).status == 0)
        let shards = (1...n).map { root.appendingPathComponent("s\($0)") }
        for (k, dir) in shards.enumerated() {
            let r = try lab(["run"] + preset + ["--shard", "\(k + 1)/\(n)", "--out", dir.path])
            #expect(r.status == 0 && r.output.contains("shard \(k + 1)/\(n)"), "\(r.output)")
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("fit.json").path), "a shard alone fits nothing")
        }
        let m = try lab(["merge"] + shards.map(\.path) + ["--out", merged.path])
        #expect(m.status == 0, "\(m.output)")
        #expect(try fit(whole) == fit(merged))
        #expect(try Data(contentsOf: whole.appendingPathComponent("sweep.csv")) == Data(contentsOf: merged.appendingPathComponent("sweep.csv")))
        // The merged folder is a whole sweep's folder: the dashboard opens it (`--from`) with the cells the run had.
        let (p, stored) = try StoredSweep.load(merged.path)
        let (_, direct) = try StoredSweep.load(whole.path)
        #expect(p.name == preset[0])
        switch (stored, direct) {
        case (.cells(let a, _), .cells(let b, _)): #expect(a.count == b.count && !a.isEmpty)
        case (.curves(let a, let ca), .curves(let b, _)): #expect(a.count == b.count && !a.isEmpty && ca != nil)
        default: Issue.record("a merged \(preset[0]) opens as another kind of sweep")
        }
        #expect(throws: ConfigError.self) { try StoredSweep.load(shards[0].path) }
    }

    @Test func muPInThreeShardsMergesToTheUnshardedFit() throws { try splitMatchesWhole(Self.mup, n: 3) }
    @Test func lrBatchScalingInThreeShardsMergesToTheUnshardedFit() throws { try splitMatchesWhole(Self.scaling, n: 3) }
    @Test func computeOptimalInTwoShardsMergesToTheUnshardedFit() throws { try splitMatchesWhole(Self.compute, n: 2) }
    @Test func computeOptimalInThreeShardsMergesToTheUnshardedFit() throws { try splitMatchesWhole(Self.compute, n: 3) }
    @Test func oldComputeDesignInTwoShardsMergesToTheUnshardedFit() throws { try splitMatchesWhole(Self.computeOld, n: 2) }

    /// A shard cut short (rows lost, the last one half-written, as SIGKILL leaves it) resumes: it keeps the rows it
    /// has (a kept row's value survives untouched) and runs only the missing units.
    @Test func aKilledShardResumesWithTheUnitsItHas() throws {
        let root = folder("resume")
        defer { try? FileManager.default.removeItem(at: root) }
        let s1 = root.appendingPathComponent("s1"), s2 = root.appendingPathComponent("s2")
        for (k, dir) in [s1, s2].enumerated() { #expect(try lab(["run"] + Self.scaling + ["--shard", "\(k + 1)/2", "--out", dir.path]).status == 0) }
        let cells = s1.appendingPathComponent("cells.csv")
        let rows = try String(contentsOf: cells, encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 1 + 30, "header + 30 of the 60 cells")
        var kept = Array(rows.prefix(6)).map(String.init)
        var marked = kept[2].split(separator: ",").map(String.init)
        marked[marked.count - 1] = "0.123"
        kept[2] = marked.joined(separator: ",")
        try (kept.joined(separator: "\n") + "\n" + rows[6].prefix(9)).write(to: cells, atomically: true, encoding: .utf8)
        let refused = try lab(["merge", s1.path, s2.path, "--out", root.appendingPathComponent("m").path])
        #expect(refused.status == 2 && refused.output.contains("cells.csv:7: a truncated row"), "\(refused.output)")
        let resumed = try lab(["run"] + Self.scaling + ["--shard", "1/2", "--out", s1.path])
        #expect(resumed.status == 0 && resumed.output.contains("30/30 units"), "\(resumed.output)")
        let after = try String(contentsOf: cells, encoding: .utf8).split(separator: "\n")
        #expect(after.count == 31 && after[2] == kept[2], "the kept row stays as it was; the 25 missing cells are run")
        #expect(Set(after.dropFirst().map { $0.split(separator: ",")[0] }).count == 30, "every unit once")
    }

    @Test func aMergeRefusesWhatIsNotOneWholeSweep() throws {
        let root = folder("refuse")
        defer { try? FileManager.default.removeItem(at: root) }
        let dir = { (name: String) in root.appendingPathComponent(name) }
        for k in 1...2 { #expect(try lab(["run"] + Self.scaling + ["--shard", "\(k)/2", "--out", dir("s\(k)").path]).status == 0) }
        #expect(try lab(["run"] + Self.scaling + ["--set", "seeds=1", "--shard", "2/2", "--out", dir("other").path]).status == 0)
        #expect(try lab(["run"] + Self.mup + ["--shard", "2/2", "--out", dir("mup").path]).status == 0)
        let out = ["--out", dir("m").path]
        let cases: [([String], String)] = [
            ([dir("s1").path, dir("mup").path], "a shard of 'mup', but"),
            ([dir("s1").path, dir("other").path], "with other settings than"),
            ([dir("s1").path], "shard 2/2 is missing"),
            ([dir("s1").path, dir("s1").path, dir("s2").path], "given twice"),
            ([dir("s1").path, root.path], "no shard.json here"),
        ]
        for (folders, message) in cases {
            let r = try lab(["merge"] + folders + out)
            #expect(r.status == 2 && r.output.contains(message) && r.output.split(separator: "\n").count == 1, "\(folders): \(r.output)")
        }
        let cells = dir("s2").appendingPathComponent("cells.csv")
        let rows = try String(contentsOf: cells, encoding: .utf8).split(separator: "\n")
        try (rows.dropLast().joined(separator: "\n") + "\n").write(to: cells, atomically: true, encoding: .utf8)
        let missing = try lab(["merge", dir("s1").path, dir("s2").path] + out)
        #expect(missing.status == 2 && missing.output.contains("is missing or incomplete"), "\(missing.output)")
        try (rows.joined(separator: "\n") + "\n" + rows[1] + "\n").write(to: cells, atomically: true, encoding: .utf8)
        let twice = try lab(["merge", dir("s1").path, dir("s2").path] + out)
        #expect(twice.status == 2 && twice.output.contains("is also in"), "\(twice.output)")
        let partial = try lab(["merge", dir("s1").path, "--partial"] + out)
        #expect(partial.status == 0 && partial.output.contains("missing shards 2/2; units 30 of 60"), "\(partial.output)")
        #expect(FileManager.default.fileExists(atPath: dir("m").appendingPathComponent("fit.json").path))
    }

    @Test func shardIsOnlyForSweepsAndMustBeKOfN() throws {
        let dir = folder("bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        let notSweep = try lab(["run", "reflow-mixture", "--shard", "1/2", "--out", dir.path])
        #expect(notSweep.status == 2 && notSweep.output.contains("is not a sweep"), "\(notSweep.output)")
        for bad in ["3/2", "0/2", "2", "a/b", "1/0"] {
            let r = try lab(["run", "mup", "--shard", bad, "--out", dir.path])
            #expect(r.status == 2 && r.output.contains("expected K/N"), "\(bad): \(r.output)")
        }
    }
}
