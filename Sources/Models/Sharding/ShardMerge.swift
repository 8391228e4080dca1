import Foundation

/// A shard's folder as a merge reads it: its record and its cells.csv rows.
public struct ShardFolder {
    public let url: URL
    public let record: ShardRecord
}

/// The checks of `lab merge`: the folders are shards of one sweep (same preset and settings hash, one split, each
/// shard once, each complete), and together they hold every unit exactly once (shared units may repeat, identically).
/// Every refusal is one line naming the folder (and file and line) at fault.
public enum ShardMerge {
    /// Reads each folder's shard.json and checks that they belong to one split of one sweep. Returns the folders and
    /// the shards of the split none of them is.
    public static func folders(_ urls: [URL], partial: Bool) throws -> (folders: [ShardFolder], missingShards: [Int]) {
        guard !urls.isEmpty else { throw ConfigError("lab merge: give the shard folders to merge") }
        let folders = try urls.map { url in
            guard let r = try ShardRecord.read(in: url) else {
                throw ConfigError("\(url.path): no \(ShardRecord.file) here: not a folder of `lab run SWEEP --shard K/N --out DIR`")
            }
            return ShardFolder(url: url, record: r)
        }
        let first = folders[0]
        var seen: [Int: URL] = [:]
        for f in folders {
            let a = first.record, b = f.record
            guard b.identity.preset == a.identity.preset, b.identity.experiment == a.identity.experiment else {
                throw ConfigError("\(f.url.path): a shard of '\(b.identity.preset)', but \(first.url.path) is a shard of '\(a.identity.preset)'")
            }
            guard b.identity.hash == a.identity.hash else {
                throw ConfigError("\(f.url.path): a shard of '\(b.identity.preset)' with other settings than \(first.url.path) (\(difference(a.identity.settings, b.identity.settings)))")
            }
            guard b.shard.n == a.shard.n else {
                throw ConfigError("\(f.url.path): shard \(b.shard.label), but \(first.url.path) is shard \(a.shard.label): the shards of one split share N")
            }
            if let other = seen[b.shard.k] {
                throw ConfigError("\(f.url.path): shard \(b.shard.label) is given twice (also \(other.path))")
            }
            seen[b.shard.k] = f.url
            if !partial, !b.isComplete {
                let what = b.unitsDone < b.unitsOwned ? "holds \(b.unitsDone) of its \(b.unitsOwned) units" : "has not written parts.json"
                throw ConfigError("\(f.url.path): shard \(b.shard.label) \(what); finish it with the same `lab run … --shard` command, or merge --partial")
            }
        }
        let missing = (1...first.record.shard.n).filter { seen[$0] == nil }
        if !partial, let k = missing.first {
            throw ConfigError("shard \(k)/\(first.record.shard.n) is missing (given: \(seen.keys.sorted().map { "\($0)/\(first.record.shard.n)" }.joined(separator: ", "))); merge --partial fits what is there")
        }
        return (folders, missing)
    }

    /// The cells of every folder's complete units, checked: no cut-short row, no cell twice (a shared unit's cells may
    /// repeat with identical rows, and one copy is kept), and, unless `partial`, every unit present. Returns the
    /// results and the units missing.
    public static func results<U: SweepUnits>(_ units: U, _ folders: [ShardFolder], partial: Bool) throws -> (results: [U.Result], missingUnits: [Int]) {
        var kept: [String: (place: String, row: String)] = [:]
        var results: [U.Result] = []
        var complete = Set<Int>()
        let shared = Set(units.sharedUnits)
        for f in folders {
            let file = f.url.appendingPathComponent(CellLog.file).path
            guard let read = try CellLog.read(in: f.url, header: units.header) else {
                throw ConfigError("\(file): missing: shard \(f.record.shard.label) has no cells")
            }
            if read.partial, !partial {
                throw ConfigError("\(file):\(read.rows.count + 2): a truncated row (cut short by a kill); resume the shard with the same command first")
            }
            let decoded = try units.decode(read.rows, file: file)
            let done = units.completedUnits(decoded.map(\.result))
            if !partial, let u = f.record.shard.units(of: units.unitCount).first(where: { !done.contains($0) }) {
                throw ConfigError("\(file): unit \(u) of shard \(f.record.shard.label) is missing or incomplete")
            }
            for (line, r) in decoded where done.contains(units.unit(of: r)) {
                let key = units.cellKey(r), row = units.row(r), place = "\(file):\(line)"
                if let before = kept[key] {
                    guard shared.contains(units.unit(of: r)), before.row == row else {
                        throw ConfigError("\(place): cell \(key) is also in \(before.place)")
                    }
                    continue
                }
                kept[key] = (place, row)
                results.append(r)
            }
            complete.formUnion(done)
        }
        if let why = units.inconsistency(results) { throw ConfigError("\(folders.map(\.url.lastPathComponent).joined(separator: ", ")): \(why)") }
        let missing = (0..<units.unitCount).filter { !complete.contains($0) }
        if !partial, let u = missing.first {
            throw ConfigError("unit \(u) of \(units.unitCount) is in no shard (\(missing.count) missing); merge --partial fits what is there")
        }
        return (results, missing)
    }


    /// The first line where two settings texts differ, as "a vs b".
    static func difference(_ a: String, _ b: String) -> String {
        let la = a.split(separator: "\n"), lb = b.split(separator: "\n")
        for i in 0..<max(la.count, lb.count) {
            let x = i < la.count ? String(la[i]) : "(none)", y = i < lb.count ? String(lb[i]) : "(none)"
            if x != y { return "\(ConfigError.printable(y)) vs \(ConfigError.printable(x))" }
        }
        return "the settings hashes differ"
    }
}
