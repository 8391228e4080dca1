import Foundation
import Testing
@testable import Models

@Suite struct TrainerTests {
    @Test func boundedQueueDropsOldestWhenFull() {
        var q = BoundedQueue<Int>(capacity: 3)
        for i in 1...5 { q.push(i) }
        #expect(q.dropped == 2)
        #expect(q.drain() == [3, 4, 5])
        #expect(q.drain().isEmpty)
    }

    private func smallConfig() -> ReFlowConfig {
        var c = ReFlowConfig()
        c.hidden = [16, 16]
        c.batch = 32
        c.evalSamples = 100
        c.validationSize = 64
        c.snapshotPoints = 50
        return c
    }

    private func waitUntil(_ seconds: Double = 10, _ condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if condition() { return true }
            usleep(2000)
        }
        return false
    }

    @Test func pausedTrainerStepsOnceOnCommandAndPublishesSwitches() {
        let trainer = Trainer(experiment: ReFlowExperiment(config: smallConfig()), startPaused: true)
        trainer.start()
        defer { #expect(trainer.stop()) }
        trainer.send(.stepOnce)
        trainer.send(.stepOnce)
        var steps: [Int] = []
        #expect(waitUntil { steps += trainer.channel.drainMetrics().map(\.step); return steps.count >= 2 })
        usleep(50_000)
        steps += trainer.channel.drainMetrics().map(\.step)
        #expect(steps == [1, 2], "paused trainer took exactly the requested steps")
        trainer.send(.setOptimizer(.muon))
        var switched = false
        #expect(waitUntil {
            for e in trainer.channel.drainEvents() {
                if case .switched(let step, .adam, .muon) = e, step == 2 { switched = true }
            }
            return switched
        })
        #expect(waitUntil { trainer.channel.takeSnapshot() != nil })
    }

    @Test func runningTrainerNeverWaitsForASlowReader() {
        let trainer = Trainer(experiment: ReFlowExperiment(config: smallConfig()))
        trainer.start()
        // Nobody reads for a while: metrics overflow the ring and are dropped, memory stays bounded.
        #expect(waitUntil(30) { trainer.channel.droppedMetrics > 0 })
        #expect(trainer.stop())
        #expect(trainer.channel.drainMetrics().count <= 8192)
    }

    @Test func divergencePausesWithAMessage() {
        var c = smallConfig()
        c.optimizer.kind = .sgd
        c.optimizer.lr = 10
        c.optimizer.momentum = 0.99
        let trainer = Trainer(experiment: ReFlowExperiment(config: c))
        trainer.start()
        defer { #expect(trainer.stop()) }
        var message = ""
        #expect(waitUntil(30) {
            for e in trainer.channel.drainEvents() { if case .diverged(_, let m) = e { message = m } }
            return !message.isEmpty
        })
        #expect(message.contains("paused"))
    }
}

@Suite struct CommandTests {
    @Test func outOfRangeCommandsAreRejectedWithAReason() throws {
        var c = ReFlowConfig()
        c.hidden = [8]
        c.validationSize = 32
        c.evalSamples = 100
        let e = ReFlowExperiment(config: c)
        #expect(throws: CommandError.self) { try e.apply(.setBatchSize(0)) }
        #expect(throws: CommandError.self) { try e.apply(.setLR(-1)) }
        #expect(throws: CommandError.self) { try e.apply(.setSamplerSteps(129)) }
        #expect(try e.apply(.setLR(0.5)).count == 1)
        #expect(e.optimizer.lr == 0.5)
        guard case .switched(0, .adam, .muon)? = try e.apply(.setOptimizer(.muon)).first else { Issue.record("switch event"); return }
        #expect(try e.apply(.setOptimizer(.muon)).isEmpty, "switching to the current optimizer is a no-op")
    }
}
