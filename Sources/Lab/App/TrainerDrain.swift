import Models

extension TrainerChannel {
    /// Everything the trainer published since the last look, in the order every screen applies it: metrics rows, then
    /// rare events, then the latest snapshot.
    func drainAll(_ each: (TrainerEvent) -> Void) {
        for m in drainMetrics() { each(.metrics(m)) }
        for e in drainEvents() { each(e) }
        if let s = takeSnapshot() { each(.snapshot(s)) }
    }
}
