import Foundation

/// One scheme at one depth: peak activation memory, step time, and the gradient's distance from storing everything.
public struct CheckpointMeasurement: Sendable, Equatable {
    public var layers: Int
    public var scheme: CheckpointScheme
    public var peakBytes: Int
    /// Best of `repeats` forward + backward passes, seconds.
    public var seconds: Double
    /// ‖g − g_all‖/‖g_all‖ over every parameter.
    public var gradientError: Double
    /// Layer passes per step (L forward + L backward, plus the recomputed forwards).
    public var layerPasses: Int

    public init(layers: Int, scheme: CheckpointScheme, peakBytes: Int, seconds: Double, gradientError: Double, layerPasses: Int) {
        self.layers = layers
        self.scheme = scheme
        self.peakBytes = peakBytes
        self.seconds = seconds
        self.gradientError = gradientError
        self.layerPasses = layerPasses
    }
}

/// The study behind the `checkpointing` preset: each depth under each scheme, on the same weights and batch.
public struct CheckpointStudy: Sendable {
    public var depths = [16, 32, 64]
    public var width = 128
    public var batch = 256
    public var repeats = 5
    public var seed: UInt64 = 0

    public init() {}

    /// Every depth and scheme; a raised `cancel` stops it after the pass under way and returns what is measured.
    public func run(cancel: CancelFlag? = nil, progress: (String) -> Void = { _ in }) -> [CheckpointMeasurement] {
        var out: [CheckpointMeasurement] = []
        let cancelled = { cancel?.isCancelled ?? false }
        for L in depths where !cancelled() {
            let net = CheckpointedMLP(layers: L, width: width, seed: seed)
            var rng = RNG(seed: seed, stream: 4)
            var x = Matrix(rows: batch, cols: width)
            rng.fillNormal(&x)
            net.lossAndGradient(x, scheme: .all)
            let reference = net.parameters.flatMap(\.grad.data)
            let norm = reference.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
            for scheme in CheckpointScheme.allCases where !cancelled() {
                progress("L = \(L), \(scheme.rawValue)")
                var best = Double.infinity
                for _ in 0..<repeats where !cancelled() {
                    let t0 = Clock.now()
                    net.lossAndGradient(x, scheme: scheme)
                    best = min(best, Clock.now() - t0)
                }
                let g = net.parameters.flatMap(\.grad.data)
                let err = zip(g, reference).reduce(0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }.squareRoot() / max(norm, 1e-30)
                out.append(CheckpointMeasurement(layers: L, scheme: scheme, peakBytes: 4 * net.peakFloats, seconds: best,
                                                 gradientError: err, layerPasses: Self.layerPasses(L, scheme, segment: net.segment(scheme))))
            }
        }
        return out
    }

    /// 2L for storing everything; + L − ⌈L/s⌉ recomputed forwards for segments of s; + L(L − 1)/2 for `none`.
    public static func layerPasses(_ L: Int, _ scheme: CheckpointScheme, segment s: Int) -> Int {
        switch scheme {
        case .all: 2 * L
        case .sqrt: 2 * L + (L - (L + s - 1) / s)
        case .none: 2 * L + L * (L - 1) / 2
        }
    }

    /// checkpointing.csv: one row per depth and scheme.
    public static func csv(_ m: [CheckpointMeasurement]) -> String {
        "layers,scheme,peak_bytes,seconds,gradient_error,layer_passes\n" + m.map {
            "\($0.layers),\($0.scheme.rawValue),\($0.peakBytes),\(formatNumber($0.seconds)),\(formatNumber($0.gradientError)),\($0.layerPasses)"
        }.joined(separator: "\n") + "\n"
    }

    /// summary.json: per depth, each scheme's memory and time against storing everything, the √L bound, the
    /// largest gradient difference.
    public static func summary(_ m: [CheckpointMeasurement], study: CheckpointStudy) -> JSONObject {
        var j = JSONObject()
        j.set("width", study.width)
        j.set("batch", study.batch)
        j.set("seed", Int(study.seed))
        j.set("max_gradient_error", m.map(\.gradientError).max() ?? 0)
        for L in study.depths {
            let rows = m.filter { $0.layers == L }
            guard let all = rows.first(where: { $0.scheme == .all }) else { continue }
            var d = JSONObject()
            for r in rows {
                var o = JSONObject()
                o.set("peak_bytes", r.peakBytes)
                o.set("memory_vs_all", Double(r.peakBytes) / Double(all.peakBytes))
                o.set("seconds", r.seconds)
                o.set("time_vs_all", r.seconds / all.seconds)
                o.set("layer_passes", r.layerPasses)
                o.set("gradient_error", r.gradientError)
                d.set(r.scheme.rawValue, object: o)
            }
            d.set("sqrt_bound", 2.5 * Double(L).squareRoot() / Double(L))
            j.set("L\(L)", object: d)
        }
        return j
    }
}

/// The study's settings, each bound to its preset key once.
extension CheckpointStudy: PresetSettings {
    public static let settings: [Setting<CheckpointStudy>] = [
        .intList("depths", \.depths, 2...512, maxCount: 8, "numbers of layers L"),
        .int("width", \.width, 1...4096, "units per layer"),
        .int("batch", \.batch, 1...65_536, "rows per step"),
        .int("repeats", \.repeats, 1...1000, "timed steps per scheme (the best counts)"),
    ]

    public init(preset p: Preset) {
        self.init(reading: p)
        seed = p.seed
    }
}

extension ExperimentKind {
    public static let checkpointing = ExperimentKind("checkpointing")
}

/// Gradient checkpointing: activation memory against recomputation, measured once.
extension ExperimentFamily {
    public static let checkpointing = ExperimentFamily("memory", [Member(.checkpointing, keys: CheckpointStudy.keys, runs: .study)])
}
