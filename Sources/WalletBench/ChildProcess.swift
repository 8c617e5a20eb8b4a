import Foundation

/// Runs another program as the shell would (posix_spawn), and reports its wall time, exit status
/// and peak resident memory (wait4's rusage): the figures stated per process in issue 14 (cold
/// start, the batch verifier's memory).
enum ChildProcess {
    struct Result {
        /// From just before posix_spawn to the return of wait4.
        let seconds: Double
        /// The exit status, or 128 + the signal that ended it.
        let status: Int32
        /// ru_maxrss, in bytes.
        let peakResidentBytes: Int
    }

    /// Runs `path` with `arguments`, standard input from `input`, standard output to `output`
    /// (created or truncated) and standard error to /dev/null.
    static func run(_ path: String, _ arguments: [String], input: String = "/dev/null", output: String = "/dev/null") -> Result {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        precondition(spawned == 0, "cannot run \(path): \(String(cString: strerror(spawned)))")
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let signal = status & 0x7F
        return Result(seconds: seconds, status: signal == 0 ? (status >> 8) & 0xFF : 128 + signal,
                      peakResidentBytes: Int(usage.ru_maxrss) * 1024)
    }

    /// The peak resident memory of `path` run with `arguments`, measured from a small parent.
    /// A child of posix_spawn (or fork) starts with its parent's address space, and Linux keeps
    /// that space's high-water mark in the child's ru_maxrss across exec: the `Result` figure of
    /// a child of this benchmark is at least the benchmark's own peak. GNU time forks the command
    /// from its own small process, so its `%M` is the command's alone; nil without /usr/bin/time.
    static func peakResidentBytes(_ path: String, _ arguments: [String], output: String = "/dev/null") -> Int? {
        let time = "/usr/bin/time"
        guard FileManager.default.isExecutableFile(atPath: time) else { return nil }
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("wallet-bench-rss-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: report) }
        let result = run(time, ["-f", "%M", "-o", report, path] + arguments, output: output)
        guard result.status == 0 || result.status == 1,
              let text = try? String(contentsOfFile: report, encoding: .utf8),
              let kilobytes = text.split(separator: "\n").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else { return nil }
        return kilobytes * 1024
    }

    /// The `wallet` binary to measure: `--wallet PATH`, else `WALLET_BENCH_WALLET`, else the
    /// `wallet` beside this executable (`swift build -c release` puts both in one folder).
    static func walletBinary() -> String? {
        let arguments = CommandLine.arguments
        if let index = arguments.firstIndex(of: "--wallet"), index + 1 < arguments.count { return arguments[index + 1] }
        if let path = ProcessInfo.processInfo.environment["WALLET_BENCH_WALLET"] { return path }
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let own = length > 0 ? String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
        let candidate = URL(fileURLWithPath: own).deletingLastPathComponent().appendingPathComponent("wallet").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }

    /// Whether the binary loads the Swift runtime from a shared library (a build without
    /// `--static-swift-stdlib`), which changes its start-up cost: its dynamic section names it.
    static func loadsSharedSwiftRuntime(_ path: String) -> Bool {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else { return false }
        return data.range(of: Data("libswiftCore.so".utf8)) != nil
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
