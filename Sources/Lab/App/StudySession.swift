import Models

/// A study measured on a background thread (gradient checkpointing), with the step it is on for the footer, so the
/// dashboard opens at once and says what it is measuring instead of a blank screen.
final class StudySession: Sendable {
    /// What the study measures now, written by its thread, taken by the frame loop.
    private final class Note: Sendable {
        let text = Locked<String?>(nil)
    }

    private let note = Note()
    private let result: BackgroundValue<[CheckpointMeasurement]>
    private let cancel = CancelFlag()

    init(_ study: CheckpointStudy) {
        let note = note, cancel = cancel
        result = BackgroundValue { study.run(cancel: cancel) { text in note.text.withLock { $0 = text } } }
    }

    /// Stops the study at its next pass and joins its thread (bounded), so a quit leaves nothing inside BLAS.
    func stop() {
        cancel.cancel()
        result.wait(timeout: 2)
    }

    /// What it measures now, once per change.
    func takeProgress() -> String? { note.text.withLock { n in defer { n = nil }; return n } }

    /// The measurements once every depth and scheme is done.
    var measurements: [CheckpointMeasurement]? { result.value }
}
