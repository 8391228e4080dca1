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

    private func smallConfig() -> CoreSettings { CoreSettings.small() }

    private func waitUntil(_ seconds: Double = 10, _ condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if condition() { return true }
            usleep(2000)
        }
        return false
    }

    @Test func pausedTrainerStepsOnceOnCommandAndPublishesSwitches() {
        let trainer = Trainer(experiment: GenerativeExperiment.reflow(smallConfig()), startPaused: true)
        trainer.start()
        defer { #expect(trainer.stop()) }
        trainer.send(.stepOnce)
        trainer.send(.stepOnce)
        var steps: [Int] = []
        #expect(waitUntil { steps += trainer.channel.drainMetrics().map(\.step); return steps.count >= 2 })
        usleep(50_000)
        steps += trainer.channel.drainMetrics().map(\.step)
        #expect(steps == [1, 2], "paused trainer took exactly the requested steps")
        trainer.send(.setOptimizer(.muon, group: nil))
        var switched = false, evaluated = false
        #expect(waitUntil {
            for e in trainer.channel.drainEvents() {
                if case .switched(let step, .adam, .muon, "flow") = e, step == 2 { switched = true }
                if case .evaluated(let ev) = e, ev.step == 2 { evaluated = true }
            }
            return switched && evaluated
        }, "a paused trainer evaluates once at every new step it stops on")
        #expect(waitUntil { trainer.channel.takeSnapshot() != nil })
    }

    @Test func runningTrainerNeverWaitsForASlowReader() {
        let trainer = Trainer(experiment: GenerativeExperiment.reflow(smallConfig()))
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
        let trainer = Trainer(experiment: GenerativeExperiment.reflow(c))
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
        let e = GenerativeExperiment.reflow(CoreSettings.small(hidden: [8]))
        #expect(throws: CommandError.self) { try e.apply(.setBatchSize(0)) }
        #expect(throws: CommandError.self) { try e.apply(.setLR(-1, group: nil)) }
        #expect(throws: CommandError.self) { try e.apply(.scaleLR(0, group: nil)) }
        #expect(throws: CommandError.self) { try e.apply(.setSamplerSteps(4001)) }
        #expect(throws: CommandError.self) { try e.apply(.setOptimizer(.muon, group: "nope")) }
        _ = try e.apply(.setLR(0.5, group: nil))
        #expect(e.groupStatus.first?.lr == 0.5)
        guard case .switched(0, .adam, .muon, "flow")? = try e.apply(.setOptimizer(.muon, group: nil)).first else { Issue.record("switch event"); return }
        #expect(try e.apply(.setOptimizer(.muon, group: nil)).count == 1, "switching to the current optimizer only restates the groups")
    }
}
