import Foundation
import Testing
@testable import Models

/// Bitwise equality, stricter than ==, which would equate 0.0 and −0.0.
private func bits(_ s: PursuitState) -> [UInt64] {
    [s.t, s.pursuer.x, s.pursuer.y, s.target.x, s.target.y, s.gap, s.distanceRun].map(\.bitPattern)
}

private func bits(_ f: KeplerFrame) -> [UInt64] {
    [f.t, f.integrator.position.x, f.integrator.position.y, f.integrator.velocity.x, f.integrator.velocity.y,
     f.kepler.position.x, f.kepler.position.y, f.energyDrift, f.maxEnergyDrift, f.phaseError].map(\.bitPattern)
}

@Suite struct PhysicsFrameHistoryTests {
    @Test func steppingForwardThenBackReturnsBitIdenticalPursuitStates() {
        var player = FramePlayer(PursuitSimulation())
        var seen = [bits(player.frame)]
        for _ in 0..<50 { seen.append(bits(player.stepForward())) }
        #expect(player.cursor == 50 && player.simulation.frameIndex == 50)
        for n in stride(from: 49, through: 0, by: -1) {
            #expect(bits(player.stepBack()) == seen[n])
        }
        #expect(bits(player.stepBack()) == seen[0])
        for n in 1...50 { #expect(bits(player.stepForward()) == seen[n]) }
        #expect(player.simulation.frameIndex == 50)
        player.stepForward()
        #expect(player.simulation.frameIndex == 51 && player.frame.t == 51)
    }

    @Test func steppingBackReplaysKeplerFramesExactly() {
        var player = FramePlayer(KeplerSimulation(config: KeplerConfig(orbit: KeplerOrbit(e: 0.7), integrator: .rk4)))
        var seen = [bits(player.frame)]
        for _ in 0..<300 { seen.append(bits(player.stepForward())) }
        for _ in 0..<120 { player.stepBack() }
        #expect(player.cursor == 180 && bits(player.frame) == seen[180])
        for n in 181...300 { #expect(bits(player.stepForward()) == seen[n]) }
    }

    @Test func boundedHistoryDropsTheOldestFrames() {
        var h = FrameHistory<Int>(capacity: 5)
        for i in 0..<12 { h.append(i * 10) }
        #expect(h.count == 5 && h.firstIndex == 7 && h.lastIndex == 11)
        #expect(h[6] == nil && h[12] == nil)
        #expect((7...11).map { h[$0]! } == [70, 80, 90, 100, 110])
        #expect(h.last == 110)
        h.removeAll()
        #expect(h.isEmpty && h.last == nil)
    }

    @Test func playerCannotStepBackPastTheOldestKeptFrame() {
        var player = FramePlayer(PursuitSimulation(), capacity: 10)
        for _ in 0..<25 { player.stepForward() }
        #expect(player.history.firstIndex == 16)
        for _ in 0..<20 { player.stepBack() }
        #expect(player.cursor == 16 && player.frame.t == 16)
    }

    @Test func playSpeedAdvancesWholeAndFractionalFramesPerTick() {
        var player = FramePlayer(PursuitSimulation(), speed: 3)
        player.tick()
        #expect(player.cursor == 3)
        player.speed = 0.5
        player.tick()
        #expect(player.cursor == 3)
        player.tick()
        #expect(player.cursor == 4)
    }

    @Test func playbackStopsAtCaptureAndRestartClears() {
        var player = FramePlayer(PursuitSimulation(), speed: 100)
        for _ in 0..<10 { player.tick() }
        #expect(player.atEnd && player.frame.captured)
        let last = player.cursor
        player.stepForward()
        #expect(player.cursor == last)
        player.restart()
        #expect(player.cursor == 0 && player.history.count == 1 && player.frame.t == 0)
    }
}
