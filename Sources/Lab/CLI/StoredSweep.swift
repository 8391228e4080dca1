import Foundation
import Models

/// A finished sweep's folder read back for the dashboard (`lab SWEEP --from DIR`): an unsharded run's `--out` or a
/// merge's. Its settings come from its shard.json, so the heatmaps and laws are those of the sweep that ran.
enum StoredSweep {
    case cells([SweepResult], GradientNoise?)
    case curves([MuPResult], CoordCheck?)

    /// The sweep's preset and its cells; a single shard of a split, a folder of another kind or a damaged one is a
    /// one-line error.
    static func load(_ path: String) throws -> (Preset, StoredSweep) {
        let url = URL(fileURLWithPath: path)
        let folders = try ShardMerge.folders([url], partial: true).folders
        let record = folders[0].record
        guard record.shard.n == 1 else {
            throw ConfigError("--from \(path): shard \(record.shard.label) of a split sweep; merge its shards first (lab merge DIR… --out DIR) and open that")
        }
        let p = try record.identity.preset(source: url.appendingPathComponent(ShardRecord.file).path)
        let parts = try SweepParts.read(in: url)
        switch Families.headless(p) {
        case .sweep:
            let c = ScalingConfig(preset: p)
            let units = CellSweepUnits(config: c)
            return (p, .cells(try ShardMerge.results(units, folders, partial: true).results, parts?.noise))
        case .mup:
            return (p, .curves(try ShardMerge.results(MuPSweepUnits(MuPConfig(preset: p)), folders, partial: true).results, parts?.coordCheck))
        default:
            throw ConfigError("--from \(path): '\(p.name)' is not a sweep")
        }
    }
}

extension PoolSession {
    /// Shows stored results as if the pool had just run them (no training): one unit that hands them all over, and
    /// the extra value from `extra` (stored, or computed when the folder has none).
    func show(_ results: [Result], extra: @escaping @Sendable () -> Extra) where Result: Sendable, Extra: Sendable {
        start(CellPool(count: 1, threads: 1) { { _, _, emit in results.forEach(emit); return true } }) { _ in extra() }
    }
}
