@testable import Models

extension CoreSettings {
    /// Small, fast settings for tests: a narrow net, small batches and evaluation sets.
    static func small(hidden: [Int] = [16, 16], batch: Int = 32) -> CoreSettings {
        var s = CoreSettings()
        s.net.hidden = hidden
        s.batch = batch
        s.evalSamples = 200
        s.evalSteps = 10
        s.validationSize = 256
        s.snapshotPoints = 50
        return s
    }
}

extension GenerativeExperiment {
    /// Trains until `steps` steps are done; returns the last step's metrics.
    @discardableResult
    func train(to steps: Int) -> StepMetrics? {
        var last: StepMetrics?
        while step < steps { last = trainStep() }
        return last
    }
}
