import Foundation
import StrictJSON
import TestSupport
import Testing
@testable import WalletCLI
import WalletCLISupport

/// `--out FILE` (issue 13 §4, security requirement 41): every command that writes a file creates
/// it with mode 0600 whatever the umask, never replaces an existing file without `--force`, and
/// goes through a temporary file and a rename, leaving nothing behind when it fails.
@Suite("--out FILE: mode 0600, no overwrite without --force, atomic", .serialized)
struct OutFileTests {
    /// One wallet with a DID and a status list, shared by the cases.
    struct Setup {
        let directory: TemporaryDirectory
        let env: [String: String]
        let credential: String

        init() throws {
            directory = TemporaryDirectory("out-file")
            env = ["WALLET_HOME": directory.appending("wallet").path, "WALLET_PASSPHRASE": "out pass",
                   "WALLET_BACKUP_PASSPHRASE": "a long enough backup passphrase for the out tests"]
            #expect(try CommandRunner.run(["init", "--kdf", "interactive"], environment: env).status == 0)
            #expect(try CommandRunner.run(["did", "create", "--method", "key", "--label", "me"], environment: env).status == 0)
            #expect(try CommandRunner.run(["status", "create", "--purpose", "revocation", "--issuer", "me", "--url", "https://status.example/1"],
                                          environment: env).status == 0)
            let subject = directory.appending("subject.json").path
            try Data(#"{"id":"did:example:holder"}"#.utf8).write(to: URL(fileURLWithPath: subject))
            let issued = try CommandRunner.run(["vc", "issue", "--issuer", "me", "--subject", subject], environment: env)
            #expect(issued.status == 0, "\(issued.stderr)")
            credential = directory.appending("credential.jwt").path
            try Data(issued.stdout).write(to: URL(fileURLWithPath: credential))
        }

        /// The commands that write `--out`, each writing to `path`.
        func commands(writingTo path: String) -> [(String, [String])] {
            [
                ("vc issue", ["vc", "issue", "--issuer", "me", "--subject", directory.appending("subject.json").path, "--out", path]),
                ("vc issue --format di-jcs", ["vc", "issue", "--issuer", "me", "--subject", directory.appending("subject.json").path, "--format", "di-jcs", "--out", path]),
                ("vp create", ["vp", "create", "--holder", "me", "--credential", credential, "--challenge", "c", "--domain", "d", "--out", path]),
                ("status publish", ["status", "publish", "--url", "https://status.example/1", "--out", path]),
                ("backup export", ["backup", "export", "--kdf", "interactive", "--out", path]),
            ]
        }

        func logCount() throws -> Int {
            let output = try CommandRunner.run(["log", "list", "--json"], environment: env)
            return try JSONValue(parsing: output.stdout)["entries"]?.arrayValue?.count ?? -1
        }
    }

    static func mode(_ path: String) -> mode_t? {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode & 0o7777 : nil
    }

    /// Files in `directory` that look like a temporary file of ours.
    static func leftovers(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.contains(".tmp-") }
    }

    @Test("A new file is created with mode 0600 even with umask 000, and no temporary file is left")
    func newFileMode() throws {
        let setup = try Setup()
        defer { setup.directory.remove() }
        let outputs = setup.directory.appending("new")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: false)
        for (index, (what, arguments)) in setup.commands(writingTo: "").enumerated() {
            let path = outputs.appendingPathComponent("out-\(index)").path
            let output = try ChildProcess.run(Array(arguments.dropLast()) + [path], environment: setup.env, umask: 0, in: setup.directory)
            #expect(output.status == 0, "\(what): \(output.stderr)")
            #expect(Self.mode(path) == 0o600, "\(what): mode \(String(Self.mode(path) ?? 0, radix: 8))")
            #expect((try? Data(contentsOf: URL(fileURLWithPath: path)).count) ?? 0 > 0, "\(what)")
        }
        #expect(Self.leftovers(in: outputs.path).isEmpty)
        // A relative path (no directory part) works too.
        let relative = try ChildProcess.run(["status", "publish", "--url", "https://status.example/1", "--out", "relative.jwt"],
                                            environment: setup.env, umask: 0, in: setup.directory)
        #expect(relative.status == 0, "\(relative.stderr)")
    }

    @Test("An existing file is refused with alreadyExists (exit 1) and left unchanged; nothing is presented or logged")
    func existingFileRefused() throws {
        let setup = try Setup()
        defer { setup.directory.remove() }
        let path = setup.directory.appending("existing.txt").path
        let original = Data("keep me\n".utf8)
        let logsBefore = try setup.logCount()
        for (what, arguments) in setup.commands(writingTo: path) {
            try original.write(to: URL(fileURLWithPath: path))
            chmod(path, 0o644)
            let output = try ChildProcess.run(arguments + ["--json"], environment: setup.env, in: setup.directory)
            #expect(output.status == 1, "\(what): exit \(output.status) \(output.stderr)")
            #expect(output.stderr.hasPrefix("wallet: error: alreadyExists: "), "\(what): \(output.stderr)")
            #expect(try JSONValue(parsing: output.stdout)["error"]?["code"] == "alreadyExists", "\(what)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == original, "\(what): the file changed")
            #expect(Self.mode(path) == 0o644, "\(what)")
        }
        #expect(try setup.logCount() == logsBefore, "a refused vp create is not logged")
        // A dangling symbolic link is something too: not followed, not replaced.
        let link = setup.directory.appending("dangling").path
        #expect(symlink(setup.directory.appending("nowhere").path, link) == 0)
        let output = try ChildProcess.run(["status", "publish", "--url", "https://status.example/1", "--out", link], environment: setup.env, in: setup.directory)
        #expect(output.status == 1 && !FileManager.default.fileExists(atPath: setup.directory.appending("nowhere").path), "\(output.stderr)")
    }

    @Test("--force replaces an existing file: the new content, mode 0600 even with umask 000")
    func forceReplaces() throws {
        let setup = try Setup()
        defer { setup.directory.remove() }
        let path = setup.directory.appending("replaced").path
        for (what, arguments) in setup.commands(writingTo: path) {
            try Data("old content\n".utf8).write(to: URL(fileURLWithPath: path))
            chmod(path, 0o666)
            let output = try ChildProcess.run(arguments + ["--force"], environment: setup.env, umask: 0, in: setup.directory)
            #expect(output.status == 0, "\(what): \(output.stderr)")
            let written = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(written != Data("old content\n".utf8) && !written.isEmpty, "\(what)")
            #expect(Self.mode(path) == 0o600, "\(what): mode \(String(Self.mode(path) ?? 0, radix: 8))")
        }
        #expect(Self.leftovers(in: setup.directory.url.path).isEmpty)
        // What was written is what stdout would have carried: a status list that verifies as a list file.
        let published = try CommandRunner.run(["status", "publish", "--url", "https://status.example/1"], environment: setup.env)
        #expect(published.status == 0 && published.stdoutText.split(separator: ".").count == 3)
    }

    @Test("A failed write leaves no temporary file and no partial file: exit 2")
    func failureLeavesNothing() throws {
        let setup = try Setup()
        defer { setup.directory.remove() }
        // --force onto a directory: the temporary file is written, the rename fails.
        let target = setup.directory.appending("a-directory")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        for (what, arguments) in setup.commands(writingTo: target.path) {
            let output = try ChildProcess.run(arguments + ["--force"], environment: setup.env, in: setup.directory)
            #expect(output.status == 2, "\(what): exit \(output.status) \(output.stderr)")
            #expect(output.stderr.contains("cannot write \(target.path)"), "\(what): \(output.stderr)")
            #expect(Self.leftovers(in: setup.directory.url.path).isEmpty, "\(what): \(Self.leftovers(in: setup.directory.url.path))")
            #expect(try FileManager.default.contentsOfDirectory(atPath: target.path).isEmpty, "\(what)")
        }
        // A directory that does not exist: nothing is created.
        let missing = setup.directory.appending("missing/out").path
        let output = try ChildProcess.run(["status", "publish", "--url", "https://status.example/1", "--out", missing], environment: setup.env, in: setup.directory)
        #expect(output.status == 2 && !FileManager.default.fileExists(atPath: setup.directory.appending("missing").path), "\(output.stderr)")
    }

    @Test("--force without --out is a usage error")
    func forceNeedsOut() throws {
        let output = try CommandRunner.run(["status", "publish", "--url", "https://status.example/1", "--force"])
        #expect(output.status == 64, "\(output.stderr)")
    }

    @Test("PrivateFile.split: the directory and the name")
    func split() {
        #expect(PrivateFile.split("file") == (".", "file"))
        #expect(PrivateFile.split("/file") == ("/", "file"))
        #expect(PrivateFile.split("a/b/file") == ("a/b", "file"))
    }
}
