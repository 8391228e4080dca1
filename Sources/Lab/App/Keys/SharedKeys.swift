import Models

/// Keys every dashboard ends its table with: panes, save, the preset picker, help and quit.
enum SharedKeys {
    static func table(_ state: AppState) -> [KeyAction] {
        [
            KeyAction("tab", "focus next pane") { s, _ in
                cycleFocus(&s, by: 1)
                return []
            },
            KeyAction("", "", on: [.backTab]) { s, _ in
                cycleFocus(&s, by: -1)
                return []
            },
            KeyAction("z", "zoom the focused pane (esc: back)", on: [.char("z")]) { s, _ in
                s.zoomed.toggle()
                return []
            },
            KeyAction("", "", on: [.escape]) { s, _ in
                s.zoomed = false
                return []
            },
            KeyAction("s", "save screen text, SVG and metrics CSV") { s, _ in
                s.saveCount += 1
                let at = s.dashboard.position(s)
                return [.save(stem: "lab-\(s.presetName)-\(at.label)\(at.value)-\(s.saveCount)")]
            },
            KeyAction("p", "presets: open another one (this run stops)", hint: "presets") { s, _ in
                s.picker = PresetPicker(entries: s.catalogue, current: s.presetName)
                return []
            },
            KeyAction("?", "this help", hint: "help") { s, _ in
                s.showHelp.toggle()
                return []
            },
            KeyAction("q", "quit", hint: "quit", on: [.char("q"), .ctrl("c")]) { s, _ in
                s.quitting = true
                return [.quit]
            },
        ]
    }
}

/// Tab visits the panes on screen (a layout may drop one when the terminal is short).
func cycleFocus(_ state: inout AppState, by delta: Int) {
    let main = Rect(x: 0, y: 0, width: state.width, height: max(0, state.height - 1))
    let onScreen = Set(state.dashboard.layout(state, main).map(\.0))
    let panes = state.height > 0 ? state.panes.filter(onScreen.contains) : state.panes
    guard let i = panes.firstIndex(of: state.focus) else {
        state.focus = panes.first ?? .loss
        return
    }
    let n = panes.count
    state.focus = panes[((i + delta) % n + n) % n]
}
