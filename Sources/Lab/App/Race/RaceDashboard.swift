import ArgumentParser
import Foundation
import Models

/// The race dashboard's loop: two trainers, each on its own thread (and core), one screen at ~30 frames/s.
enum RaceDashboard {
    static func open(_ spec: RaceSpec, ascii: Bool, paused: Bool = false) throws {
        let caps = Capabilities.detect(forceASCII: ascii)
        var race = RaceState(spec: spec, glyphs: caps.unicode ? .braille : .ascii)
        for i in race.runs.indices { race.runs[i].paused = paused }
        let trainers = [spec.a, spec.b].map { Trainer(experiment: $0.makeExperiment()!, startPaused: paused) }
        Interrupt.install()
        Interrupt.restoreTerminalOnCrash()
        let session = try TerminalSession(capabilities: caps)
        defer { session.end() }
        race.width = session.width
        race.height = session.height
        trainers.forEach { $0.start() }
        var buffer = Buffer(width: 0, height: 0)
        let frame = 1.0 / 30
        var nextFrame = Clock.now()
        func dispatch(_ m: RaceMessage) {
            for e in update(&race, m) {
                switch e {
                case .send(let i, let c): trainers[i].send(c)
                case .quit: race.quitting = true
                }
            }
        }
        while !race.quitting && !Interrupt.requested {
            let wait = max(0, Int((nextFrame - Clock.now()) * 1000))
            if let event = session.readKey(timeoutMilliseconds: wait) {
                switch event {
                case .key(let k): dispatch(.key(k))
                case .resize(let w, let h): dispatch(.resize(width: w, height: h))
                }
                continue
            }
            let now = Clock.now()
            guard now >= nextFrame else { continue }
            nextFrame = max(nextFrame + frame, now)
            for (i, t) in trainers.enumerated() {
                for m in t.channel.drainMetrics() { dispatch(.trainer(i, .metrics(m))) }
                for e in t.channel.drainEvents() { dispatch(.trainer(i, e)) }
                if let s = t.channel.takeSnapshot() { dispatch(.trainer(i, .snapshot(s))) }
            }
            if let size = session.syncSize() { dispatch(.resize(width: size.width, height: size.height)) }
            dispatch(.tick(now))
            buffer.reset(width: race.width, height: race.height)
            buffer.monochrome = !session.capabilities.color
            render(race, into: &buffer)
            session.draw(buffer)
        }
        session.end()
        trainers.forEach { $0.stop() }
        if Interrupt.requested { throw Interrupt.exitCode }
    }
}
