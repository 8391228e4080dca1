import Models

/// Frame-stepping keys shared by the physics demos.
enum PhysicsKeymap {
    static func bindings(kepler: Bool) -> [KeyBinding] {
        var b = [
            KeyBinding(keys: "space", description: "play / pause", hint: "play"),
            KeyBinding(keys: ".", description: "next frame", hint: "next"),
            KeyBinding(keys: ",", description: "previous frame (exact: frames are kept)", hint: "prev"),
            KeyBinding(keys: "+ -", description: "playback speed ×2 / ÷2", hint: "speed"),
            KeyBinding(keys: "r", description: "restart", hint: "restart"),
        ]
        if kepler {
            b += [
                KeyBinding(keys: "e E", description: "eccentricity −0.05 / +0.05 (restarts)", hint: "e"),
                KeyBinding(keys: "i", description: "integrator: velocity Verlet ↔ RK4", hint: "integrator"),
            ]
        }
        b += [
            KeyBinding(keys: "tab", description: "focus next pane", hint: nil),
            KeyBinding(keys: "z", description: "zoom the focused pane", hint: nil),
            KeyBinding(keys: "s", description: "save screen text", hint: nil),
            KeyBinding(keys: "?", description: "this help", hint: "help"),
            KeyBinding(keys: "q", description: "quit", hint: "quit"),
        ]
        return b
    }
}

/// Physics key handling: pure, like the rest of `update`. Keys whose effect is not obvious on screen say what they did.
func handlePhysicsKey(_ state: inout AppState, _ demo: inout PhysicsDemo, _ key: Key) -> Bool {
    switch key {
    case .char(" "):
        state.paused.toggle()
    case .char("."):
        state.paused = true
        demo.stepForward()
    case .char(","):
        state.paused = true
        demo.stepBack()
    case .char("+"), .char("="), .char("-"), .char("_"):
        let before = demo.speed
        demo.scaleSpeed(key == .char("+") || key == .char("=") ? 2 : 0.5)
        state.say(demo.speed == before ? "speed ×\(NumberFormat.compact(demo.speed)) (the limit)" : "speed ×\(NumberFormat.compact(demo.speed)) frames per tick")
    case .char("r"):
        demo.restart()
        state.say("restarted at frame 0")
    case .char("e"), .char("E"):
        guard demo.eccentricity != nil else { return false }
        demo.changeEccentricity(by: key == .char("e") ? -0.05 : 0.05)
        state.say("e \(NumberFormat.fixed(demo.eccentricity ?? 0, decimals: 2)): restarted at periapsis")
    case .char("i"):
        guard let before = demo.integratorName else { return false }
        demo.toggleIntegrator()
        state.say("integrator \(demo.integratorName ?? before): restarted at periapsis")
    default:
        return false
    }
    return true
}
