import Foundation
import StrictJSON
import TestSupport
import Testing

/// Secrets in memory and on disk (security requirement 41): what a core dump of the `wallet`
/// process holds, core dumps turned off, the wallet directory's mode, passphrase files readable
/// by others, and the backup passphrase floor.
@Suite("Secrets in memory and on disk", .serialized)
struct SecretsCLITests {
    static let gdb = "/usr/bin/gdb"

    /// Runs `wallet arguments` under gdb, stops it at `exit()` — after everything was printed and
    /// the command's values were released — and writes a core file. Returns the core and stdout.
    func dumpAtExit(_ arguments: [String], environment: [String: String], in directory: TemporaryDirectory) throws -> (core: Data, stdout: String) {
        #expect(FileManager.default.isExecutableFile(atPath: Self.gdb), "gdb is needed for this test: .ci/install-deps installs it")
        let core = directory.appending("core").path
        let stdout = directory.appending("stdout").path
        let process = Process()
        // The test process blocks SIGCHLD in its threads and a spawned child inherits that mask;
        // gdb then never hears that the program stopped. perl (Debian's essential perl-base)
        // clears the mask before it becomes gdb.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/perl")
        // `run ARGS > FILE` replaces the program's arguments, so they go on the `run` line itself
        // (through gdb's shell, hence quoted).
        let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        process.arguments = ["-MPOSIX", "-e", "sigprocmask(SIG_SETMASK, POSIX::SigSet->new()); exec { $ARGV[0] } @ARGV or die", Self.gdb, "-batch", "-nx", "-ex", "set breakpoint pending on", "-ex", "break exit", "-ex", "run \(quoted) > \(stdout) < /dev/null",
                             "-ex", "gcore \(core)", "-ex", "kill", CommandRunner.walletBinary.path]
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(300)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning {
            process.terminate()
            Issue.record("gdb did not finish within 300 s")
        }
        process.waitUntilExit()
        return (try Data(contentsOf: URL(fileURLWithPath: core)), try String(contentsOfFile: stdout, encoding: .utf8))
    }

    func occurrences(of needle: String, in haystack: Data) -> Int {
        var count = 0
        var range = haystack.startIndex..<haystack.endIndex
        while let found = haystack.range(of: Data(needle.utf8), in: range) {
            count += 1
            range = found.upperBound..<haystack.endIndex
        }
        return count
    }

    @Test("A core dump of `wallet init` taken at exit holds neither the recovery phrase nor the passphrase")
    func initLeavesNoPhrase() throws {
        let directory = TemporaryDirectory("dump")
        defer { directory.remove() }
        let passphrase = "MARKER-\(UUID().uuidString)-passphrase"
        let walletPath = directory.appending("wallet-\(UUID().uuidString)").path
        for json in [false, true] {
            try? FileManager.default.removeItem(atPath: walletPath)
            let arguments = ["init", "--wallet", walletPath, "--kdf", "interactive"] + (json ? ["--json"] : [])
            let (core, stdout) = try dumpAtExit(arguments, environment: ["WALLET_PASSPHRASE": passphrase], in: directory)
            let words: [String]
            if json {
                words = try #require(JSONValue(parsing: Array(stdout.utf8))["recoveryPhrase"]?.stringValue).split(separator: " ").map(String.init)
            } else {
                let numbered = try NSRegularExpression(pattern: "[0-9]+\\. ([a-z]+)")
                words = numbered.matches(in: stdout, range: NSRange(stdout.startIndex..., in: stdout)).map { String(stdout[Range($0.range(at: 1), in: stdout)!]) }
            }
            #expect(words.count == 24)
            // The dump is real and searchable: the wallet's path, which the process held in
            // ordinary strings, is in it.
            #expect(core.count > 1 << 20)
            #expect(occurrences(of: walletPath, in: core) > 0)
            // Not the phrase, not any three consecutive words of it, not the passphrase.
            #expect(occurrences(of: words.joined(separator: " "), in: core) == 0)
            for start in 0...(words.count - 3) {
                #expect(occurrences(of: words[start..<start + 3].joined(separator: " "), in: core) == 0, "words \(start + 1)–\(start + 3)")
            }
            #expect(occurrences(of: passphrase, in: core) == 0)
        }
    }

    @Test("`wallet recovery-phrase show` leaves no copy of the phrase in a dump either")
    func showLeavesNoPhrase() throws {
        let directory = TemporaryDirectory("dump-show")
        defer { directory.remove() }
        let wallet = directory.appending("w").path
        let env = ["WALLET_HOME": wallet, "WALLET_PASSPHRASE": "correct horse battery staple"]
        let created = try CommandRunner.run(["init", "--kdf", "interactive", "--json"], environment: env)
        let phrase = try #require(try JSONValue(parsing: created.stdout)["recoveryPhrase"]?.stringValue)
        let (core, stdout) = try dumpAtExit(["recovery-phrase", "show", "--yes"], environment: env, in: directory)
        #expect(stdout == phrase + "\n")
        #expect(core.count > 1 << 20)
        #expect(occurrences(of: phrase, in: core) == 0)
        let words = phrase.split(separator: " ")
        #expect(occurrences(of: words[10..<13].joined(separator: " "), in: core) == 0)
    }

    @Test("The CLI runs with a zero core-size limit")
    func coreLimit() throws {
        let directory = TemporaryDirectory("limits")
        defer { directory.remove() }
        // A FIFO as the passphrase file: the command blocks opening it, and we read its limits.
        let fifo = directory.appending("passphrase.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let process = Process()
        process.executableURL = CommandRunner.walletBinary
        process.arguments = ["init", "--wallet", directory.appending("w").path, "--kdf", "interactive", "--passphrase-file", fifo]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var limits = ""
        for _ in 0..<400 {
            limits = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/limits", encoding: .utf8)) ?? ""
            let blocked = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/wchan", encoding: .utf8)) ?? ""
            if blocked.contains("fifo") || blocked.contains("pipe") { break }
            usleep(25_000)
        }
        let writer = FileHandle(forWritingAtPath: fifo)
        writer?.write(Data("correct horse battery staple\n".utf8))
        try writer?.close()
        process.waitUntilExit()
        let line = try #require(limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") })
        #expect(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).prefix(2) == ["0", "0"], "\(line)")
    }

    @Test("init makes an existing open directory private, and refuses one that is not the user's")
    func directoryMode() throws {
        let directory = TemporaryDirectory("mode")
        defer { directory.remove() }
        let open = directory.appending("open").path
        try FileManager.default.createDirectory(atPath: open, withIntermediateDirectories: false)
        #expect(chmod(open, 0o777) == 0)
        let env = ["WALLET_PASSPHRASE": "correct horse battery staple"]
        let made = try CommandRunner.run(["init", "--wallet", open, "--kdf", "interactive", "--json"], environment: env)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stderr.contains("had mode 777"))
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: open)[.posixPermissions] as? NSNumber).intValue
        #expect(mode == 0o700)

        if geteuid() == 0 {
            let foreign = directory.appending("foreign").path
            try FileManager.default.createDirectory(atPath: foreign, withIntermediateDirectories: false)
            #expect(chown(foreign, 4242, 4242) == 0)
            let refused = try CommandRunner.run(["init", "--wallet", foreign, "--kdf", "interactive"], environment: env)
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("insecureDirectory"))
            #expect(!FileManager.default.fileExists(atPath: foreign + "/wallet.sqlite"))
        }
    }

    @Test("A passphrase file readable by others gets a warning; a private one does not")
    func passphraseFileMode() throws {
        let directory = TemporaryDirectory("pfile")
        defer { directory.remove() }
        let file = directory.appending("passphrase").path
        try Data("correct horse battery staple\n".utf8).write(to: URL(fileURLWithPath: file))
        #expect(chmod(file, 0o644) == 0)
        let loose = try CommandRunner.run(["init", "--wallet", directory.appending("a").path, "--kdf", "interactive", "--passphrase-file", file, "--json"])
        #expect(loose.status == 0, "\(loose.stderr)")
        #expect(loose.stderr.contains("readable by other users"))
        #expect(chmod(file, 0o600) == 0)
        let tight = try CommandRunner.run(["init", "--wallet", directory.appending("b").path, "--kdf", "interactive", "--passphrase-file", file, "--json"])
        #expect(tight.status == 0, "\(tight.stderr)")
        #expect(!tight.stderr.contains("readable by other users"))
    }

    @Test("A weak backup passphrase is refused unless --weak-passphrase-ok")
    func weakBackupPassphrase() throws {
        let directory = TemporaryDirectory("weak")
        defer { directory.remove() }
        let env = ["WALLET_HOME": directory.appending("w").path, "WALLET_PASSPHRASE": "correct horse battery staple"]
        #expect(try CommandRunner.run(["init", "--kdf", "interactive", "--json"], environment: env).status == 0)
        let out = directory.appending("backup").path
        let weak = try CommandRunner.run(["backup", "export", "--out", out, "--kdf", "interactive"],
                                         environment: env.merging(["WALLET_BACKUP_PASSPHRASE": "password1234"]) { $1 })
        #expect(weak.status == 1)
        #expect(weak.stderr.contains("weakPassphrase"))
        #expect(!FileManager.default.fileExists(atPath: out))
        let allowed = try CommandRunner.run(["backup", "export", "--out", out, "--kdf", "interactive", "--weak-passphrase-ok"],
                                            environment: env.merging(["WALLET_BACKUP_PASSPHRASE": "password1234"]) { $1 })
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(FileManager.default.fileExists(atPath: out))
    }
}
