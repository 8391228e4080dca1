import Foundation
import Synchronization

/// Set by SIGINT/SIGTERM handlers; polled by loops so they can stop cleanly and write what they have.
let interruptFlag = Atomic<Int32>(0)

enum Interrupt {
    /// Installs handlers that only record the signal (async-signal-safe).
    static func install() {
        signal(SIGINT) { sig in interruptFlag.store(sig, ordering: .relaxed) }
        signal(SIGTERM) { sig in interruptFlag.store(sig, ordering: .relaxed) }
        // A parent may have started us with these blocked (masks are inherited): unblock them.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

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
