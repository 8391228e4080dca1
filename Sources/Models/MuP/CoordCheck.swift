import Foundation

/// The coordinate check of mup/coord_check.py: train each width for a few steps at a large LR on one fixed batch and
/// record the mean |z| of every layer's output before each step (t = 0 is the initialisation, t = 1 after one step),
/// averaged over seeds. Under muP the curves against width stay flat; under SP they grow with width.
public struct CoordCheck: Sendable, Equatable, Codable {
    public let widths: [Int]
    public let steps: Int
    /// "h1", "h2", …, "out": the outputs of the input layer, the hidden layers and the readout (logits).
    public let layers: [String]
    /// values[parametrisation][t][layer][width]
    public let values: [Parametrization: [[[Double]]]]
    /// Traces whose loss became non-finite (`DivergenceRule`), e.g. "sp width 2048 seed 1 at step 2": reported in
    /// fit.json, as their later values are not measurements.
    public let diverged: [String]

    public init(widths: [Int], steps: Int, layers: [String], values: [Parametrization: [[[Double]]]], diverged: [String] = []) {
        self.widths = widths
        self.steps = steps
        self.layers = layers
        self.values = values
        self.diverged = diverged
    }

    /// Runs the check for both parametrisations (`cancel` stops it between widths: nil).
    public static func run(_ c: MuPConfig, data: SpiralClasses, cancel: CancelFlag? = nil) -> CoordCheck? {
        let layerCount = c.hiddenLayers + 1
        let names = (1...c.hiddenLayers).map { "h\($0)" } + ["out"]
        var values: [Parametrization: [[[Double]]]] = [:]
        var diverged: [String] = []
        for p in MuPGrid.parametrizations {
            var v = Array(repeating: Array(repeating: Array(repeating: 0.0, count: c.coordWidths.count), count: layerCount), count: c.coordSteps)
            for (wi, width) in c.coordWidths.enumerated() {
                if cancel?.isCancelled == true { return nil }
                for s in 0..<c.coordSeeds {
                    let (rows, divergedAt) = trace(c, p, width: width, seed: s, data: data)
                    for (t, row) in rows.enumerated() {
                        for l in 0..<layerCount { v[t][l][wi] += row[l] / Double(c.coordSeeds) }
                    }
                    if let t = divergedAt { diverged.append("\(p.rawValue) width \(width) seed \(s) at step \(t)") }
                }
            }
            values[p] = v
        }
        return CoordCheck(widths: c.coordWidths, steps: c.coordSteps, layers: names, values: values, diverged: diverged)
    }

    /// Mean |z| per layer before each of `coordSteps` Adam steps on the first `batch` points of a fixed shuffle
    /// (coord_check's fix_data: the same batch every step), and the first step whose loss was not finite, if any.
    static func trace(_ c: MuPConfig, _ p: Parametrization, width: Int, seed: Int, data: SpiralClasses) -> ([[Double]], Int?) {
        let net = c.net(p, width: width, seed: seed)
        let adam = c.adam(lr: c.coordLR)
        net.prepare(batch: c.batch)
        var labels: [Int32] = []
        var rng = RNG(seed: c.seed &+ UInt64(seed), stream: 0xC00D)
        data.fill(x: &net.input, labels: &labels, rng: &rng)
        var out: [[Double]] = []
        var divergedAt: Int?
        for t in 0..<c.coordSteps {
            net.forward()
            out.append(net.meanAbsOutputs)
            if !net.backward(labels: labels).isFinite, divergedAt == nil { divergedAt = t }
            net.step(adam)
        }
        return (out, divergedAt)
    }

    /// The value at width `w1` over the value at width `w0` for one layer after `t` steps (SP grows, muP stays near 1).
    public func growth(_ p: Parametrization, layer: String, t: Int, from w0: Int, to w1: Int) -> Double? {
        guard let l = layers.firstIndex(of: layer), t < steps, let i0 = widths.firstIndex(of: w0), let i1 = widths.firstIndex(of: w1),
              let v = values[p]?[t][l], v[i0] > 0 else { return nil }
        return v[i1] / v[i0]
    }

    /// fit.json's coordinate check: the mean |z| of each layer per step against width, and the growth ratios.
    public var json: JSONObject {
        var o = JSONObject()
        o.set("widths", widths.map(Double.init))
        o.set("steps", steps)
        o.set("diverged", raw: "[" + diverged.map { "\"\($0)\"" }.joined(separator: ", ") + "]")
        for p in MuPGrid.parametrizations {
            var j = JSONObject()
            for (l, name) in layers.enumerated() {
                var layer = JSONObject()
                for t in 0..<steps { layer.set("t\(t)", values[p]![t][l]) }
                j.set(name, object: layer)
            }
            o.set(p.rawValue, object: j)
        }
        return o
    }
}
