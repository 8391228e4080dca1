import Foundation
import Testing
@testable import Models

/// Energy-drift figures of one integrator over `orbits` periods at e = 0.7 with the default step.
private func driftProfile(_ kind: OrbitIntegratorKind, orbits: Int) -> (perOrbitMax: [Double], atOrbitEnd: [Double]) {
    let orbit = KeplerOrbit(e: 0.7)
    var integ = OrbitIntegrator(orbit: orbit, kind: kind)
    let e0 = integ.state.energy(mu: orbit.mu)
    var perOrbitMax: [Double] = [], atEnd: [Double] = []
    for _ in 0..<orbits {
        var worst = 0.0
        for _ in 0..<OrbitIntegrator.defaultStepsPerPeriod {
            integ.step()
            worst = max(worst, abs((integ.state.energy(mu: orbit.mu) - e0) / e0))
        }
        perOrbitMax.append(worst)
        atEnd.append(abs((integ.state.energy(mu: orbit.mu) - e0) / e0))
    }
    return (perOrbitMax, atEnd)
}

@Suite struct PhysicsOrbitIntegratorTests {
    @Test func verletEnergyErrorStaysBoundedOver100Orbits() {
        let p = driftProfile(.verlet, orbits: 100)
        let first = p.perOrbitMax.prefix(10).max()!, last = p.perOrbitMax.suffix(10).max()!
        print("verlet e=0.7 h=P/1000: max |ΔE/E| first 10 orbits \(first), last 10 orbits \(last)")
        #expect(last <= 1.2 * first)
        #expect(first < 2e-3)
    }

    @Test func rk4EnergyDriftsSecularly() {
        let p = driftProfile(.rk4, orbits: 100)
        let at10 = p.atOrbitEnd[9], at100 = p.atOrbitEnd[99]
        print("rk4 e=0.7 h=P/1000: |ΔE/E| at 10 orbits \(at10), at 100 orbits \(at100), ratio \(at100 / at10)")
        #expect(at100 > 5 * at10)
        #expect(p.perOrbitMax.suffix(10).max()! > 5 * p.perOrbitMax.prefix(10).max()!)
    }

    @Test func verletConservesAngularMomentumToRounding() {
        let orbit = KeplerOrbit(e: 0.7)
        var integ = OrbitIntegrator(orbit: orbit, kind: .verlet)
        integ.step(times: 10_000)
        #expect(abs(integ.state.angularMomentum / orbit.angularMomentum - 1) <= 1e-12)
    }

    @Test(arguments: OrbitIntegratorKind.allCases)
    func integratorsTrackTheKeplerSolutionOverOneOrbit(kind: OrbitIntegratorKind) {
        var sim = KeplerSimulation(config: KeplerConfig(orbit: KeplerOrbit(e: 0.5), integrator: kind))
        for _ in 0..<200 { _ = sim.advance() }
        let f = sim.current
        #expect(abs(f.t - sim.period) <= 1e-12 * sim.period)
        #expect(abs(f.kepler.position.x - 0.5) <= 1e-12 && abs(f.kepler.position.y) <= 1e-12)
        let tol = kind == .rk4 ? 1e-7 : 1e-2
        #expect((f.integrator.position - f.kepler.position).length <= tol)
        #expect(abs(f.phaseError) <= tol / 0.5)
        #expect(abs(f.energyDrift) <= tol && abs(f.visVivaError) <= 10 * tol)
        #expect(abs(f.angularMomentumDrift) <= tol)
        #expect(f.maxEnergyDrift >= abs(f.energyDrift))
    }

    @Test func restartWithNewEccentricityStartsAtTheNewPeriapsis() {
        var sim = KeplerSimulation()
        for _ in 0..<37 { _ = sim.advance() }
        sim.restart(e: 0.9)
        #expect(sim.frameIndex == 0 && sim.time == 0 && sim.orbit.e == 0.9)
        #expect(sim.current.integrator == KeplerOrbit(e: 0.9).initialState)
        #expect(abs(sim.current.integrator.position.x - 0.1) <= 1e-15)
        sim.restart(integrator: .rk4)
        #expect(sim.config.integrator == .rk4 && sim.orbit.e == 0.9)
    }
}
