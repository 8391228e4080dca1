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

/// Physics key handling: pure, like the rest of `update`.
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
    case .char("+"), .char("="):
        demo.scaleSpeed(2)
    case .char("-"), .char("_"):
        demo.scaleSpeed(0.5)
    case .char("r"):
        demo.restart()
    case .char("e"):
        demo.changeEccentricity(by: -0.05)
    case .char("E"):
        demo.changeEccentricity(by: 0.05)
    case .char("i"):
        demo.toggleIntegrator()
    default:
        return false
    }
    return true
}
