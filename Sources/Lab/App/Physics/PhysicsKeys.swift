import Models

extension PaneID {
    /// Physics: the scene, the numbers, and (Kepler, curvature) a chart beside them.
    static let scene = PaneID("scene"), readouts = PaneID("readouts"), drift = PaneID("drift")
}

/// Frame-stepping keys shared by the physics demos; keys whose effect is not obvious on screen say what they did.
extension PhysicsDemo {
    func keys(_ state: AppState) -> [KeyAction] {
        var keys = [
            KeyAction("space", "play / pause (at the end: play again from the start)", hint: state.paused ? "play" : "pause") { s, _ in
                Self.change(&s) { demo, s in
                    if s.paused && demo.atEnd {
                        demo.restart()
                        s.say("from frame 0")
                    }
                    s.paused.toggle()
                }
            },
            KeyAction(".", "next frame", hint: "next") { s, _ in
                Self.change(&s) { demo, s in
                    s.paused = true
                    demo.stepForward()
                }
            },
            KeyAction(",", "previous frame (exact: frames are kept)", hint: "prev") { s, _ in
                Self.change(&s) { demo, s in
                    s.paused = true
                    demo.stepBack()
                }
            },
            KeyAction("+ -", "playback speed ×2 / ÷2", hint: "speed", on: [.char("+"), .char("="), .char("-"), .char("_")]) { s, key in
                Self.change(&s) { demo, s in
                    let before = demo.speed
                    demo.scaleSpeed(key == .char("+") || key == .char("=") ? 2 : 0.5)
                    s.say(demo.speed == before ? "speed ×\(NumberFormat.compact(demo.speed)) (the limit)"
                                               : "speed ×\(NumberFormat.compact(demo.speed)) frames per tick")
                }
            },
            KeyAction("r", "restart", hint: "restart") { s, _ in
                Self.change(&s) { demo, s in
                    demo.restart()
                    s.say("restarted at frame 0")
                }
            },
        ]
        if eccentricity != nil {
            keys += [
                KeyAction("e E", "eccentricity −0.05 / +0.05 (restarts)", hint: "e") { s, key in
                    Self.change(&s) { demo, s in
                        demo.changeEccentricity(by: key == .char("e") ? -0.05 : 0.05)
                        s.say("e \(NumberFormat.fixed(demo.eccentricity ?? 0, decimals: 2)): restarted at periapsis")
                    }
                },
                KeyAction("i", "integrator: velocity Verlet ↔ RK4", hint: "integrator") { s, _ in
                    Self.change(&s) { demo, s in
                        demo.toggleIntegrator()
                        s.say("integrator \(demo.integratorName ?? ""): restarted at periapsis")
                    }
                },
            ]
        }
        if case .curvature = self {
            keys.append(KeyAction("k", "κ(s): constant → linear (Euler spiral) → sine → affine (restarts)", hint: "κ") { s, _ in
                Self.change(&s) { demo, s in
                    if let p = demo.nextProfile() { s.say("κ(s) \(p.rawValue): restarted at s = 0") }
                }
            })
        }
        return keys
    }

    private static func change(_ state: inout AppState, _ body: (inout PhysicsDemo, inout AppState) -> Void) -> [Effect] {
        state.modify(PhysicsDemo.self) { demo, s in
            body(&demo, &s)
            return []
        }
    }
}
