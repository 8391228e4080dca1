import Models

/// Everything that can change the app's state.
enum Message: Sendable {
    case key(Key)
    /// A frame tick with the monotonic time in seconds.
    case tick(Double)
    case resize(width: Int, height: Int)
    case trainer(TrainerEvent)
    /// Finished cells of the learning-rate × batch sweep, and its noise-scale estimate.
    case sweepResults([SweepResult])
    case sweepNoise(GradientNoise)
    /// Finished cells of the muP width sweep, and its coordinate check.
    case mupResults([MuPResult])
    case mupCoords(CoordCheck)
    /// The checkpointing study's measurements, taken in the background.
    case studyMeasured([CheckpointMeasurement])
}

/// Side effects `update` asks the loop to perform (the only impure part of the app).
enum Effect: Equatable, Sendable {
    case send(TrainerCommand)
    /// Save the current screen and metrics under this file stem.
    case save(stem: String)
    case quit
    /// Replace the running experiment with this preset's (the one-step dashboard's `n`: next method).
    case switchPreset(String)
    /// Start the sweep over with these settings (after `o`, `e` or `r`).
    case restartSweep(ScalingConfig)
    /// Start the muP sweep over with these settings.
    case restartMuP(MuPConfig)
    /// Start recording the run to a new file, or stop (R).
    case toggleRecording
    /// Hold (true) or resume the sweep workers between cells (space on a sweep).
    case pauseWork(Bool)
    /// Stop this run and open another preset (the picker).
    case openPreset(String)
}
