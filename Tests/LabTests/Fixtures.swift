import Foundation
@testable import Lab

/// Deterministic data shaped like what the lab shows: loss curves, 2D samples with ODE paths, expert loads, sweeps.
enum Fixtures {
    /// Smooth pseudo-noise in [-1, 1] without a random generator, so snapshots are stable.
    static func wobble(_ i: Int) -> Double { sin(Double(i) * 12.9898) * 0.6 + sin(Double(i) * 0.7) * 0.4 }

    static func trainLoss(steps: Int = 1000) -> [(x: Double, y: Double)] {
        (0..<steps).map { i in
            let x = Double(i)
            let base = 2.3 * exp(-x / 180) + 0.08 - (i >= 600 ? 0.03 * (1 - exp(-(x - 600) / 80)) : 0)
            return (x, base * (1 + 0.08 * wobble(i)))
        }
    }

    static func valLoss(steps: Int = 1000) -> [(x: Double, y: Double)] {
        stride(from: 0, to: steps, by: 50).map { i in
            let x = Double(i)
            return (x, 2.3 * exp(-x / 200) + 0.12)
        }
    }

    static func lossChart(_ scale: LineChart.Scale, glyphs: GlyphMode = .braille) -> LineChart {
        LineChart(
            title: scale == .log ? "loss (log)" : "loss",
            series: [
                .init(name: "train", points: trainLoss(), index: 0),
                .init(name: "val", points: valLoss(), index: 1, priority: 1),
            ],
            markers: [.init(x: 600, label: "Muon")],
            yScale: scale,
            glyphs: glyphs
        )
    }

    /// A ring of 300 data points.
    static func ring() -> [(x: Double, y: Double)] {
        (0..<300).map { i in
            let t = Double(i) / 300 * 2 * Double.pi
            let r = 1 + 0.08 * wobble(i)
            return (r * cos(t), r * sin(t))
        }
    }

    /// Paths from a small blob near the origin spiralling out to the ring; their ends are the samples.
    static func trajectories(count: Int = 10, steps: Int = 12) -> [[(x: Double, y: Double)]] {
        (0..<count).map { k in
            let a0 = Double(k) / Double(count) * 2 * Double.pi
            let r0 = 0.15 + 0.05 * wobble(k)
            return (0...steps).map { s in
                let t = Double(s) / Double(steps)
                let r = r0 + (1 - r0) * t
                let a = a0 + 0.9 * t
                return (r * cos(a), r * sin(a))
            }
        }
    }

    static func scatter(glyphs: GlyphMode = .braille) -> ScatterPlot {
        let paths = trajectories()
        return ScatterPlot(
            title: "flow matching samples",
            layers: [.data(ring()), .trajectories(paths), .samples(paths.map { $0.last! })],
            bounds: (x: -1.5...1.5, y: -1.5...1.5),
            equalAspect: true,
            glyphs: glyphs
        )
    }

    static func expertLoad(glyphs: GlyphMode = .braille) -> BarChart {
        let load = [0.21, 0.09, 0.14, 0.05, 0.125, 0.18, 0.11, 0.095]
        return BarChart(
            title: "expert load",
            bars: load.enumerated().map { .init(label: "e\($0.offset)", value: $0.element, style: $0.element > 0.125 * 1.4 ? .warning : .series(0)) },
            reference: 0.125,
            glyphs: glyphs
        )
    }

    static func sweep(glyphs: GlyphMode = .braille) -> Heatmap {
        let lrs = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2]
        let batches = [16, 32, 64, 128, 256, 512]
        let values = lrs.enumerated().map { (i, _) in
            batches.enumerated().map { (j, _) -> Double in
                if i == 4 && j == 0 { return .nan }
                let d = Double(i - 2) * Double(i - 2) + 0.5 * Double(j - 3) * Double(j - 3)
                return 0.1 + 0.08 * d
            }
        }
        return Heatmap(title: "final loss: lr × batch", values: values, rowLabels: lrs.map { NumberFormat.compact($0) }, columnLabels: batches.map(String.init), glyphs: glyphs)
    }

    static let hints: [StatusBar.Hint] = [.init("space", "pause"), .init("m", "Muon"), .init("tab", "focus"), .init("?", "help", pinned: true), .init("q", "quit", pinned: true)]

    static let keys: [(key: String, description: String)] = [
        ("space", "pause / resume training"), ("m", "switch optimizer to Muon"), ("l", "toggle log scale"),
        ("tab", "focus next pane"), ("r", "reset run"), ("q", "quit"),
    ]
}
