import ArgumentParser
import Foundation
import Models

/// `lab merge DIR… --out DIR`: the shards of one sweep (`lab run SWEEP --shard K/N`) into the sweep.csv and fit.json an
/// unsharded run writes, number for number. Folders of another sweep, a shard given twice or missing, a cell missing,
/// duplicated or cut short are one-line errors (exit 2); `--partial` fits what is there and says what is missing.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge", abstract: "Merge the shard folders of one sweep into its sweep.csv and fit.json.")

    @Argument(help: "The shard folders (each written by `lab run SWEEP --shard K/N --out DIR`).")
    var folders: [String] = []

    @Option(help: "Output folder for sweep.csv and fit.json.")
    var out: String

    @Flag(help: "Fit the shards and units that are there, and say what is missing, instead of refusing.")
    var partial = false

    func run() throws {
        let urls = folders.map { URL(fileURLWithPath: $0) }
        let (shards, missingShards) = try ShardMerge.folders(urls, partial: partial)
        let record = shards[0].record
        let p = try record.identity.preset(source: shards[0].url.appendingPathComponent(ShardRecord.file).path)
        let outDir = URL(fileURLWithPath: out)
        try createDirectory(outDir)
        let parts = try shards.first { $0.record.shard.k == 1 }.flatMap { try SweepParts.read(in: $0.url) }
        let records = shards.map(\.record)
        let missing: [Int], total: Int
        switch Families.headless(p) {
        case .sweep:
            let config = ScalingConfig(preset: p)
            let units = CellSweepUnits(config: config)
            let merged = try ShardMerge.results(units, shards, partial: partial)
            (missing, total) = (merged.missingUnits, units.unitCount)
            try RunCommand.finishSweep(p, results: merged.results, parts: parts, records: records, outDir: outDir)
            try writeWhole(units, merged.results, records: records, parts: parts, outDir: outDir)
        case .mup:
            let units = MuPSweepUnits(MuPConfig(preset: p))
            let merged = try ShardMerge.results(units, shards, partial: partial)
            (missing, total) = (merged.missingUnits, units.unitCount)
            try RunCommand.finishMuP(p, results: merged.results, parts: parts, records: records, outDir: outDir)
            try writeWhole(units, merged.results, records: records, parts: parts, outDir: outDir)
        default:
            throw ConfigError("\(shards[0].url.path): '\(p.name)' is not a sweep")
        }
        let partsMissing = !(shards.first { $0.record.shard.k == 1 }?.record.partsDone ?? false)
        if partial, !missingShards.isEmpty || !missing.isEmpty || partsMissing {
            let what = (missingShards.isEmpty ? [] : ["shards " + missingShards.map { "\($0)/\(record.shard.n)" }.joined(separator: ", ")])
                + (missing.isEmpty ? [] : ["units \(missing.count) of \(total) (" + missing.prefix(8).map(String.init).joined(separator: ", ") + (missing.count > 8 ? ", …" : "") + ")"])
                + (partsMissing ? ["parts.json (shard 1's coordinate check / noise scale)"] : [])
            print("lab merge --partial: fitted what is there; missing \(what.joined(separator: "; "))")
        }
    }

    /// The merged cells as one whole sweep's folder (cells.csv, shard.json as shard 1/1, parts.json), as an unsharded
    /// run leaves it: `lab SWEEP --from DIR` opens it, and it can be merged again.
    private func writeWhole<U: SweepUnits>(_ units: U, _ results: [U.Result], records: [ShardRecord], parts: SweepParts?, outDir: URL) throws {
        _ = try CellLog(folder: outDir, header: units.header, keeping: results.map(units.row))
        var whole = ShardRecord(identity: records[0].identity, shard: .whole, unitsOwned: units.unitCount)
        whole.unitsDone = units.completedUnits(results).count
        whole.partsDone = parts != nil || records.allSatisfy(\.partsDone)
        whole.seconds = records.reduce(0) { $0 + $1.seconds }
        whole.cpuSeconds = records.reduce(0) { $0 + $1.cpuSeconds }
        whole.threads = records.map(\.threads).max() ?? 0
        try parts?.write(in: outDir)
        try whole.write(in: outDir)
    }
}
