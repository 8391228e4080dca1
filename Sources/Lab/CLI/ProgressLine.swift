import Foundation
import Models

/// One self-overwriting status line on stderr, shown only when stderr is a terminal.
struct ProgressLine {
    let total: Int
    let enabled = isatty(STDERR_FILENO) == 1
    private var lastDraw = 0.0
    private let start = Clock.now()

    init(total: Int) { self.total = total }

    mutating func update(_ m: StepMetrics) {
        guard enabled else { return }
        let now = Clock.now()
        guard now - lastDraw >= 0.2 || m.step == total else { return }
        lastDraw = now
        let elapsed = now - start
        let rate = Double(m.step) / max(elapsed, 1e-9)
        let eta = rate > 0 ? Double(total - m.step) / rate : 0
        let line = String(format: "step %d/%d  loss %.4f  ema %.4f  %.0f steps/s  ETA %@",
                          m.step, total, m.loss, m.lossEMA, rate, Self.duration(eta))
        FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }

    static func duration(_ s: Double) -> String {
        s >= 60 ? String(format: "%dm%02ds", Int(s) / 60, Int(s) % 60) : String(format: "%.0fs", s)
    }
}

/// Monotonic seconds, and the CPU time this process has used (all threads).
enum Clock {
    static func now() -> Double { seconds(CLOCK_MONOTONIC) }
    static func cpuSeconds() -> Double { seconds(CLOCK_PROCESS_CPUTIME_ID) }

    private static func seconds(_ clock: clockid_t) -> Double {
        var ts = timespec()
        clock_gettime(clock, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
