import ArgumentParser
import Foundation
import Synchronization

/// Set by SIGINT/SIGTERM/SIGHUP handlers; polled by loops so they can stop cleanly and write what they have.
let interruptFlag = Atomic<Int32>(0)

enum Interrupt {
    /// The signals that stop a run cleanly, exiting 128 + the signal (130, 143, 129).
    static let stopping = [SIGINT, SIGTERM, SIGHUP]

    /// Installs handlers that only record the signal (async-signal-safe).
    static func install() {
        for sig in stopping {
            // Started under nohup (SIGHUP ignored): keep ignoring it, as nohup asked.
            let previous = signal(sig) { s in interruptFlag.store(s, ordering: .relaxed) }
            if sig == SIGHUP, unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { signal(sig, SIG_IGN) }
        }
        // A file-size limit (ulimit -f) must fail the write with EFBIG, reported in one line, not kill the process.
        signal(SIGXFSZ, SIG_IGN)
        // A parent may have started us with these blocked (masks are inherited): unblock them.
        var set = sigset_t()
        sigemptyset(&set)
        for sig in stopping { sigaddset(&set, sig) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// The conventional exit code after a stopping signal: 128 + its number.
    static var exitCode: ExitCode { ExitCode(128 + received) }

    static var received: Int32 { interruptFlag.load(ordering: .relaxed) }
    static var requested: Bool { received != 0 }
}

extension Interrupt {
    /// On a crash signal, puts the terminal back before the default action runs (best effort: endwin is not async-signal-safe).
    static func restoreTerminalOnCrash() {
        for sig in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE] {
            signal(sig) { s in
                restoreTerminal()
                signal(s, SIG_DFL)
                raise(s)
            }
        }
    }
}
