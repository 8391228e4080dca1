import Foundation

/// Monotonic seconds, and the CPU time this process (all threads) or this thread has used: the one clock of the trainer, the
/// evaluator, the frame loop and every summary.
public enum Clock {
    public static func now() -> Double { seconds(CLOCK_MONOTONIC) }
    public static func cpuSeconds() -> Double { seconds(CLOCK_PROCESS_CPUTIME_ID) }
    /// CPU time of the calling thread alone: what training or evaluation cost, apart from the other threads.
    public static func threadCPUSeconds() -> Double { seconds(CLOCK_THREAD_CPUTIME_ID) }

    private static func seconds(_ clock: clockid_t) -> Double {
        var ts = timespec()
        clock_gettime(clock, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
