import Foundation
import Models

/// `lab bench --live PRESET`: what the live dashboard costs training — the trainer with its evaluator and picture
/// threads and a 30 frames/s UI loop (drain, update, view, diff at 120×36), against the same experiment's steps alone.
extension BenchCommand {
    struct LiveFigures {
        var alone: Double
        var live: Double
        var maxStallMilliseconds: Double
        var evaluations: Int
        /// Seconds since the newest evaluation arrived, and how many steps behind the trainer it was measured.
        var evaluationAge: Double?
        var evaluationLag: Int?
        var liveShare: Double { live / max(alone, 1e-9) }
    }

    static func live(_ p: Preset, seconds: Double) throws -> LiveFigures {
        guard let solo = p.makeExperiment(), let shown = p.makeExperiment() else {
            throw CommandError("\(p.source): experiment '\(p.kindName)' does not train; --live measures training presets")
        }
        // The trainer alone: plain steps on this thread, no evaluation, no picture, no UI.
        for _ in 0..<20 { _ = solo.trainStep() }
        let t0 = Clock.now()
        var soloSteps = 0
        while Clock.now() - t0 < seconds {
            _ = solo.trainStep()
            soloSteps += 1
        }
        let alone = Double(soloSteps) / (Clock.now() - t0)

        var state = AppState(preset: p, glyphs: .braille)
        state.width = 120
        state.height = 36
        state.extraNames = shown.extraMetricNames
        let trainer = Trainer(experiment: shown)
        trainer.start()
        defer { trainer.stop() }
        var previous = Buffer(width: 120, height: 36)
        var step = 0, evaluations = 0
        var lastEvaluation: (time: Double, step: Int)?
        let frame = { (now: Double) in
            trainer.channel.drainAll { e in
                switch e {
                case .metrics(let m): step = m.step
                case .evaluated(let ev):
                    evaluations += 1
                    lastEvaluation = (now, ev.step)
                default: break
                }
                _ = update(&state, .trainer(e))
            }
            _ = update(&state, .tick(now))
            let b = view(state, width: 120, height: 36)
            _ = b.diff(from: previous)
            previous = b
        }
        // One second settles the first evaluation's hand-over; then steps, stalls and evaluations are counted.
        let warm = Clock.now() + 1
        while Clock.now() < warm { frame(Clock.now()); usleep(33_000) }
        trainer.resetStepTiming()
        let start = Clock.now(), startStep = step
        evaluations = 0
        while Clock.now() - start < seconds {
            let f = Clock.now()
            frame(f)
            let rest = 1.0 / 30 - (Clock.now() - f)
            if rest > 0 { usleep(useconds_t(rest * 1e6)) }
        }
        let end = Clock.now()
        frame(end)
        let timing = trainer.stepTiming
        // Steps the trainer timed itself (the metrics ring may drop rows the UI did not drain in time).
        let stepped = max(step - startStep, timing.steps)
        return LiveFigures(alone: alone, live: Double(stepped) / (end - start), maxStallMilliseconds: timing.maxGap * 1000,
                           evaluations: evaluations, evaluationAge: lastEvaluation.map { end - $0.time },
                           evaluationLag: lastEvaluation.map { step - $0.step })
    }
}
