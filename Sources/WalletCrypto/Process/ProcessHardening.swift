internal import CSodium
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps a process's memory out of core dumps and debuggers (security requirement 41).
///
/// Secrets live in ``SecureBytes`` (`sodium_malloc`, which already marks its pages
/// `MADV_DONTDUMP`), but a process that crashes or is dumped with `gcore` would still write any
/// other copy — a passphrase in an I/O buffer, say — to disk. A command-line tool that handles a
/// recovery phrase or passphrase calls ``disableCoreDumps()`` first.
public enum ProcessHardening {
    /// Sets the core-file size limit to zero (soft and hard) and, on Linux, marks the process
    /// not dumpable (`prctl(PR_SET_DUMPABLE, 0)`, which also keeps unprivileged `ptrace` out).
    /// Returns whether both took effect.
    @discardableResult
    public static func disableCoreDumps() -> Bool {
        var limit = rlimit(rlim_cur: 0, rlim_max: 0)
        #if os(Linux)
        let limited = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &limit) == 0
        let undumpable = csodium_shim_set_dumpable(0) == 0
        return limited && undumpable
        #else
        return setrlimit(RLIMIT_CORE, &limit) == 0
        #endif
    }

    /// Whether ``disableCoreDumps()`` is in effect: a zero core-size limit (soft and hard) and,
    /// on Linux, the dumpable flag cleared.
    public static var coreDumpsDisabled: Bool {
        var limit = rlimit()
        #if os(Linux)
        guard getrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &limit) == 0 else { return false }
        return limit.rlim_cur == 0 && limit.rlim_max == 0 && csodium_shim_get_dumpable() == 0
        #else
        guard getrlimit(RLIMIT_CORE, &limit) == 0 else { return false }
        return limit.rlim_cur == 0 && limit.rlim_max == 0
        #endif
    }
}
