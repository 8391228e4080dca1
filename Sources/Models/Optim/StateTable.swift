/// Per-parameter state keyed by identity; the weak owner check stops a recycled address from inheriting state.
struct StateTable<State: AnyObject> {
    private final class Entry {
        weak var owner: Parameter?
        let state: State
        init(owner: Parameter, state: State) { self.owner = owner; self.state = state }
    }

    private var entries: [ObjectIdentifier: Entry] = [:]

    /// The state of `p`, created by `make` the first time (or when the shape changed).
    mutating func state(for p: Parameter, valid: (State) -> Bool, make: () -> State) -> State {
        let key = ObjectIdentifier(p)
        if let e = entries[key], e.owner === p, valid(e.state) { return e.state }
        let s = make()
        entries[key] = Entry(owner: p, state: s)
        return s
    }

    /// The existing state of `p`, if any.
    func existing(_ p: Parameter) -> State? {
        guard let e = entries[ObjectIdentifier(p)], e.owner === p else { return nil }
        return e.state
    }
}
