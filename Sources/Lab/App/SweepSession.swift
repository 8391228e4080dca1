import Dispatch
import Models
import Synchronization

/// The sweep's worker pool and its noise-scale estimate, started and restarted by the run loop (the impure side).
final class SweepSession {
    private var runner: SweepRunner?
    /// The latest noise estimate and the sweep generation it belongs to (a restart makes older ones stale).
    private final class NoiseSlot: Sendable {
        let value = Mutex<(generation: Int, noise: GradientNoise)?>(nil)
    }
    private let noise = NoiseSlot()
    private var generation = 0

    /// Cancels any running sweep and starts the one `config` describes; B_simple is measured on a background thread.
    func start(_ config: ScalingConfig) {
        runner?.cancel()
        runner?.wait()
        let task = ScalingTask(config.task)
        let r = SweepRunner(grid: config.grid, task: task, settings: config.settings, threads: config.threads)
        runner = r
        generation += 1
        let examples = config.noiseExamples, gen = generation, slot = noise
        DispatchQueue.global().async {
            let n = ScalingWorker(task: task).exactGradientNoise(examples: examples)
            slot.value.withLock { $0 = (gen, n) }
        }
        r.start()
    }

    /// Results finished since the last call.
    func drain() -> [SweepResult] { runner?.drain() ?? [] }

    /// The noise estimate once it is ready (handed over once).
    func takeNoise() -> GradientNoise? {
        let current = generation
        return noise.value.withLock { v in
            guard let (gen, n) = v, gen == current else { return nil }
            v = nil
            return n
        }
    }

    func stop() {
        runner?.cancel()
        runner?.wait()
    }
}
