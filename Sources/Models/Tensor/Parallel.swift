import Dispatch

/// Runs two independent computations at once, on the caller's thread and one pooled thread, and returns when both
/// are done. Each must touch only its own buffers; the results are those of running them one after the other.
func inParallel(_ first: () -> Void, _ second: () -> Void) {
    withoutActuallyEscaping(first) { a in
        withoutActuallyEscaping(second) { b in
            let pair = ClosurePair(a, b)
            DispatchQueue.concurrentPerform(iterations: 2) { i in i == 0 ? pair.first() : pair.second() }
        }
    }
}

/// Two closures handed to `concurrentPerform`; `inParallel` keeps them apart, so no state is shared.
private struct ClosurePair: @unchecked Sendable {
    let first: () -> Void
    let second: () -> Void
    init(_ first: @escaping () -> Void, _ second: @escaping () -> Void) {
        self.first = first
        self.second = second
    }
}
