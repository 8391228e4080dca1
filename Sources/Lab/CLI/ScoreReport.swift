import Foundation
import Models

/// What `lab score` prints: each measure, its floor where it has one, and the median of the fresh true draws.
struct ScoreReport {
    var file: String
    var dataset: Dataset
    var reference: QualityReference
    var quality: SampleQuality
    var floors: QualityFloors
    var timing: Timing?

    /// One line of explanation per measure, so a table reads without the docs.
    static let meaning: [String: String] = [
        "kl": "KL(samples ‖ data), nats: headline",
        "cross_entropy": "mean −log p_data(samples)",
        "excess_nll": "CE − H; rewards over-sharpening",
        "precision_2sd": "within 2 std of a centre",
        "mode_kl": "KL(mode shares ‖ weights)",
        "knn_precision": "samples in data's 3-NN balls",
        "knn_recall": "data in samples' 3-NN balls",
        "mmd": "MMD², 4 RBF bandwidths",
        "swd": "sliced W1, 64 directions",
    ]

    /// Median over the fresh draws of a measure named `name`.
    func freshMedian(_ name: String) -> Double? {
        let values = floors.fresh.compactMap { q in q.scalars().first { $0.name == name }?.value }.sorted()
        guard !values.isEmpty else { return nil }
        return (values[(values.count - 1) / 2] + values[values.count / 2]) / 2
    }

    private var measures: [(name: String, value: Double, floor: Double?)] {
        let all = quality.scalars()
        let value = Dictionary(all.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        return all.filter { !$0.name.hasSuffix("_floor") }.map { ($0.name, $0.value, value[$0.name + "_floor"]) }
    }

    func text() -> String {
        var lines = ["\(file): \(quality.count) points",
                     "reference: \(reference.points.count / 2) fresh points of \(dataset.label), seed \(reference.seed)"]
        if let h = reference.entropy {
            lines.append("H(p_data) = \(Self.short(h.nats)) ± \(Self.short(h.standardError)) nats (Monte Carlo, \(h.count) points)")
        } else {
            lines.append("\(dataset.label) has no finite density: kl, cross_entropy and excess_nll do not apply")
        }
        lines.append("")
        lines.append(Self.row("measure", "value", "floor", "true data", ""))
        for m in measures {
            lines.append(Self.row(m.name, Self.short(m.value), m.floor.map(Self.short) ?? "", freshMedian(m.name).map(Self.short) ?? "",
                                  Self.meaning[m.name] ?? ""))
        }
        if let shares = quality.modeShares {
            lines.append(Self.pad(SampleQuality.modeSharesName, 14) + shares.map { String(format: "%.3f", $0) }.joined(separator: " "))
        }
        lines.append("")
        lines.append("floor: 95th percentile of \(floors.fresh.count) fresh true draws of \(quality.count) points")
        lines.append("true data: their median")
        if let t = timing {
            lines.append(String(format: "time: reference %.1f ms, floors %.1f ms, measure %.2f ms (best of 10; median %.2f ms)",
                                1000 * t.reference, 1000 * t.floors, 1000 * t.measure.best, 1000 * t.measure.median))
        }
        return lines.joined(separator: "\n")
    }

    func json() -> String {
        var o = JSONObject()
        o.set("file", file)
        o.set("dataset", dataset.rawValue)
        o.set("n", quality.count)
        o.set("reference_count", reference.points.count / 2)
        o.set("seed", Int(reference.seed))
        if let h = reference.entropy {
            o.set("entropy", h.nats)
            o.set("entropy_se", h.standardError)
        }
        for (name, value) in quality.scalars() { o.set(name, value) }
        if let shares = quality.modeShares {
            o.set(SampleQuality.modeSharesName, shares)
        }
        var fresh = JSONObject()
        for m in measures { if let v = freshMedian(m.name) { fresh.set(m.name, v) } }
        o.set("true_data_median", object: fresh)
        if let t = timing {
            var tj = JSONObject()
            tj.set("reference_ms", 1000 * t.reference)
            tj.set("floors_ms", 1000 * t.floors)
            tj.set("measure_ms_best", 1000 * t.measure.best)
            tj.set("measure_ms_median", 1000 * t.measure.median)
            o.set("time", object: tj)
        }
        return o.text()
    }

    /// Shortest round-trip decimal form (Swift's own), null where JSON has no number.

    /// Four significant digits for the table.
    static func short(_ v: Double) -> String { v.isFinite ? String(format: "%.4g", v) : "\(v)" }

    private static func row(_ a: String, _ b: String, _ c: String, _ d: String, _ e: String) -> String {
        (pad(a, 14) + pad(b, 11) + pad(c, 10) + pad(d, 11) + e).trimmingCharacters(in: .whitespaces)
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }
}
