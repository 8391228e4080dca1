import Foundation
import Testing
@testable import Models

/// Independent reference: the textbook Cartesian pursuit ODE P' = kv·(T − P)/|T − P| with fixed-step RK4 in t,
/// written separately from the library's regularised formulation.
private func referencePursuer(_ c: PursuitConfig, at times: [Double], h: Double) -> [Vec2] {
    func field(_ t: Double, _ p: Vec2) -> Vec2 {
        let d = c.targetPosition(at: t) - p
        return (c.k * c.v / d.length) * d
    }
    var p = c.pursuerStart, t = 0.0, out: [Vec2] = []
    for stop in times {
        let n = Int(((stop - t) / h).rounded(.up))
        let step = (stop - t) / Double(n)
        for i in 0..<n {
            let ti = t + Double(i) * step
            let k1 = field(ti, p)
            let k2 = field(ti + step / 2, p + (step / 2) * k1)
            let k3 = field(ti + step / 2, p + (step / 2) * k2)
            let k4 = field(ti + step, p + step * k3)
            p = p + (step / 6) * (k1 + 2 * k2 + 2 * k3 + k4)
        }
        t = stop
        out.append(p)
    }
    return out
}

@Suite struct PhysicsPursuitTests {
    @Test func classicCaptureMatchesClosedFormTo1e9() {
        let sim = PursuitSimulation()
        let cf = PursuitClosedForm(a: 300, k: 4.0 / 3.0, v: 1)
        #expect(abs(cf.pathLength - 4800.0 / 7.0) <= 1e-12 * cf.pathLength)
        let distanceError = abs(sim.pursuerDistance - 4800.0 / 7.0) / (4800.0 / 7.0)
        let timeError = abs(sim.captureTime - cf.captureTime) / cf.captureTime
        print("pursuit classic: T = \(sim.captureTime), D = \(sim.pursuerDistance), rel err T \(timeError), D \(distanceError)")
        #expect(distanceError <= 1e-9)
        #expect(timeError <= 1e-9)
        #expect((sim.capturePoint - cf.capturePoint).length <= 1e-9 * cf.pathLength)
    }

    @Test(arguments: [1.05, 1.5, 2.0, 3.0, 10.0])
    func captureMatchesClosedFormForOtherSpeedRatios(k: Double) {
        let c = PursuitConfig(a: 100, k: k, v: 2)
        let sim = PursuitSimulation(config: c)
        let cf = PursuitClosedForm(c)!
        #expect(abs(sim.captureTime - cf.captureTime) <= 1e-9 * cf.captureTime)
        #expect(abs(sim.pursuerDistance - cf.pathLength) <= 1e-9 * cf.pathLength)
    }

    @Test func framesAreAtExactMultiplesOfTheIntervalAndEndAtCapture() {
        let frames = PursuitSimulation.frames(.classic)
        let sim = PursuitSimulation()
        #expect(frames.count == Int(sim.captureTime) + 2)
        for (n, f) in frames.dropLast().enumerated() {
            #expect(f.t == Double(n))
            #expect(!f.captured)
        }
        let last = frames.last!
        #expect(last.captured && last.t == sim.captureTime && last.gap == 0)
        #expect(last.pursuer == sim.capturePoint)
        for (p, q) in zip(frames, frames.dropFirst()) {
            #expect(q.gap < p.gap)
            // A chord is never longer than the arc run at speed kv (up to integration error).
            #expect((q.pursuer - p.pursuer).length <= (q.t - p.t) * 4.0 / 3.0 + 1e-9)
        }
    }

    @Test func positionsMatchAnIndependentRK4Reference() {
        let c = PursuitConfig.classic
        let times: [Double] = [1, 50, 100, 200, 300, 400, 450, 500, 510]
        let reference = referencePursuer(c, at: times, h: 2e-3)
        var sim = PursuitSimulation(config: c)
        var worst = 0.0
        for (t, ref) in zip(times, reference) {
            while sim.time < t { _ = sim.advance() }
            let err = (sim.current.pursuer - ref).length
            worst = max(worst, err)
            #expect(err <= 1e-6, "t = \(t)")
        }
        print("pursuit: max |P − P_RK4ref| = \(worst) m")
    }

    @Test func positionsAndPathMatchTheClosedFormCurve() {
        let cf = PursuitClosedForm(a: 300, k: 4.0 / 3.0, v: 1)
        var worstCurve = 0.0, worstTime = 0.0
        for f in PursuitSimulation.frames(.classic) {
            // Normal distance to the curve x(y): the offset in x scaled by the path's cosine, well conditioned
            // both at the start (path vertical) and near capture (path tangent to the target's line).
            let y = f.pursuer.y
            let curveErr = y > 0
                ? abs(f.pursuer.x - cf.x(atHeight: y)) / (1 + pow(cf.slope(atHeight: y), 2)).squareRoot()
                : abs(f.pursuer.x - cf.capturePoint.x)
            let timeErr = (f.pursuer - cf.pursuer(atTime: f.t)).length
            worstCurve = max(worstCurve, curveErr)
            worstTime = max(worstTime, timeErr)
            #expect(curveErr <= 1e-8)
            #expect(timeErr <= 1e-8)
        }
        print("pursuit: max distance to curve = \(worstCurve) m, max |P(t) − P_cf(t)| = \(worstTime) m")
    }

    @Test func closedFormCurveIsConsistent() {
        let cf = PursuitClosedForm(a: 300, k: 4.0 / 3.0, v: 1)
        let pts = cf.curve(points: 101)
        #expect(pts.first == Vec2(0, 300))
        #expect(abs(pts.last!.x - cf.capturePoint.x) <= 1e-12 * cf.pathLength && pts.last!.y == 0)
        for h in stride(from: 1.0, through: 300, by: 7) {
            // Arc length equals speed × time along the curve.
            #expect(abs(cf.arcLength(atHeight: h) - 4.0 / 3.0 * cf.time(atHeight: h)) <= 1e-10)
            #expect(abs(cf.height(atTime: cf.time(atHeight: h)) - h) <= 1e-9)
            if h < 250 { #expect(abs(cf.height(atX: cf.x(atHeight: h)) - h) <= 1e-9) }
        }
    }

    @Test func circularTargetIsCapturedAndMatchesReference() {
        let c = PursuitConfig(a: 300, k: 4.0 / 3.0, v: 1, target: .circle(radius: 150), frameInterval: 5)
        var sim = PursuitSimulation(config: c)
        #expect(sim.closedForm == nil && sim.readout().closedFormCaptureTime == nil)
        let times = [10.0, 100, 200, (sim.captureTime / 5).rounded(.down) * 5]
        let reference = referencePursuer(c, at: times, h: 2e-3)
        for (t, ref) in zip(times, reference) {
            while sim.time < t { _ = sim.advance() }
            #expect((sim.current.pursuer - ref).length <= 1e-6, "t = \(t)")
        }
        while !sim.isFinished { _ = sim.advance() }
        #expect(sim.current.gap == 0)
        #expect((sim.current.pursuer - c.targetPosition(at: sim.captureTime)).length == 0)
    }

    @Test(arguments: [0.013, 7.0, 1000.0])
    func anyFrameIntervalLandsExactlyOnItsTimesAndOnTheCurve(dt: Double) {
        let c = PursuitConfig(frameInterval: dt)
        let cf = PursuitClosedForm(c)!
        let frames = PursuitSimulation.frames(c)
        #expect(frames.count == Int(cf.captureTime / dt) + 2)
        for (n, f) in frames.dropLast().enumerated() {
            #expect(f.t == Double(n) * dt)
            #expect((f.pursuer - cf.pursuer(atTime: f.t)).length <= 1e-8)
        }
        #expect(abs(frames.last!.t - cf.captureTime) <= 1e-9 * cf.captureTime)
    }

    @Test func readoutReportsNumericAgainstClosedForm() {
        var sim = PursuitSimulation()
        for _ in 0..<100 { _ = sim.advance() }
        let r = sim.readout()
        #expect(r.t == 100 && r.targetDistance == 100 && abs(r.pursuerDistance - 400.0 / 3.0) < 1e-12)
        #expect(abs(r.gap - (sim.current.target - sim.current.pursuer).length) <= 1e-9)
        #expect(abs(r.captureTimeError!) <= 1e-9 * r.closedFormCaptureTime!)
        #expect(abs(r.captureDistanceError!) <= 1e-9 * 4800.0 / 7.0)
    }
}
