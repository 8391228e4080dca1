import Foundation
import Testing
@testable import Models

/// A Double forward pass of a MuMLP on one example (tanh hidden layers, the readout's input × its multiplier), for
/// finite differences: the cross-entropy of `label`.
private func referenceLoss(_ net: MuMLP, x: [Double], label: Int, override: (Int, Int, Double)? = nil) -> Double {
    let params = net.parameters
    func value(_ p: Int, _ i: Int) -> Double {
        if let (op, oi, v) = override, op == p, oi == i { return v }
        return Double(params[p].value.data[i])
    }
    var h = x
    for (li, layer) in net.layers.enumerated() {
        let last = li == net.layers.count - 1
        let input = last ? h.map { $0 * Double(net.rules.readoutInputMultiplier) } : h
        h = (0..<layer.outFeatures).map { o in
            var s = value(2 * li + 1, o)
            for k in 0..<layer.inFeatures { s += value(2 * li, o * layer.inFeatures + k) * input[k] }
            return last ? s : tanh(s)
        }
    }
    let m = h.max()!
    return log(h.reduce(0) { $0 + exp($1 - m) }) + m - h[label]
}

@Suite struct MuPRuleTests {
    /// microsoft/mup's rules at width 256 over base 64 (width_mult 4): MuAdam divides only the hidden n×n weight's LR;
    /// rescale_linear_bias scales the hidden bias by √fanin_mult; MuReadout scales its weight and bias by √width_mult
    /// and divides its input by width_mult. SP changes nothing.
    @Test func multipliersFollowTheRules() {
        let mup = MuPRules(.mup, width: 256, baseWidth: 64)
        #expect(mup.widthMult == 4)
        #expect(mup.lrMultiplier(.input, bias: false) == 1 && mup.lrMultiplier(.input, bias: true) == 1)
        #expect(mup.lrMultiplier(.hidden, bias: false) == 0.25 && mup.lrMultiplier(.hidden, bias: true) == 1)
        #expect(mup.lrMultiplier(.readout, bias: false) == 1 && mup.lrMultiplier(.readout, bias: true) == 1)
        #expect(mup.initMultiplier(.input, bias: false) == 1 && mup.initMultiplier(.input, bias: true) == 1)
        #expect(mup.initMultiplier(.hidden, bias: false) == 1 && mup.initMultiplier(.hidden, bias: true) == 2)
        #expect(mup.initMultiplier(.readout, bias: false) == 2 && mup.initMultiplier(.readout, bias: true) == 2)
        #expect(mup.readoutInputMultiplier == 0.25)
        let zero = MuPRules(.mup, width: 256, baseWidth: 64, readoutZeroInit: true)
        #expect(zero.initMultiplier(.readout, bias: false) == 0 && zero.initMultiplier(.readout, bias: true) == 0)
        let sp = MuPRules(.sp, width: 256, baseWidth: 64, readoutZeroInit: true)
        for layer in [MuLayer.input, .hidden, .readout] {
            for bias in [false, true] { #expect(sp.lrMultiplier(layer, bias: bias) == 1 && sp.initMultiplier(layer, bias: bias) == 1) }
        }
        #expect(sp.readoutInputMultiplier == 1)
    }

    /// The nets draw PyTorch's init once; muP then rescales exactly the parameters the rules name.
    @Test func muPInitIsTheSPInitRescaled() {
        var c = MuPConfig()
        c.baseWidth = 16
        let sp = c.net(.sp, width: 64, seed: 3), mup = c.net(.mup, width: 64, seed: 3)
        let expected: [Float] = [1, 1, 1, 2, 2, 2]
        for (i, (a, b)) in zip(sp.parameters, mup.parameters).enumerated() {
            #expect(a.value.maxAbsDifference(Matrix(rows: b.value.rows, cols: b.value.cols, data: b.value.data.map { $0 / expected[i] })) < 1e-7, "\(a.name)")
        }
        let bound = 1 / Float(64).squareRoot()
        #expect(sp.layers[1].weight.value.data.allSatisfy { abs($0) <= bound }, "PyTorch's U(±1/√fan_in)")
    }

    /// Adam's first step moves every weight by lr·g/(|g| + ε) ≈ lr: muP's hidden n×n weight moves lr/width_mult.
    @Test func oneAdamStepUsesThePerLayerLRs() {
        var c = MuPConfig()
        c.baseWidth = 8
        let net = c.net(.mup, width: 32, seed: 0)
        let data = SpiralClasses(perClass: 50, seed: 0)
        net.prepare(batch: 64)
        var labels: [Int32] = []
        var rng = RNG(seed: 1)
        data.fill(x: &net.input, labels: &labels, rng: &rng)
        net.forward()
        _ = net.backward(labels: labels)
        let before = net.parameters.map(\.value)
        net.step(c.adam(lr: 0.01))
        let expected: [Float] = [0.01, 0.01, 0.0025, 0.01, 0.01, 0.01]
        for (i, p) in net.parameters.enumerated() {
            let moves = zip(p.value.data, before[i].data).enumerated().filter { abs(p.grad.data[$0.offset]) > 1e-5 }.map { abs($0.element.0 - $0.element.1) }
            #expect(!moves.isEmpty && moves.allSatisfy { abs($0 - expected[i]) < 0.01 * expected[i] }, "\(p.name)")
        }
    }

    /// At the base width every multiplier is 1: muP and SP are the same run, bit for bit.
    @Test func atTheBaseWidthMuPIsSP() {
        var c = MuPConfig()
        c.steps = 20
        c.spiral.perClass = 100
        let w = MuPWorker(config: c, data: c.data)
        let cell = { (p: Parametrization) in MuPCell(parametrization: p, widthIndex: 0, lrIndex: 0, seed: 0, width: c.baseWidth, log2LR: -5) }
        let sp = w.run(cell(.sp)), mup = w.run(cell(.mup))
        #expect(sp != nil && sp == mup)
        let wide = { (p: Parametrization) in MuPCell(parametrization: p, widthIndex: 0, lrIndex: 0, seed: 0, width: 2 * c.baseWidth, log2LR: -5) }
        #expect(w.run(wide(.sp)) != w.run(wide(.mup)), "away from the base width they differ")
    }

    /// Backward against central differences of an independent Double forward pass, with muP's readout multiplier in play.
    @Test func backwardMatchesCentralDifferences() {
        var rng = RNG(seed: 5)
        let net = MuMLP(hidden: [6, 5], rules: MuPRules(.mup, width: 6, baseWidth: 2), rng: &rng)
        net.prepare(batch: 1)
        net.input.data = [0.3, -0.7]
        net.forward()
        _ = net.backward(labels: [2])
        let x = [0.3, -0.7], h = 1e-4
        var worst = 0.0
        for (pi, p) in net.parameters.enumerated() {
            for i in 0..<p.count {
                let v = Double(p.value.data[i])
                let numeric = (referenceLoss(net, x: x, label: 2, override: (pi, i, v + h)) - referenceLoss(net, x: x, label: 2, override: (pi, i, v - h))) / (2 * h)
                worst = max(worst, abs(numeric - Double(p.grad.data[i])) / max(1e-3, abs(numeric) + abs(Double(p.grad.data[i]))))
            }
        }
        #expect(worst < 1e-2, "worst relative gradient error \(worst)")
    }

    /// "The output shrinks ∝ 1/√n at init under muP": ×4 width halves the readout's W·x/width_mult term (its bias,
    /// rescaled to U(±1/8) at every width, does not shrink); SP keeps the term O(1).
    @Test func muPReadoutTermShrinksAsOneOverRootWidthAtInit() {
        let c = MuPConfig(), data = SpiralClasses(perClass: 200, seed: 0)
        func term(_ p: Parametrization, _ width: Int) -> Double {
            var sum = 0.0
            for seed in 0..<4 {
                let net = c.net(p, width: width, seed: seed)
                net.prepare(batch: 256)
                var labels: [Int32] = []
                var rng = RNG(seed: 9)
                data.fill(x: &net.input, labels: &labels, rng: &rng)
                let z = net.forward(), b = net.layers.last!.bias.value
                for r in 0..<z.rows { for k in 0..<z.cols { sum += Double(abs(z[r, k] - b.data[k])) } }
            }
            return sum
        }
        let mup = term(.mup, 1024) / term(.mup, 256), sp = term(.sp, 1024) / term(.sp, 256)
        #expect(abs(mup - 0.5) < 0.08, "muP: \(mup)")
        #expect(abs(sp - 1) < 0.15, "SP: \(sp)")
    }

    /// The coordinate check tells the two apart: after one Adam step at lr 2⁻⁵ the second hidden layer's mean |z|
    /// grows with width under SP and stays put under muP.
    @Test func coordinateCheckFlagsSPAndPassesMuP() {
        var c = MuPConfig()
        c.coordWidths = [64, 256, 1024]
        c.coordSeeds = 1
        let check = CoordCheck.run(c, data: SpiralClasses(perClass: 200, seed: 0))!
        let sp = check.growth(.sp, layer: "h2", t: 1, from: 64, to: 1024)!, mup = check.growth(.mup, layer: "h2", t: 1, from: 64, to: 1024)!
        #expect(sp >= 4, "SP h2 growth \(sp)")
        #expect(abs(mup - 1) <= 0.25, "muP h2 growth \(mup)")
        #expect(check.growth(.sp, layer: "h2", t: 0, from: 64, to: 1024).map { abs($0 - 1) < 0.25 } == true, "at init both are flat")
    }
}

@Suite struct MuPSweepTests {
    @Test func theGridVisitsEveryCellOnceWidestFirst() {
        let g = MuPGrid(widths: [64, 128, 256], log2LRs: [-6, -5], seeds: 2)
        #expect(Set(g.cells).count == g.count && g.count == 24 && g.rowCount == 6)
        #expect(g.row(0) == (.sp, 0) && g.row(1) == (.mup, 0), "the base width's curves first: they anchor the others")
        #expect(g.row(2) == (.sp, 2) && g.row(3) == (.mup, 2) && g.row(5) == (.mup, 1), "then widest first")
    }

    /// On a curve with one valley the walk goes downhill from the anchor and stops two steps past the best on each side.
    @Test func theLRWalkFindsTheValleyAndItsMargins() {
        let curve = { (i: Int) in Double((i - 8) * (i - 8)) }
        var known: [Int: Double] = [:]
        while let i = LRWalk.next(known: known, count: 12, anchor: 3) { known[i] = curve(i) }
        #expect(Set(known.keys) == Set(2...10))
        var edge: [Int: Double] = [:]
        while let i = LRWalk.next(known: edge, count: 5, anchor: 2) { edge[i] = Double(i) }
        #expect(Set(edge.keys) == Set(0...2), "a best at the grid's edge needs neighbours on one side only")
        var diverged: [Int: Double] = [:]
        while let i = LRWalk.next(known: diverged, count: 6, anchor: 3) { diverged[i] = i >= 3 ? .nan : Double(-i) }
        #expect(diverged.keys.contains(0), "diverged cells count as the worst")
    }

    /// Pruned and full sweeps agree on every optimum of a real (small) sweep; pruning runs fewer cells, and every curve
    /// has the base width's best LR (the transfer cost needs it).
    @Test func prunedAndFullSweepsFindTheSameOptima() {
        var c = MuPConfig()
        c.widths = [64, 128]
        c.lrLog2Min = -9
        c.lrLog2Max = -1
        c.steps = 60
        c.spiral.perClass = 100
        c.threads = 2
        func sweep(prune: Bool) -> MuPTable {
            c.prune = prune
            let pool = MuPWorker.pool(c, data: c.data)
            pool.start()
            pool.wait()
            var t = MuPTable(grid: MuPGrid(c))
            for r in pool.drain() { t.record(r) }
            return t
        }
        let full = sweep(prune: false), pruned = sweep(prune: true)
        #expect(full.isComplete && pruned.isComplete && full.done == full.grid.count && pruned.done < full.done)
        let a = MuPAnalysis(table: pruned)
        #expect(MuPAnalysis(table: full).optima == a.optima)
        #expect(MuPGrid.parametrizations.allSatisfy { a.transferRatio($0) != nil })
    }

    /// A synthetic table with known minima: SP's optimum halves with each doubling of width, muP's stays.
    @Test func analysisFindsOptimaSpreadAndTransferCost() {
        let g = MuPGrid(widths: [64, 128, 256], log2LRs: Array(-9 ... -2), seeds: 1)
        var t = MuPTable(grid: g)
        for c in g.cells {
            let best = c.parametrization == .sp ? -4 - c.widthIndex : -4
            t.record(MuPResult(cell: c, loss: Float(0.1 * pow(2, 0.5 * Double((c.log2LR - best) * (c.log2LR - best)))), rowDone: c.lrIndex == g.log2LRs.count - 1))
        }
        #expect(t.isComplete)
        let a = MuPAnalysis(table: t)
        #expect(a.optima[.sp]!.map(\.gridLog2LR) == [-4, -5, -6] && a.optima[.mup]!.map(\.gridLog2LR) == [-4, -4, -4])
        #expect(a.optima[.sp]!.allSatisfy { abs($0.log2LR - Double($0.gridLog2LR)) < 1e-6 && !$0.atEdge })
        #expect(a.spreadSteps(.sp) == 2 && a.spreadSteps(.mup) == 0)
        #expect(abs(a.transferRatio(.sp)! - pow(2, 0.5 * 4)) < 1e-5 && abs(a.transferRatio(.mup)! - 1) < 1e-9)
        #expect(t.csv.split(separator: "\n").count == g.count + 1)
    }
}

@Suite struct ClassifierLossTests {
    @Test func crossEntropyOfEqualLogitsIsLogClassesAndItsGradientIsSoftmaxMinusOneHot() {
        var g = Matrix(rows: 2, cols: 3)
        let l = SoftmaxCrossEntropy.lossAndGradient(logits: Matrix(rows: 2, cols: 3), labels: [0, 2], grad: &g)
        #expect(abs(l - log(3)) < 1e-6)
        #expect(abs(g[0, 0] - (1.0 / 3 - 1) / 2) < 1e-7 && abs(g[0, 1] - 1.0 / 6) < 1e-7 && abs(g[1, 2] - (1.0 / 3 - 1) / 2) < 1e-7)
        let s = SoftmaxCrossEntropy.sum(logits: Matrix(rows: 2, cols: 3, data: [2, 0, 0, 0, 0, 5]), labels: [0, 1])
        #expect(s.correct == 1 && abs(s.loss - (log(exp(2) + 2) - 2 + log(2 + exp(5)))) < 1e-6)
    }

    @Test func spiralArmsAreBalancedAndInsideTheUnitDisc() {
        let d = SpiralClasses(perClass: 300, seed: 1)
        #expect(d.count == 900 && (0..<3).allSatisfy { k in d.labels.filter { $0 == k }.count == 300 })
        #expect((0..<d.count).allSatisfy { d.x[$0, 0] * d.x[$0, 0] + d.x[$0, 1] * d.x[$0, 1] <= 1.0001 })
    }
}
