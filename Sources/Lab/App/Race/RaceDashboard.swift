import ArgumentParser
import Foundation
import Models

/// The race dashboard: two trainers, each on its own thread (and core), one screen.
enum RaceDashboard {
    static func open(_ spec: RaceSpec, ascii: Bool, paused: Bool = false, teachers: PhaseCacheFolder? = nil) throws {
        let caps = Capabilities.detect(forceASCII: ascii)
        var race = RaceState(spec: spec, glyphs: caps.unicode ? .braille : .ascii)
        for i in race.runs.indices { race.runs[i].paused = paused }
        let trainers = [spec.a, spec.b].map { Trainer(experiment: $0.makeExperiment(teachers: teachers)!, startPaused: paused) }
        Interrupt.install()
        Interrupt.restoreTerminalOnCrash()
        let session = try TerminalSession(capabilities: caps)
        defer { session.end() }
        race.width = session.width
        race.height = session.height
        trainers.forEach { $0.start() }
        var program = RaceProgram(race: race, trainers: trainers)
        FrameLoop(session: session).run(&program)
        session.end()
        trainers.forEach { $0.requestStop() }
        trainers.forEach { $0.join() }
        if Interrupt.requested { throw Interrupt.exitCode }
    }
}

/// A race as the frame loop's program: each run's trainer drained into its own state, commands sent to the run they name.
struct RaceProgram: LoopProgram {
    var race: RaceState
    let trainers: [Trainer]

    var finished: Bool { race.quitting }
    var size: (width: Int, height: Int) { (race.width, race.height) }

    mutating func drain() {
        for (i, t) in trainers.enumerated() {
            t.channel.drainAll { receive(.trainer(i, $0)) }
        }
    }

    func render(into buffer: inout Buffer) { Lab.render(race, into: &buffer) }

    /// Writes the race screen as text and as an SVG in the working folder, and says so.
    private mutating func save(_ stem: String) {
        let dir = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        var text = Buffer(width: race.width, height: race.height)
        Lab.render(race, into: &text)
        var figure = race
        figure.glyphs = .braille
        var svg = Buffer(width: race.width, height: race.height)
        svg.figures = []
        Lab.render(figure, into: &svg)
        do {
            try OutputFolder.write(text.text() + "\n", to: dir.appendingPathComponent(stem + ".txt"))
            try OutputFolder.write(SVGExport.document(svg), to: dir.appendingPathComponent(stem + ".svg"))
            race.say("saved \(stem).txt + .svg")
        } catch {
            race.say("cannot save: \(error)")
        }
    }

    mutating func receive(_ m: RaceMessage) {
        for e in update(&race, m) {
            switch e {
            case .send(let i, let c): trainers[i].send(c)
            case .quit: race.quitting = true
            case .save(let stem): save(stem)
            }
        }
    }
}
