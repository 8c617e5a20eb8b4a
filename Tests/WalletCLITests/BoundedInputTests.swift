import Foundation
import StrictJSON
import TestSupport
import Testing
@testable import WalletCLI
import WalletCLISupport

/// Bounded input everywhere (issue 13 §2, security requirement 39): every input the `wallet`
/// tool reads — file arguments, `-`, `--batch` lines — is read with a cap, never whole first.
/// Each case runs the built binary under a 1 GiB address-space limit and measures its peak
/// resident memory with wait4(2).
@Suite("Bounded input: files, stdin and batch lines are read with a cap", .serialized)
struct BoundedInputTests {
    /// Far below the 100 MB inputs, far above what the wallet needs (about 35 MB).
    static let memoryCeiling = 64 << 20

    /// A sparse file of `size` bytes: costs no disk, reads as zeros.
    static func sparseFile(_ size: Int, in directory: TemporaryDirectory, name: String) throws -> String {
        let path = directory.appending(name).path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: UInt64(size))
        try handle.close()
        return path
    }

    func expectBounded(_ output: ChildProcess.Output, _ what: String, ceiling: Int = Self.memoryCeiling, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(output.signal == 0, "\(what): killed by signal \(output.signal): \(output.stderr.prefix(300))", sourceLocation: sourceLocation)
        #expect(output.peakResidentBytes < ceiling,
                "\(what): peak RSS \(output.peakResidentBytes >> 20) MiB", sourceLocation: sourceLocation)
    }

    @Test("vc verify / vp verify: a 100 MB file, the same file as stdin, endless `yes`, /dev/zero — inputTooLarge, exit 1, bounded memory")
    func verifyInputs() throws {
        let directory = TemporaryDirectory("bounded-verify")
        defer { directory.remove() }
        let big = try Self.sparseFile(100_000_000, in: directory, name: "big.jwt")
        let cases: [(String, [String], ChildProcess.Input)] = [
            ("vc verify FILE", ["vc", "verify", big], .bytes([])),
            ("vc verify - < FILE", ["vc", "verify", "-"], .file(big)),
            ("yes | vc verify -", ["vc", "verify", "-"], .yes),
            ("yes | vc verify", ["vc", "verify"], .yes),
            ("vc verify /dev/zero", ["vc", "verify", "/dev/zero"], .bytes([])),
            ("yes | vp verify -", ["vp", "verify", "-", "--challenge", "c", "--domain", "d"], .yes),
            ("vp verify FILE", ["vp", "verify", big, "--challenge", "c", "--domain", "d"], .bytes([])),
        ]
        for (what, arguments, input) in cases {
            let text = try ChildProcess.run(arguments, stdin: input, in: directory)
            expectBounded(text, what)
            #expect(text.status == 1, "\(what): exit \(text.status) \(text.stderr.prefix(300))")
            #expect(text.stdoutText.hasPrefix("invalid: inputTooLarge: ") && text.stdoutText.contains("1048576 bytes (1 MiB)"),
                    "\(what): \(text.stdoutText.prefix(300))")
            let json = try ChildProcess.run(arguments + ["--json"], stdin: input, in: directory)
            expectBounded(json, what + " --json")
            #expect(json.status == 1)
            let report = try JSONValue(parsing: json.stdout)
            #expect(report["verified"] == false && report["errors"]?.arrayValue?.first?["code"] == "inputTooLarge", "\(what): \(json.stdoutText.prefix(300))")
        }
    }

    @Test("Every other input — subject, stored credential, presented credential, status list, backup — is refused over its cap: inputTooLarge, exit 1")
    func otherInputs() throws {
        let directory = TemporaryDirectory("bounded-other")
        defer { directory.remove() }
        let env = ["WALLET_HOME": directory.appending("wallet").path, "WALLET_PASSPHRASE": "bounded pass"]
        #expect(try ChildProcess.run(["init", "--kdf", "interactive"], environment: env, in: directory).status == 0)
        #expect(try ChildProcess.run(["did", "create", "--method", "key", "--label", "me"], environment: env, in: directory).status == 0)
        // A command that unlocks the wallet first holds Argon2id's 64 MiB besides: its ceiling is
        // what unlocking takes (did list) plus 32 MiB, still far below the 100 MB input.
        let unlocking = try ChildProcess.run(["did", "list"], environment: env, in: directory)
        #expect(unlocking.status == 0)
        let unlockingCeiling = unlocking.peakResidentBytes + (32 << 20)
        let big = try Self.sparseFile(100_000_000, in: directory, name: "big")
        let bigBackup = try Self.sparseFile(300_000_000, in: directory, name: "big.backup")
        let credential = directory.appending("credential.json")
        try Data(#"{"id":"did:example:x"}"#.utf8).write(to: credential)
        let cases: [(String, [String], ChildProcess.Input, String)] = [
            ("vc issue --subject FILE", ["vc", "issue", "--issuer", "me", "--subject", big], .bytes([]), "1048576 bytes (1 MiB)"),
            ("yes | vc issue --subject -", ["vc", "issue", "--issuer", "me", "--subject", "-"], .yes, "1048576 bytes (1 MiB)"),
            ("vc store FILE", ["vc", "store", big], .bytes([]), "1048576 bytes (1 MiB)"),
            ("yes | vc store -", ["vc", "store", "-"], .yes, "1048576 bytes (1 MiB)"),
            ("vp create --credential FILE", ["vp", "create", "--holder", "me", "--credential", big, "--challenge", "c", "--domain", "d"], .bytes([]),
             "1048576 bytes (1 MiB)"),
            ("vc verify --status-list FILE", ["vc", "verify", credential.path, "--status-list", big], .bytes([]), "2097152 bytes (2 MiB)"),
            ("vc verify --status-list /dev/zero", ["vc", "verify", credential.path, "--status-list", "/dev/zero"], .bytes([]), "2097152 bytes (2 MiB)"),
            ("vp verify --status-list FILE", ["vp", "verify", credential.path, "--challenge", "c", "--domain", "d", "--status-list", big], .bytes([]),
             "2097152 bytes (2 MiB)"),
            ("vc list --status-list FILE", ["vc", "list", "--status-list", big], .bytes([]), "2097152 bytes (2 MiB)"),
            ("backup import FILE", ["backup", "import", bigBackup, "--wallet", directory.appending("restored").path], .bytes([]), "268435456 bytes (256 MiB)"),
        ]
        for (what, arguments, input, limit) in cases {
            let output = try ChildProcess.run(arguments + ["--json"], stdin: input, environment: env, in: directory)
            expectBounded(output, what, ceiling: arguments[0] == "vp" && arguments[1] == "create" ? unlockingCeiling : Self.memoryCeiling)
            #expect(output.status == 1, "\(what): exit \(output.status) \(output.stderr.prefix(300))")
            #expect(output.stderr.hasPrefix("wallet: error: inputTooLarge: ") && output.stderr.contains(limit), "\(what): \(output.stderr.prefix(300))")
            let error = try JSONValue(parsing: output.stdout)["error"]
            #expect(error?["code"] == "inputTooLarge", "\(what): \(output.stdoutText.prefix(300))")
        }
        // Nothing was stored, presented or restored.
        let listed = try ChildProcess.run(["vc", "list", "--json"], environment: env, in: directory)
        #expect(try JSONValue(parsing: listed.stdout)["credentials"] == [])
        let logged = try ChildProcess.run(["log", "list", "--json"], environment: env, in: directory)
        #expect(try JSONValue(parsing: logged.stdout)["entries"] == [])
        #expect(!FileManager.default.fileExists(atPath: directory.appending("restored").path))
    }

    @Test("A directory or a missing file is unreadableInput, exit 2 with the reason — never a crash")
    func unreadableInputs() throws {
        let directory = TemporaryDirectory("bounded-unreadable")
        defer { directory.remove() }
        let cases: [(String, [String], String)] = [
            ("vc verify --batch DIR", ["vc", "verify", "--batch", directory.url.path], "Is a directory"),
            ("vc verify DIR", ["vc", "verify", directory.url.path], "Is a directory"),
            ("vc verify MISSING", ["vc", "verify", directory.appending("missing").path], "No such file or directory"),
            ("vc verify --batch MISSING", ["vc", "verify", "--batch", directory.appending("missing").path], "No such file or directory"),
            ("vp verify DIR", ["vp", "verify", directory.url.path, "--challenge", "c", "--domain", "d"], "Is a directory"),
            ("vc verify --status-list DIR", ["vc", "verify", "/dev/null", "--status-list", directory.url.path], "Is a directory"),
        ]
        for (what, arguments, reason) in cases {
            let output = try ChildProcess.run(arguments, in: directory)
            #expect(output.signal == 0 && output.status == 2, "\(what): exit \(output.status), signal \(output.signal): \(output.stderr.prefix(300))")
            #expect(output.stderr.contains("unreadableInput") && output.stderr.contains(reason), "\(what): \(output.stderr.prefix(300))")
        }
    }

    // MARK: --batch

    /// `count` compact JWTs issued by a fresh wallet, as JSON Lines (JSON strings).
    static func issuedLines(_ count: Int, in directory: TemporaryDirectory) throws -> [[UInt8]] {
        let env = ["WALLET_HOME": directory.appending("issuer").path, "WALLET_PASSPHRASE": "batch pass"]
        #expect(try CommandRunner.run(["init", "--kdf", "interactive"], environment: env).status == 0)
        #expect(try CommandRunner.run(["did", "create", "--method", "key", "--label", "issuer"], environment: env).status == 0)
        return try (0..<count).map { index in
            let issued = try CommandRunner.run(["vc", "issue", "--issuer", "issuer", "--subject", "-"], stdin: Array(#"{"n":\#(index)}"#.utf8), environment: env)
            #expect(issued.status == 0, "\(issued.stderr)")
            return JSONSerializer().serialize(.string(issued.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
    }

    @Test("--batch: a line over the 4 MiB cap stops with lineTooLong, exit 2 and a clear message; the reports of the lines before it are on stdout")
    func batchLineOverCap() throws {
        let directory = TemporaryDirectory("bounded-batch")
        defer { directory.remove() }
        let lines = try Self.issuedLines(4, in: directory)
        let cap = BoundedInput.Limit.batchLine.bytes
        #expect(cap == 4 << 20)
        var input: [UInt8] = []
        for line in lines.prefix(3) { input += line + [0x0A] }
        input += [0x0A]  // a blank line: skipped, but counted as a line
        input += [UInt8](repeating: UInt8(ascii: "a"), count: cap + 1) + [0x0A]
        input += lines[3] + [0x0A]
        let file = directory.appending("batch.jsonl")
        try Data(input).write(to: file)
        for (what, arguments, stdin) in [("FILE", ["vc", "verify", "--batch", file.path], ChildProcess.Input.bytes([])),
                                         ("stdin", ["vc", "verify", "--batch", "-"], .file(file.path)),
                                         ("pipe", ["vc", "verify", "--batch", "-"], .bytes(input))] {
            let output = try ChildProcess.run(arguments, stdin: stdin, in: directory)
            expectBounded(output, what)
            #expect(output.status == 2, "\(what): exit \(output.status): \(output.stderr.prefix(300))")
            let reports = try output.stdout.split(separator: 0x0A).map { try JSONValue(parsing: Array($0)) }
            #expect(reports.count == 3 && reports.allSatisfy { $0["verified"] == true }, "\(what): \(output.stdoutText.prefix(500))")
            #expect(output.stderr.contains("wallet: error: lineTooLong: ") && output.stderr.contains("line 5 is longer than the limit of 4194304 bytes (4 MiB)"),
                    "\(what): \(output.stderr)")
            #expect(output.stderr.contains("the reports of the 3 credentials before it are on stdout"), "\(what): \(output.stderr)")
            #expect(!output.stderr.contains("CLIError("), "\(what): \(output.stderr)")
        }
        // A line of exactly the cap, and one over the verifier's 1 MiB, are lines: each gets its
        // own inputTooLarge report (a credential is at most 1 MiB), and the batch goes on.
        let atCap = [UInt8](repeating: UInt8(ascii: " "), count: cap - lines[0].count) + lines[0]
        let overVerifierLimit = JSONSerializer().serialize(.string(String(repeating: "a", count: 2 << 20)))
        try Data(lines[1] + [0x0A] + atCap + [0x0A] + overVerifierLimit + [0x0A] + lines[2]).write(to: file)
        let output = try ChildProcess.run(["vc", "verify", "--batch", file.path], in: directory)
        expectBounded(output, "at the cap")
        let reports = try output.stdout.split(separator: 0x0A).map { try JSONValue(parsing: Array($0)) }
        #expect(output.status == 1 && reports.count == 4, "\(output.stderr)")
        #expect(reports.map { $0["verified"] } == [true, false, false, true])
        #expect(reports[1]["errors"]?.arrayValue?.first?["code"] == "inputTooLarge" && reports[2]["errors"]?.arrayValue?.first?["code"] == "inputTooLarge")
        #expect(!output.stderr.contains("lineTooLong"), "\(output.stderr)")
    }

    @Test("--batch from an endless line (/dev/zero) stops at the cap with bounded memory")
    func batchEndlessLine() throws {
        let directory = TemporaryDirectory("bounded-batch-zero")
        defer { directory.remove() }
        let output = try ChildProcess.run(["vc", "verify", "--batch", "/dev/zero"], in: directory)
        expectBounded(output, "--batch /dev/zero")
        #expect(output.status == 2 && output.stderr.contains("lineTooLong") && output.stderr.contains("line 1 is longer"), "\(output.stderr)")
        #expect(output.stdout.isEmpty)
    }
}
