import Foundation
import Models

/// Frame and UI-overhead benchmarks: the costs the dashboard adds on top of training.
extension BenchCommand {
    /// Mean time of one full 200×60 dashboard frame (view + diff against the previous frame), in milliseconds.
    static func frameMilliseconds(frames: Int = 300) throws -> (view: Double, diff: Double) {
        var state = try benchState()
        let trainer = Trainer(experiment: GenerativeExperiment.reflow())
        trainer.start()
        // Fill the state with real training output first.
        let deadline = Clock.now() + 1.5
        while Clock.now() < deadline {
            usleep(30_000)
            drain(trainer, into: &state)
        }
        trainer.stop()
        var previous = view(state, width: 200, height: 60)
        var viewTime = 0.0, diffTime = 0.0, changed = 0
        for i in 0..<frames {
            _ = update(&state, .tick(Double(i) / 30))
            let t0 = Clock.now()
            let b = view(state, width: 200, height: 60)
            let t1 = Clock.now()
            changed += b.diff(from: previous).count
            let t2 = Clock.now()
            viewTime += t1 - t0
            diffTime += t2 - t1
            previous = b
        }
        _ = changed
        return (viewTime / Double(frames) * 1000, diffTime / Double(frames) * 1000)
    }

    /// Training steps/s of the trainer thread alone, then with a 30 frames/s UI loop (drain, update, view, diff) beside it.
    static func uiOverhead(seconds: Double) throws -> (alone: Double, withUI: Double) {
        func run(withUI: Bool) throws -> Double {
            let trainer = Trainer(experiment: GenerativeExperiment.reflow())
            var state = try benchState()
            var steps = 0
            trainer.start()
            let warm = Clock.now() + 0.5
            while Clock.now() < warm { usleep(20_000); steps = max(steps, drain(trainer, into: &state)) }
            let start = Clock.now(), startSteps = steps
            var previous = Buffer(width: 200, height: 60)
            while Clock.now() - start < seconds {
                if withUI {
                    let frameStart = Clock.now()
                    steps = max(steps, drain(trainer, into: &state))
                    _ = update(&state, .tick(frameStart))
                    let b = view(state, width: 200, height: 60)
                    _ = b.diff(from: previous)
                    previous = b
                    let rest = 1.0 / 30 - (Clock.now() - frameStart)
                    if rest > 0 { usleep(useconds_t(rest * 1e6)) }
                } else {
                    usleep(50_000)
                    steps = max(steps, trainer.channel.drainMetrics().last?.step ?? 0)
                }
            }
            steps = max(steps, trainer.channel.drainMetrics().last?.step ?? 0)
            let elapsed = Clock.now() - start
            trainer.stop()
            return Double(steps - startSteps) / elapsed
        }
        return (try run(withUI: false), try run(withUI: true))
    }

    private static func benchState() throws -> AppState {
        let p = try Preset(yaml: "experiment: reflow\ndescription: bench\n", source: "bench.yaml")
        var s = AppState(preset: p, glyphs: .braille)
        s.width = 200
        s.height = 60
        return s
    }

    /// Feeds everything the trainer published into the state; returns the newest step seen.
    @discardableResult
    private static func drain(_ trainer: Trainer, into state: inout AppState) -> Int {
        var last = 0
        trainer.channel.drainAll { e in
            if case .metrics(let m) = e { last = m.step }
            _ = update(&state, .trainer(e))
        }
        return last
    }
}
