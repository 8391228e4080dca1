/// Mean over rows of ‖output − target‖² (2 columns), writing ∂loss/∂output into `grad`.
@inline(__always)
public func squaredErrorLossAndGrad(output: Matrix, target: Matrix, grad: inout Matrix) -> Float {
    let n = output.count
    let scale = 2 / Float(output.rows)
    var total: Float = 0
    output.data.withUnsafeBufferPointer { po in
        target.data.withUnsafeBufferPointer { pt in
            grad.data.withUnsafeMutableBufferPointer { pg in
                let o = po.baseAddress!, t = pt.baseAddress!, g = pg.baseAddress!
                var acc = Lanes()
                var i = 0
                while i < n {
                    let k = min(8, n - i)
                    let d = loadPartial(o, i, k) - loadPartial(t, i, k)
                    acc += d * d
                    storePartial(scale * d, g, i, k)
                    i += 8
                }
                total = acc.sum()
            }
        }
    }
    return total / Float(output.rows)
}

/// A fixed held-out set of (x_t, t, x1 − x0) triples, so validation loss moves only when the model does.
public struct FlowValidationSet: Sendable {
    public let points: [Float]
    public let times: [Float]
    public let targets: [Float]
    /// The exact velocity E[x1 − x0 | x_t] at every point (Gaussian mixtures only).
    public let exact: [Float]?
    /// Loss of the exact velocity field on this set: the floor any model can reach.
    public let floor: Double?

    public init(dataset: Dataset, size: Int, seed: UInt64) {
        var rng = RNG(seed: seed, stream: 5)
        var points = [Float](), times = [Float](), targets = [Float]()
        points.reserveCapacity(2 * size)
        for _ in 0..<size {
            let x0 = dataset.sampleHeldOut(&rng)
            let x1 = SIMD2(rng.normalFloat(), rng.normalFloat())
            let t = rng.uniformFloat()
            let xt = (1 - t) * x0 + t * x1
            points += [xt.x, xt.y]
            times.append(t)
            targets += [x1.x - x0.x, x1.y - x0.y]
        }
        self.points = points
        self.times = times
        self.targets = targets
        if let mixture = dataset.mixture {
            var exact = [Float](repeating: 0, count: 2 * size)
            var total = 0.0
            for i in 0..<size {
                let v = exactVelocity(mixture, x: SIMD2(Double(points[2 * i]), Double(points[2 * i + 1])), t: Double(times[i]))
                exact[2 * i] = Float(v.x)
                exact[2 * i + 1] = Float(v.y)
                let dx = v.x - Double(targets[2 * i]), dy = v.y - Double(targets[2 * i + 1])
                total += dx * dx + dy * dy
            }
            self.exact = exact
            floor = total / Double(size)
        } else {
            exact = nil
            floor = nil
        }
    }

    /// The field's mean squared error against the targets, and (where the exact field is known) its excess
    /// E‖v − v*‖² over the floor, measured directly so it has no label noise and is never negative.
    ///
    /// In expectation the excess equals loss − floor; on a finite set the two differ by the cross term's noise.
    public func evaluate(_ field: some TimedVelocityField) -> (loss: Double, excess: Double?) {
        var out = [Float](repeating: 0, count: points.count)
        field.velocity(points, times: times, into: &out)
        var total = 0.0, excess = 0.0
        for j in out.indices {
            let d = Double(out[j] - targets[j])
            total += d * d
            if let exact {
                let e = Double(out[j] - exact[j])
                excess += e * e
            }
        }
        let n = Double(times.count)
        return (total / n, exact == nil ? nil : excess / n)
    }
}

/// A velocity field evaluated at a separate time per row (validation sets draw one t per example).
public protocol TimedVelocityField: AnyObject {
    func velocity(_ x: [Float], times: [Float], into out: inout [Float])
}

extension FlowNet: TimedVelocityField {}
