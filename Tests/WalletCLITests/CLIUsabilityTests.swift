import Foundation
import StrictJSON
import TestSupport
import Testing

/// Issue 14 §4: `di-rdfc`/`di-jcs` with `--data-model 1.1` carry the contexts they need,
/// `vc store` keeps a credential's own id, and progress reaches a terminal only.
@Suite("CLI: 1.1 Data Integrity contexts, stored ids, terminal progress", .serialized)
struct CLIUsabilityTests {
    typealias Setup = JSONOutputCLITests.Setup

    @Test("--format di-rdfc|di-jcs --data-model 1.1: credentials/v1 first, the Data Integrity v2 context added; the credential verifies", arguments: [
        ("di-rdfc", "eddsa-rdfc-2022"), ("di-jcs", "eddsa-jcs-2022"),
    ])
    func dataIntegrityVC11(_ format: String, _ cryptosuite: String) throws {
        let setup = try Setup("di11-\(format)")
        defer { setup.directory.remove() }
        let examples = "https://www.w3.org/2018/credentials/examples/v1"
        let issued = try setup.json(["vc", "issue", "--issuer", "me", "--subject", setup.subject, "--format", format, "--data-model", "1.1",
                                     "--context", examples, "--json"])
        let credential = try #require(issued["credential"])
        #expect(issued["dataModel"] == "1.1")
        #expect(credential["@context"] == ["https://www.w3.org/2018/credentials/v1", .string(examples), "https://w3id.org/security/data-integrity/v2"],
                "\(credential)")
        #expect(credential["issuanceDate"]?.stringValue != nil && credential["validFrom"] == nil)
        #expect(credential["proof"]?["type"] == "DataIntegrityProof" && credential["proof"]?["cryptosuite"] == .string(cryptosuite))
        let report = try setup.run(["vc", "verify", "-", "--json"], stdin: JSONSerializer().serialize(credential))
        let verified = try JSONValue(parsing: report.stdout)
        #expect(report.status == 0 && verified["verified"] == true && verified["dataModel"] == "1.1", "\(report.stdoutText)")
    }

    @Test("vc store keeps the credential's own id; the same id again is alreadyExists; no id gets a urn:uuid")
    func storeKeepsId() throws {
        let setup = try Setup("store-id")
        defer { setup.directory.remove() }
        let withId = try #require(try setup.json(["vc", "issue", "--issuer", "me", "--subject", setup.subject, "--id", "urn:example:diploma:42", "--json"])["credential"]?.stringValue)
        let stored = try setup.json(["vc", "store", "-", "--json"], stdin: Array(withId.utf8))
        #expect(stored["id"] == "urn:example:diploma:42", "\(stored)")
        #expect(try setup.run(["vc", "show", "urn:example:diploma:42"]).stdoutText.contains(withId))
        let again = try setup.run(["vc", "store", "-", "--json"], stdin: Array(withId.utf8))
        #expect(again.status == 1 && again.parsedStdout["error"]?["code"] == "alreadyExists", "\(again.stderr)")
        #expect(again.stderr.contains("urn:example:diploma:42"))
        #expect(try setup.json(["vc", "list", "--json"])["credentials"]?.arrayValue?.count == 1)
        let withoutId = try #require(try setup.json(["vc", "issue", "--issuer", "me", "--subject", setup.subject, "--json"])["credential"]?.stringValue)
        let generated = try setup.json(["vc", "store", "-", "--json"], stdin: Array(withoutId.utf8))
        #expect(generated["id"]?.stringValue?.hasPrefix("urn:uuid:") == true)
    }

    /// Runs `command` (a shell command line) with a pseudo-terminal as its stdin, stdout and
    /// stderr (util-linux `script`); returns what reached the terminal.
    static func onTerminal(_ command: String, environment: [String: String]) throws -> String {
        let output = try CommandRunner.run(["-qefc", command, "/dev/null"], environment: environment, executable: URL(fileURLWithPath: "/usr/bin/script"))
        return output.stdoutText
    }

    @Test("vc verify --batch: a progress counter on a terminal's stderr, none with --quiet, none on a pipe, never in stdout",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func batchProgress() throws {
        let setup = try Setup("progress")
        defer { setup.directory.remove() }
        let jwt = try #require(try setup.json(["vc", "issue", "--issuer", "me", "--subject", setup.subject, "--json"])["credential"]?.stringValue)
        let input = setup.directory.appending("batch.jwt").path
        // The counter is shown when the reports written reach a multiple of 100; lines finish out
        // of order, so a burst may pass one: 1,000 lines give ten chances.
        try Data(String(repeating: jwt + "\n", count: 1000).utf8).write(to: URL(fileURLWithPath: input))
        let out = setup.directory.appending("out.jsonl").path
        let wallet = CommandRunner.walletBinary.path
        let shown = try Self.onTerminal("'\(wallet)' vc verify --batch '\(input)' > '\(out)'", environment: setup.env)
        let counter = /\rverified [1-9][0-9]*00 \([0-9]+ valid, 0 invalid\)/
        #expect(shown.contains(counter) && shown.contains("wallet: verified 1000 credentials"), "\(shown)")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1000 && lines.allSatisfy { $0.hasPrefix("{") } && !lines.joined().contains("\r"))
        let quiet = try Self.onTerminal("'\(wallet)' vc verify --batch '\(input)' --quiet > '\(out)'", environment: setup.env)
        #expect(!quiet.contains(counter) && quiet.contains("wallet: verified 1000 credentials"), "\(quiet)")
        // A pipe (a script): the summary only.
        let piped = try setup.run(["vc", "verify", "--batch", input])
        #expect(piped.status == 0 && !piped.stderr.contains("\r") && !piped.stderr.contains(counter), "\(piped.stderr)")
    }

    @Test("A spinner while the sensitive preset derives the key, on a terminal only, not with --quiet",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func kdfSpinner() throws {
        let directory = TemporaryDirectory("spinner")
        defer { directory.remove() }
        let wallet = CommandRunner.walletBinary.path
        let env = ["WALLET_PASSPHRASE": "spinner pass"]
        let shown = try Self.onTerminal("'\(wallet)' init --kdf sensitive --wallet '\(directory.appending("a").path)' --json > /dev/null", environment: env)
        #expect(shown.contains("Deriving the wallet key (Argon2id, sensitive)"), "\(shown)")
        let quiet = try Self.onTerminal("'\(wallet)' init --kdf sensitive --quiet --wallet '\(directory.appending("b").path)' --json > /dev/null", environment: env)
        #expect(!quiet.contains("Deriving"), "\(quiet)")
        // Not a terminal: nothing.
        let piped = try CommandRunner.run(["init", "--kdf", "sensitive", "--wallet", directory.appending("c").path], environment: env)
        #expect(piped.status == 0 && !piped.stderr.contains("Deriving"))
    }

    @Test("vc list and log list: a spinner while the store is read, on a terminal only, not with --quiet, never in stdout",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func listingSpinner() throws {
        let setup = try Setup("listing-spinner")
        defer { setup.directory.remove() }
        let jwt = try #require(try setup.json(["vc", "issue", "--issuer", "me", "--subject", setup.subject, "--json"])["credential"]?.stringValue)
        #expect(try setup.run(["vc", "store", "-"], stdin: Array(jwt.utf8)).status == 0)
        let wallet = CommandRunner.walletBinary.path
        let out = setup.directory.appending("list.txt").path
        let shown = try Self.onTerminal("'\(wallet)' vc list > '\(out)'", environment: setup.env)
        #expect(shown.contains("Reading the stored credentials"), "\(shown)")
        let listed = try String(contentsOfFile: out, encoding: .utf8)
        #expect(listed.split(separator: "\n").count == 1 && !listed.contains("Reading") && !listed.contains("\r"), "\(listed)")
        let quiet = try Self.onTerminal("'\(wallet)' vc list --quiet > '\(out)'", environment: setup.env)
        #expect(!quiet.contains("Reading"), "\(quiet)")
        let log = try Self.onTerminal("'\(wallet)' log list > '\(out)'", environment: setup.env)
        #expect(log.contains("Reading the disclosure log"), "\(log)")
        let piped = try setup.run(["vc", "list"])
        #expect(piped.status == 0 && !piped.stderr.contains("Reading"), "\(piped.stderr)")
    }
}
