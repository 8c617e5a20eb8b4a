import Foundation
import TestSupport

/// Runs the built `wallet` binary as `CommandRunner` does, with what the bounded-input and
/// `--out` tests need besides: standard input from a file or from an endless `yes`, an umask, an
/// address-space limit (so that an unbounded read fails instead of taking the machine's memory),
/// and the child's peak resident set size from wait4(2). The child runs in the test's temporary directory.
enum ChildProcess {
    enum Input {
        /// Bytes written to a pipe (then closed).
        case bytes([UInt8])
        /// A file opened as standard input (a regular file: the wallet can see its size).
        case file(String)
        /// The output of `/usr/bin/yes`: "y\n" without end, through a pipe.
        case yes
    }

    struct Output {
        let status: Int32
        /// Killed by this signal, or 0.
        let signal: Int32
        let stdout: [UInt8]
        let stderr: String
        /// ru_maxrss: the child's peak resident set size, in bytes.
        let peakResidentBytes: Int
        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// A child that stops reading its stdin must not kill the test process with SIGPIPE.
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// Makes the test process a child subreaper (prctl PR_SET_CHILD_SUBREAPER): orphaned
    /// descendants become its children. prctl is variadic, which Swift cannot call, so it is
    /// called through a fixed-argument pointer (all arguments are integers).
    private static let isSubreaper: Bool = {
        typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
        guard let symbol = dlsym(nil, "prctl") else { return false }
        let setChildSubreaper: Int32 = 36
        return unsafeBitCast(symbol, to: Prctl.self)(setChildSubreaper, 1, 0, 0, 0) == 0
    }()

    /// The address space every child gets: enough for the wallet, far less than an unbounded read needs.
    static let addressSpaceLimitKiB = 1 << 20

    static func run(_ arguments: [String], stdin: Input = .bytes([]), environment: [String: String] = [:],
                    umask mask: Int? = nil, in directory: TemporaryDirectory) throws -> Output {
        _ = ignoreBrokenPipes
        guard isSubreaper else { throw POSIXError(.ENOSYS) }
        let outPath = directory.appending("child-stdout-\(UUID().uuidString)").path
        let errPath = directory.appending("child-stderr-\(UUID().uuidString)").path
        defer { unlink(outPath); unlink(errPath) }
        // sh sets the limits and starts the wallet in the background, then exits: the wallet is
        // forked from sh's small address space and, orphaned, becomes the test's child (a child
        // subreaper), so wait4 measures the wallet alone. (A process spawned from the test with
        // posix_spawn inherits the test's own peak RSS at exec: vfork shares its memory.)
        let pidPath = directory.appending("child-pid-\(UUID().uuidString)").path
        defer { unlink(pidPath) }
        var script = "cd '\(directory.url.path)' || exit 119; ulimit -v \(addressSpaceLimitKiB) || exit 120; "
        if let mask { script += "umask \(String(mask, radix: 8)) || exit 121; " }
        // An asynchronous command's stdin would be /dev/null: hand it the real one through fd 4.
        script += "exec 4<&0; \"$0\" \"$@\" <&4 4<&- & echo $! > '\(pidPath)'"
        let argv = ["/bin/sh", "-c", script, CommandRunner.walletBinary.path] + arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        let envp = env.map { "\($0.key)=\($0.value)" }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var pipeEnds: [Int32] = [-1, -1]
        var yesPid: pid_t = 0
        switch stdin {
        case .file(let path):
            posix_spawn_file_actions_addopen(&actions, 0, path, O_RDONLY, 0)
        case .bytes, .yes:
            guard pipe(&pipeEnds) == 0 else { throw POSIXError(.EMFILE) }
            // Close-on-exec: only the dup2'd copy reaches a child, so `yes` sees a broken pipe once the wallet exits.
            for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            posix_spawn_file_actions_adddup2(&actions, pipeEnds[0], 0)
        }
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        if case .yes = stdin {
            var yesActions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&yesActions)
            defer { posix_spawn_file_actions_destroy(&yesActions) }
            posix_spawn_file_actions_adddup2(&yesActions, pipeEnds[1], 1)
            yesPid = try spawn(["/usr/bin/yes"], environment: envp, actions: &yesActions)
        }
        let pid = try spawn(argv, environment: envp, actions: &actions)
        if pipeEnds[0] >= 0 { close(pipeEnds[0]) }
        if case .bytes(let bytes) = stdin {
            // Written from another thread, so a child that stops reading never blocks the test.
            let writeEnd = pipeEnds[1]
            Thread.detachNewThread {
                var offset = 0
                while offset < bytes.count {
                    let written = bytes.withUnsafeBytes { write(writeEnd, $0.baseAddress! + offset, bytes.count - offset) }
                    if written < 0 && errno == EINTR { continue }
                    if written <= 0 { break }
                    offset += written
                }
                close(writeEnd)
            }
        } else if pipeEnds[1] >= 0 {
            close(pipeEnds[1])
        }
        var status: Int32 = 0
        var shell: pid_t
        repeat { shell = waitpid(pid, &status, 0) } while shell < 0 && errno == EINTR
        // If the wallet ended first, it waits as a zombie and is handed over all the same.
        guard shell == pid, status == 0, let text = try? String(contentsOfFile: pidPath, encoding: .utf8), let walletPid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw POSIXError(.ECHILD)
        }
        var usage = rusage()
        var waited: pid_t
        repeat { waited = wait4(walletPid, &status, 0, &usage) } while waited < 0 && errno == EINTR
        guard waited == walletPid else { throw POSIXError(.ECHILD) }
        if yesPid > 0 {
            kill(yesPid, SIGTERM)
            var yesStatus: Int32 = 0
            while waitpid(yesPid, &yesStatus, 0) < 0 && errno == EINTR {}
        }
        let exited = status & 0x7F == 0
        return Output(status: exited ? (status >> 8) & 0xFF : -1, signal: exited ? 0 : status & 0x7F,
                      stdout: Array((try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data()),
                      stderr: String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: errPath))) ?? Data(), as: UTF8.self),
                      peakResidentBytes: usage.ru_maxrss * 1024)
    }

    private static func spawn(_ arguments: [String], environment: [String], actions: inout posix_spawn_file_actions_t) throws -> pid_t {
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], &actions, nil, argv, envp)
        guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EINVAL) }
        return pid
    }
}
