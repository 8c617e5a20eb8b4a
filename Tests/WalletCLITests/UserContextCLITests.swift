import Foundation
import StrictJSON
import TestSupport
import Testing
import WalletCrypto

/// Contexts pinned by the user (decision 0021): `--context-file URL=FILE` for one run and
/// `wallet context add|list|remove` in the wallet. A credential signed under one document for a
/// URL never verifies under another, whichever way the other is pinned.
@Suite("CLI: user-pinned contexts", .serialized)
struct UserContextCLITests {
    typealias Setup = JSONOutputCLITests.Setup
    static let url = "https://vn.example/citizen/v1"
    static let first = #"{"@context":{"@protected":true,"fullName":"https://vn.example/citizen#fullName","province":"https://vn.example/citizen#province"}}"#
    static let other = #"{"@context":{"@protected":true,"fullName":"https://vn.example/citizen#givenAndFamilyName","province":"https://vn.example/citizen#province"}}"#

    static func sha256(_ text: String) -> String { Hex.encode(SHA256.hash(Array(text.utf8))) }

    /// The setup plus both context files and a subject using their terms.
    static func prepared(_ label: String) throws -> (Setup, first: String, other: String, subject: String) {
        let setup = try Setup(label)
        let first = setup.directory.appending("first.jsonld").path, other = setup.directory.appending("other.jsonld").path
        try Data(Self.first.utf8).write(to: URL(fileURLWithPath: first))
        try Data(Self.other.utf8).write(to: URL(fileURLWithPath: other))
        let subject = setup.directory.appending("citizen.json").path
        try Data(#"{"id":"\#(setup.did)","fullName":"Nguyễn Văn An","province":"Huế"}"#.utf8).write(to: URL(fileURLWithPath: subject))
        return (setup, first, other, subject)
    }

    @Test("--context-file: issued and verified under the file (SHA-256 reported); another file for the URL never verifies it")
    func contextFilePerRun() throws {
        let (setup, first, other, subject) = try Self.prepared("ctx-run")
        defer { setup.directory.remove() }
        // Without the pin the context is not known: refused, never fetched.
        let unpinned = try setup.run(["vc", "issue", "--issuer", "me", "--subject", subject, "--context", Self.url, "--format", "di-rdfc", "--json"])
        #expect(unpinned.status == 1 && unpinned.stderr.contains("contextNotAllowed"), "\(unpinned.stderr)")
        let issued = try setup.json(["vc", "issue", "--issuer", "me", "--subject", subject, "--context", Self.url, "--format", "di-rdfc",
                                     "--context-file", "\(Self.url)=\(first)", "--json"])
        #expect(issued["userPinnedContexts"]?[0]?["sha256"] == .string(Self.sha256(Self.first)), "\(issued)")
        let credential = setup.directory.appending("citizen.vc.json").path
        try JSONSerializer().serialize(try #require(issued["credential"])).write(to: credential)
        // Text issue: the credential on stdout, the pin's hash as a note on stderr.
        let text = try setup.run(["vc", "issue", "--issuer", "me", "--subject", subject, "--context", Self.url, "--format", "di-rdfc",
                                  "--context-file", "\(Self.url)=\(first)"])
        #expect(text.status == 0 && text.stderr.contains(Self.sha256(Self.first)) && !text.stdoutText.contains(Self.sha256(Self.first)))

        let verified = try setup.json(["vc", "verify", credential, "--context-file", "\(Self.url)=\(first)", "--json"])
        #expect(verified["verified"] == true, "\(verified)")
        #expect(verified["userPinnedContexts"] == [["url": .string(Self.url), "sha256": .string(Self.sha256(Self.first))]])
        let line = try setup.run(["vc", "verify", credential, "--context-file", "\(Self.url)=\(first)"])
        #expect(line.status == 0 && line.stdoutText.hasPrefix("valid:") && line.stdoutText.contains(Self.sha256(Self.first)), "\(line.stdoutText)")
        // The attack: another document for the same URL.
        let attacked = try setup.run(["vc", "verify", credential, "--context-file", "\(Self.url)=\(other)", "--json"])
        let report = try JSONValue(parsing: attacked.stdout)
        #expect(attacked.status == 1 && report["verified"] == false && report["errors"]?[0]?["code"] == "invalidSignature", "\(attacked.stdoutText)")
        #expect(report["userPinnedContexts"]?[0]?["sha256"] == .string(Self.sha256(Self.other)))
        // Without any pin: could not check (exit 2), and --batch reads the pins too.
        #expect(try setup.run(["vc", "verify", credential], removing: ["WALLET_HOME"]).status == 2)
        let batch = try setup.run(["vc", "verify", "--batch", "-", "--context-file", "\(Self.url)=\(first)"],
                                  stdin: JSONSerializer().serialize(try #require(issued["credential"])) + [0x0A])
        #expect(batch.status == 0 && batch.stdoutText.contains(#""verified":true"#), "\(batch.stdoutText) \(batch.stderr)")
    }

    @Test("--context-file refuses a built-in URL with other bytes, a non-context file, a missing file and URL without =")
    func contextFileRefusals() throws {
        let (setup, first, _, _) = try Self.prepared("ctx-refuse")
        defer { setup.directory.remove() }
        let credential = setup.directory.appending("x.json").path
        try Data("{}".utf8).write(to: URL(fileURLWithPath: credential))
        let v2 = try setup.run(["vc", "verify", credential, "--context-file", "https://www.w3.org/ns/credentials/v2=\(first)", "--json"])
        #expect(v2.status == 1 && v2.stderr.contains("contextConflict") && v2.parsedStdout["error"]?["code"] == "contextConflict")
        let notContext = setup.directory.appending("array.json").path
        try Data("[1]".utf8).write(to: URL(fileURLWithPath: notContext))
        let invalid = try setup.run(["vc", "verify", credential, "--context-file", "\(Self.url)=\(notContext)"])
        #expect(invalid.status == 1 && invalid.stderr.contains("invalidUserContext"), "\(invalid.stderr)")
        let missing = try setup.run(["vc", "verify", credential, "--context-file", "\(Self.url)=/nonexistent/ctx.jsonld"])
        #expect(missing.status == 2 && missing.stderr.contains("unreadableInput"), "\(missing.stderr)")
        let noEquals = try setup.run(["vc", "verify", credential, "--context-file", Self.url])
        #expect(noEquals.status == 64 && noEquals.stderr.contains("usage"), "\(noEquals.stderr)")
        // Over the 1 MiB cap: refused by its size.
        let big = setup.directory.appending("big.jsonld").path
        try Data(repeating: 0x20, count: (1 << 20) + 1).write(to: URL(fileURLWithPath: big))
        let tooLarge = try setup.run(["vc", "verify", credential, "--context-file", "\(Self.url)=\(big)"])
        #expect(tooLarge.status == 1 && tooLarge.stderr.contains("inputTooLarge"), "\(tooLarge.stderr)")
    }

    @Test("wallet context add/list/remove: vc issue and vc verify with the wallet use the pin; another document never verifies")
    func walletPins() throws {
        let (setup, first, other, subject) = try Self.prepared("ctx-wallet")
        defer { setup.directory.remove() }
        let added = try setup.json(["context", "add", Self.url, first, "--json"])
        #expect(added["sha256"] == .string(Self.sha256(Self.first)) && added["url"] == .string(Self.url))
        // The same bytes again: nothing changes; other bytes: alreadyExists.
        #expect(try setup.run(["context", "add", Self.url, first]).status == 0)
        let replaced = try setup.run(["context", "add", Self.url, other])
        #expect(replaced.status == 1 && replaced.stderr.contains("alreadyExists"), "\(replaced.stderr)")
        let builtIn = try setup.run(["context", "add", "https://www.w3.org/ns/credentials/v2", first])
        #expect(builtIn.status == 1 && builtIn.stderr.contains("contextConflict"), "\(builtIn.stderr)")
        let listed = try setup.json(["context", "list", "--json"])
        #expect(listed["contexts"]?.arrayValue?.count == 1 && listed["contexts"]?[0]?["sha256"] == .string(Self.sha256(Self.first)))

        // Issued with the wallet's pin (no --context-file).
        let issued = try setup.json(["vc", "issue", "--issuer", "me", "--subject", subject, "--context", Self.url, "--format", "di-rdfc", "--json"])
        let credential = setup.directory.appending("citizen.vc.json").path
        try JSONSerializer().serialize(try #require(issued["credential"])).write(to: credential)
        // vc verify finds the wallet by $WALLET_HOME, and by --wallet.
        let byHome = try setup.json(["vc", "verify", credential, "--json"])
        #expect(byHome["verified"] == true && byHome["userPinnedContexts"]?[0]?["sha256"] == .string(Self.sha256(Self.first)), "\(byHome)")
        let byOption = try setup.run(["vc", "verify", credential, "--wallet", setup.env["WALLET_HOME"]!], removing: ["WALLET_HOME"])
        #expect(byOption.status == 0, "\(byOption.stdoutText) \(byOption.stderr)")
        // A per-run pin of another document for the URL: never valid (the wallet is not consulted,
        // nothing was missing) — and with --wallet --batch, which reads the wallet's pins up front,
        // the two documents are a contextConflict.
        let otherRun = try setup.run(["vc", "verify", credential, "--context-file", "\(Self.url)=\(other)"])
        #expect(otherRun.status == 1 && otherRun.stdoutText.hasPrefix("invalid: invalidSignature"), "\(otherRun.stdoutText)")
        let conflict = try setup.run(["vc", "verify", "--batch", credential, "--wallet", setup.env["WALLET_HOME"]!,
                                      "--context-file", "\(Self.url)=\(other)"])
        #expect(conflict.status == 1 && conflict.stderr.contains("contextConflict"), "\(conflict.stderr)")

        // The attack through the wallet: the pin replaced (remove, then add the other document).
        #expect(try setup.run(["context", "remove", Self.url]).status == 0)
        #expect(try setup.run(["context", "add", Self.url, other]).status == 0)
        let attacked = try setup.run(["vc", "verify", credential, "--json"])
        let report = try JSONValue(parsing: attacked.stdout)
        #expect(attacked.status == 1 && report["errors"]?[0]?["code"] == "invalidSignature", "\(attacked.stdoutText)")
        #expect(report["userPinnedContexts"]?[0]?["sha256"] == .string(Self.sha256(Self.other)))
        // Removed: could not check again; removing twice is notFound.
        #expect(try setup.run(["context", "remove", Self.url]).status == 0)
        #expect(try setup.run(["vc", "verify", credential]).status == 2)
        #expect(try setup.run(["context", "remove", Self.url]).stderr.contains("notFound"))
    }

    @Test("A pin rolled back to an older copy of its records (outside the wallet) is corrupted, never used",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")))
    func rolledBackPin() throws {
        let (setup, first, other, subject) = try Self.prepared("ctx-rollback")
        defer { setup.directory.remove() }
        #expect(try setup.run(["context", "add", Self.url, first]).status == 0)
        let issued = try setup.json(["vc", "issue", "--issuer", "me", "--subject", subject, "--context", Self.url, "--format", "di-rdfc", "--json"])
        let credential = setup.directory.appending("citizen.vc.json").path
        try JSONSerializer().serialize(try #require(issued["credential"])).write(to: credential)
        let database = URL(fileURLWithPath: setup.env["WALLET_HOME"]!).appendingPathComponent("wallet.sqlite").path
        let older = setup.directory.appending("older.sqlite").path
        try FileManager.default.copyItem(atPath: database, toPath: older)
        #expect(try setup.run(["context", "remove", Self.url]).status == 0)
        #expect(try setup.run(["context", "add", Self.url, other]).status == 0)
        // The `context` kind put back as it was: rows, index entries and manifest of the older copy.
        let sql = """
            ATTACH DATABASE '\(older)' AS older;
            DELETE FROM record WHERE kind = 'context'; DELETE FROM manifest WHERE kind = 'context';
            INSERT INTO record SELECT * FROM older.record WHERE kind = 'context';
            INSERT INTO manifest SELECT * FROM older.manifest WHERE kind = 'context';
            """
        let rolled = try CommandRunner.run([database, sql], executable: URL(fileURLWithPath: "/usr/bin/sqlite3"))
        #expect(rolled.status == 0, "\(rolled.stderr)")
        let listed = try setup.run(["context", "list"])
        #expect(listed.status == 2 && listed.stderr.contains("corrupted"), "\(listed.stderr)")
        let verified = try setup.run(["vc", "verify", credential])
        #expect(verified.status == 2 && verified.stderr.contains("corrupted") && !verified.stdoutText.hasPrefix("valid"), "\(verified.stdoutText) \(verified.stderr)")
    }

    @Test("vp create and vp verify with --context-file: the presentation and its credential verify; another file does not")
    func presentations() throws {
        let (setup, first, other, subject) = try Self.prepared("ctx-vp")
        defer { setup.directory.remove() }
        let pin = "\(Self.url)=\(first)"
        let issued = try setup.json(["vc", "issue", "--issuer", "me", "--subject", subject, "--context", Self.url, "--format", "di-rdfc",
                                     "--context-file", pin, "--json"])
        let credential = setup.directory.appending("citizen.vc.json").path
        try JSONSerializer().serialize(try #require(issued["credential"])).write(to: credential)
        let presented = try setup.json(["vp", "create", "--holder", "me", "--credential", credential, "--challenge", "n-1", "--domain", "verifier.example",
                                        "--format", "di-rdfc", "--context-file", pin, "--json"])
        #expect(presented["userPinnedContexts"]?[0]?["url"] == .string(Self.url))
        let presentation = setup.directory.appending("vp.json").path
        try JSONSerializer().serialize(try #require(presented["presentation"])).write(to: presentation)
        let arguments = ["vp", "verify", presentation, "--challenge", "n-1", "--domain", "verifier.example"]
        let valid = try setup.run(arguments + ["--context-file", pin, "--json"], removing: ["WALLET_HOME"])
        #expect(valid.status == 0 && valid.parsedStdout["credentials"]?[0]?["userPinnedContexts"]?[0]?["sha256"] == .string(Self.sha256(Self.first)),
                "\(valid.stdoutText)")
        let text = try setup.run(arguments + ["--context-file", pin], removing: ["WALLET_HOME"])
        #expect(text.status == 0 && text.stdoutText.contains("pinned by you: SHA-256 \(Self.sha256(Self.first))"), "\(text.stdoutText)")
        let attacked = try setup.run(arguments + ["--context-file", "\(Self.url)=\(other)", "--json"], removing: ["WALLET_HOME"])
        #expect(attacked.status == 1 && attacked.parsedStdout["verified"] == false, "\(attacked.stdoutText)")
        #expect(attacked.parsedStdout["credentials"]?[0]?["errors"]?[0]?["code"] == "invalidSignature")
        // No pin at all: the embedded credential could not be checked (exit 2).
        #expect(try setup.run(arguments, removing: ["WALLET_HOME"]).status == 2)
    }

    @Test("A credential that needs no pinned context never unlocks the wallet (no passphrase asked)")
    func noUnlockWhenNotNeeded() throws {
        let (setup, _, _, _) = try Self.prepared("ctx-lazy")
        defer { setup.directory.remove() }
        let jwt = try #require(try setup.json(["vc", "issue", "--issuer", "me", "--subject", setup.subject, "--json"])["credential"]?.stringValue)
        // No passphrase source: an unlock would fail (couldNotRun); verification does not need one.
        let verified = try setup.run(["vc", "verify", "-"], stdin: Array(jwt.utf8), removing: ["WALLET_PASSPHRASE"])
        #expect(verified.status == 0 && verified.stdoutText.hasPrefix("valid:"), "\(verified.stdoutText) \(verified.stderr)")
    }
}

extension [UInt8] {
    func write(to path: String) throws { try Data(self).write(to: URL(fileURLWithPath: path)) }
}

extension JSONOutputCLITests.Setup {
    /// Runs a command without some of the setup's (and the test process's) variables.
    func run(_ arguments: [String], stdin: [UInt8] = [], removing removed: [String]) throws -> CommandRunner.Output {
        try CommandRunner.run(arguments, stdin: stdin, environment: env.filter { !removed.contains($0.key) }, removing: removed)
    }
}

extension CommandRunner.Output {
    /// Standard output as one JSON document, or `null` when it is not one.
    var parsedStdout: JSONValue { (try? JSONValue(parsing: stdout)) ?? .null }
}
