import Models

/// What the one frame loop drives: an Elm program (the live dashboard, a race, a replay).
protocol LoopProgram {
    associatedtype Input: LoopMessage
    /// True once the loop should end: quit, or the picker chose another preset.
    var finished: Bool { get }
    /// The size the program lays out for, as its last resize left it.
    var size: (width: Int, height: Int) { get }
    /// One message (a key, a resize, a frame's tick, or what `drain` brought in); its effects are carried out here.
    mutating func receive(_ message: Input)
    /// Once a frame, before its tick: what background threads produced since the last one (trainer events, results).
    mutating func drain()
    func render(into buffer: inout Buffer)
    /// The frame just put on screen, for a program that saves what it shows.
    mutating func shown(_ frame: Buffer)
}

extension LoopProgram {
    mutating func drain() {}
    mutating func shown(_ frame: Buffer) {}
}

/// What the terminal and the clock tell a program: every program's message enum has these cases.
protocol LoopMessage {
    static func key(_ key: Key) -> Self
    static func resize(width: Int, height: Int) -> Self
    static func tick(_ now: Double) -> Self
}

/// What the frame loop needs of a terminal: `TerminalSession`, or a scripted one in tests.
protocol LoopScreen: AnyObject {
    var capabilities: Capabilities { get }
    /// Stdin is at EOF: nobody can see or steer the screen.
    var inputClosed: Bool { get }
    /// A key or a resize, or nil once `timeoutMilliseconds` pass without one.
    func readKey(timeoutMilliseconds: Int) -> KeyEvent?
    /// The terminal's real size when the screen lags behind it.
    func syncSize() -> (width: Int, height: Int)?
    func draw(_ buffer: Buffer)
}

extension TerminalSession: LoopScreen {}

/// The impure shell around every dashboard: keys (queued ones drained before drawing), ~30 frames/s, the terminal's
/// real size once a frame, one `draw` a frame; with stdin closed nobody can see or steer it, so it keeps the state
/// current once a second and draws nothing. Runs until the program finishes or SIGINT/SIGTERM/SIGHUP.
struct FrameLoop {
    let session: any LoopScreen
    var framesPerSecond = 30.0
    /// Seconds between handing free memory back (`MemoryArenas.releaseFree`, about a millisecond): a long session's
    /// resident memory then follows what is live.
    static let trimEvery = 10.0

    func run<P: LoopProgram>(_ program: inout P) {
        var buffer = Buffer(width: 0, height: 0)
        buffer.monochrome = !session.capabilities.color
        let frame = 1 / framesPerSecond
        var nextFrame = Clock.now()
        var nextTrim = nextFrame + Self.trimEvery
        while !program.finished && !Interrupt.requested {
            let wait = max(0, Int((nextFrame - Clock.now()) * 1000))
            if let event = session.readKey(timeoutMilliseconds: wait) {
                switch event {
                case .key(let k): program.receive(.key(k))
                case .resize(let w, let h): program.receive(.resize(width: w, height: h))
                }
                // Drain queued keys before drawing, so bursts (and resizes) cost one frame.
                continue
            }
            let now = Clock.now()
            guard now >= nextFrame else { continue }
            let unseen = session.inputClosed
            nextFrame = unseen ? now + 1 : max(nextFrame + frame, now)
            program.drain()
            if let size = session.syncSize() { program.receive(.resize(width: size.width, height: size.height)) }
            program.receive(.tick(now))
            if now >= nextTrim {
                MemoryArenas.releaseFree()
                nextTrim = now + Self.trimEvery
            }
            if unseen { continue }
            buffer.reset(width: program.size.width, height: program.size.height)
            program.render(into: &buffer)
            session.draw(buffer)
            program.shown(buffer)
        }
    }
}

extension Message: LoopMessage {}
extension RaceMessage: LoopMessage {}
