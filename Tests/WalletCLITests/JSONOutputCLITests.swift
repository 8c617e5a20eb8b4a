import Foundation
import StrictJSON
import TestSupport
import Testing
@testable import WalletCLI
import WalletCLISupport

/// Issue 14 §4, the CLI as scripts use it: with `--json` stdout carries exactly one JSON document
/// (a result or `{"error": {"code", "message"}}`) for every command that takes it; every failure —
/// argument errors and unreadable files too — is `wallet: error: CODE: message` on stderr; `vc
/// verify --batch` takes the bare compact JWTs `vc issue` writes and refuses a FILE beside it;
/// `--format jwt-legacy` implies `--data-model 1.1`. End to end with the built binary; stdout is
/// parsed whole and strictly (`JSONValue(parsing:)` refuses a second document or a bare JWT).
@Suite("--json: one document on stdout; one error format")
struct JSONOutputCLITests {
    /// A wallet with a DID (`me`), a revocation list, and a subject file.
    struct Setup {
        let directory: TemporaryDirectory
        let env: [String: String]
        let subject: String
        let did: String

        init(_ label: String) throws {
            directory = TemporaryDirectory("json-\(label)")
            env = ["WALLET_HOME": directory.appending("wallet").path, "WALLET_PASSPHRASE": "json pass",
                   "WALLET_BACKUP_PASSPHRASE": "a long enough backup passphrase for the json tests"]
            let created = try CommandRunner.run(["init", "--kdf", "interactive", "--json"], environment: env)
            #expect(created.status == 0, "\(created.stderr)")
            #expect(try JSONValue(parsing: created.stdout)["recoveryPhrase"]?.stringValue?.split(separator: " ").count == 24)
            let made = try CommandRunner.run(["did", "create", "--method", "key", "--label", "me"], environment: env)
            did = made.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
            subject = directory.appending("subject.json").path
            try Data(#"{"id":"\#(did)","name":"Ana"}"#.utf8).write(to: URL(fileURLWithPath: subject))
        }

        func run(_ arguments: [String], stdin: [UInt8] = [], environment extra: [String: String] = [:]) throws -> CommandRunner.Output {
            try CommandRunner.run(arguments, stdin: stdin, environment: env.merging(extra) { $1 })
        }

        /// Runs a command with `--json` that must succeed; its whole stdout parsed as one JSON document.
        func json(_ arguments: [String], stdin: [UInt8] = [], sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONValue {
            let output = try run(arguments, stdin: stdin)
            #expect(output.status == 0, "\(arguments.joined(separator: " ")): exit \(output.status): \(output.stderr)", sourceLocation: sourceLocation)
            do {
                return try JSONValue(parsing: output.stdout)
            } catch {
                Issue.record("\(arguments.joined(separator: " ")): stdout is not one JSON document (\(error)): \(output.stdoutText.prefix(300))",
                             sourceLocation: sourceLocation)
                throw error
            }
        }
    }

    /// The payload of a compact JWS (its middle segment), as JSON.
    static func payload(_ jwt: String) throws -> JSONValue {
        let segments = (jwt.split(separator: "~").first ?? "").split(separator: ".", omittingEmptySubsequences: false)
        try #require(segments.count == 3, "not a compact JWS: \(jwt.prefix(60))")
        var base64 = segments[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return try JSONValue(parsing: try #require(Data(base64Encoded: base64)))
    }

    /// Checks an error reported with `--json`: the exit status, the one JSON error object on
    /// stdout with `code`, and the `wallet: error: CODE: ` line on stderr.
    static func expectError(_ output: CommandRunner.Output, code: String, status: Int32, reason: String? = nil,
                            _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(output.status == status, "\(what): exit \(output.status), stderr \(output.stderr)", sourceLocation: sourceLocation)
        let document = try? JSONValue(parsing: output.stdout)
        #expect(document?["error"]?["code"]?.stringValue == code, "\(what): stdout \(output.stdoutText.prefix(300))", sourceLocation: sourceLocation)
        #expect(document?.objectValue?.count == 1 && document?["error"]?["message"]?.stringValue?.isEmpty == false,
                "\(what): \(output.stdoutText.prefix(300))", sourceLocation: sourceLocation)
        #expect(output.stderr.hasPrefix("wallet: error: \(code): "), "\(what): stderr \(output.stderr.prefix(300))", sourceLocation: sourceLocation)
        if let reason {
            #expect(output.stderr.contains(reason) && document?["error"]?["message"]?.stringValue?.contains(reason) == true,
                    "\(what): the reason \(reason) is missing: \(output.stderr.prefix(300))", sourceLocation: sourceLocation)
        }
    }

    @Test("vc issue, vp create, status publish and log export with --json print one JSON document, with --out a summary")
    func producingCommands() throws {
        let setup = try Setup("produce")
        defer { setup.directory.remove() }
        let subject = setup.subject

        // vc issue: the compact JWT inside {"credential", "format", "dataModel"}, and it verifies.
        let jwt = try setup.json(["vc", "issue", "--issuer", "me", "--subject", subject, "--json"])
        #expect(jwt["format"] == "vc+jwt" && jwt["dataModel"] == "2.0")
        let compact = try #require(jwt["credential"]?.stringValue)
        #expect(compact.split(separator: ".").count == 3 && !compact.contains("\n"))
        let verified = try setup.run(["vc", "verify", "-", "--json"], stdin: Array(compact.utf8))
        #expect(verified.status == 0)
        #expect(try JSONValue(parsing: verified.stdout)["issuer"]?.stringValue == setup.did)
        // A Data Integrity credential is the document itself, not a string.
        let jcs = try setup.json(["vc", "issue", "--issuer", "me", "--subject", subject, "--format", "di-jcs", "--json"])
        #expect(jcs["format"] == "di-eddsa-jcs-2022" && jcs["credential"]?["proof"]?["cryptosuite"] == "eddsa-jcs-2022")
        let jcsFile = setup.directory.appending("jcs.json")
        try Data(JSONSerializer().serialize(try #require(jcs["credential"]))).write(to: jcsFile)
        #expect(try setup.run(["vc", "verify", jcsFile.path]).status == 0)
        // SD-JWT VC: the issued SD-JWT as a string.
        let sd = try setup.json(["vc", "issue", "--issuer", "me", "--subject", subject, "--format", "sd-jwt", "--vct", "https://credentials.example/t",
                                 "--holder", setup.did, "--disclosable", "name", "--json"])
        #expect(sd["format"] == "dc+sd-jwt" && sd["credential"]?.stringValue?.hasSuffix("~") == true)
        // With --out FILE: {"file", "bytes", "format"}, the credential in the file, not on stdout.
        let out = setup.directory.appending("issued.jwt").path
        let summary = try setup.json(["vc", "issue", "--issuer", "me", "--subject", subject, "--out", out, "--json"])
        let written = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(summary["file"]?.stringValue == out && summary["bytes"] == .number(JSONNumber(written.count)) && summary["format"] == "vc+jwt")
        #expect(summary["credential"] == nil && String(decoding: written, as: UTF8.self).split(separator: ".").count == 3)

        // vp create: {"presentation", "format"}; with --out, the summary.
        let vp = try setup.json(["vp", "create", "--holder", "me", "--credential", out, "--challenge", "c-1", "--domain", "https://v.example", "--json"])
        #expect(vp["format"] == "vp+jwt")
        let presentation = try #require(vp["presentation"]?.stringValue)
        let vpReport = try setup.run(["vp", "verify", "-", "--challenge", "c-1", "--domain", "https://v.example", "--json"], stdin: Array(presentation.utf8))
        #expect(vpReport.status == 0)
        #expect(try JSONValue(parsing: vpReport.stdout)["verified"] == true)
        let vpDI = try setup.json(["vp", "create", "--holder", "me", "--credential", jcsFile.path, "--challenge", "c-2", "--domain", "https://v.example",
                                   "--format", "di-jcs", "--json"])
        #expect(vpDI["format"] == "di-eddsa-jcs-2022" && vpDI["presentation"]?["proof"]?["challenge"] == "c-2")
        let vpOut = setup.directory.appending("vp.jwt").path
        let vpSummary = try setup.json(["vp", "create", "--holder", "me", "--credential", out, "--challenge", "c-3", "--domain", "https://v.example",
                                        "--out", vpOut, "--json"])
        #expect(vpSummary["file"]?.stringValue == vpOut && vpSummary["bytes"]?.numberValue != nil && vpSummary["presentation"] == nil)

        // log export: {"entries": [...]} with --json; JSON Lines without, one document per line.
        let exported = try setup.json(["log", "export", "--json"])
        let entries = try #require(exported["entries"]?.arrayValue)
        #expect(entries.count == 3 && entries.map { $0["challenge"]?.stringValue } == ["c-1", "c-2", "c-3"])
        let lines = try setup.run(["log", "export"]).stdoutText.split(separator: "\n")
        #expect(lines.count == 3 && lines.allSatisfy { (try? JSONValue(parsing: String($0))) != nil })

        // status publish: {"statusListCredential", "url"}; with --out, the summary.
        #expect(try setup.run(["status", "create", "--purpose", "revocation", "--issuer", "me", "--url", "https://status.example/1"]).status == 0)
        let published = try setup.json(["status", "publish", "--url", "https://status.example/1", "--json"])
        #expect(published["url"] == "https://status.example/1" && published["statusListCredential"]?.stringValue?.split(separator: ".").count == 3)
        let listOut = setup.directory.appending("list.jwt").path
        let listSummary = try setup.json(["status", "publish", "--url", "https://status.example/1", "--out", listOut, "--json"])
        #expect(listSummary["file"]?.stringValue == listOut && FileManager.default.fileExists(atPath: listOut))
    }

    @Test("Every other command that takes --json prints exactly one JSON document")
    func everyCommand() throws {
        let setup = try Setup("every")
        defer { setup.directory.remove() }
        let issued = setup.directory.appending("credential.jwt").path
        #expect(try setup.run(["vc", "issue", "--issuer", "me", "--subject", setup.subject, "--out", issued]).status == 0)
        #expect(try setup.run(["vp", "create", "--holder", "me", "--credential", issued, "--challenge", "c", "--domain", "d"]).status == 0)
        #expect(try setup.run(["status", "create", "--purpose", "revocation", "--issuer", "me", "--url", "https://status.example/2"]).status == 0)
        let withStatus = try setup.json(["vc", "issue", "--issuer", "me", "--subject", setup.subject, "--status", "--id", "urn:uuid:json-1", "--json"])
        #expect(withStatus["credential"]?.stringValue != nil)
        let stored = try setup.json(["vc", "store", issued, "--json"])
        let storedId = try #require(stored["id"]?.stringValue)
        let logId = try #require(try setup.json(["log", "list", "--json"])["entries"]?[0]?["id"]?.stringValue)
        let keyId = try #require(try setup.json(["key", "list", "--json"])["keys"]?[0]?["id"]?.stringValue)
        let backup = setup.directory.appending("backup").path
        for arguments in [
            ["did", "create", "--method", "jwk", "--json"], ["did", "list", "--json"], ["did", "show", "me", "--json"],
            ["did", "resolve", setup.did, "--json"], ["key", "create", "--json"], ["key", "show", keyId, "--json"],
            ["vc", "verify", issued, "--json"], ["vc", "list", "--json"], ["vc", "show", storedId, "--json"],
            ["log", "show", logId, "--json"], ["status", "list", "--json"], ["status", "revoke", "urn:uuid:json-1", "--json"],
            ["backup", "export", "--kdf", "interactive", "--out", backup, "--json"], ["recovery-phrase", "show", "--yes", "--json"],
            ["vc", "delete", storedId, "--yes", "--json"],
        ] {
            let document = try setup.json(arguments)
            #expect(document.objectValue?.isEmpty == false, "\(arguments.joined(separator: " "))")
        }
    }

    @Test("Usage errors: wallet: error: usage: on stderr, the JSON error object with --json, exit 64; --help and --version unchanged")
    func usageErrors() throws {
        let setup = try Setup("usage")
        defer { setup.directory.remove() }
        let cases: [(String, [String])] = [
            ("unknown option", ["did", "list", "--json", "--frobnicate"]),
            ("unknown command", ["frobnicate", "--json"]),
            ("missing option", ["vc", "issue", "--subject", setup.subject, "--json"]),
            ("bad option value", ["did", "resolve", setup.did, "--form", "nope", "--json"]),
            ("validate()", ["vc", "issue", "--issuer", "me", "--subject", setup.subject, "--valid-from", "tomorrow", "--json"]),
            ("vc verify --clock-skew nan", ["vc", "verify", "-", "--clock-skew", "nan", "--json"]),
        ]
        for (what, arguments) in cases {
            let output = try setup.run(arguments)
            Self.expectError(output, code: "usage", status: 64, what)
            // The usage follows the error line, for people.
            #expect(output.stderr.contains("--help"), "\(what): \(output.stderr)")
            // Without --json: nothing on stdout, the same error line.
            let text = try setup.run(arguments.filter { $0 != "--json" })
            #expect(text.status == 64 && text.stdout.isEmpty && text.stderr.hasPrefix("wallet: error: usage: "), "\(what): \(text.stderr)")
        }
        let help = try setup.run(["vc", "issue", "--help"])
        #expect(help.status == 0 && help.stdoutText.contains("USAGE:") && help.stderr.isEmpty)
        let version = try setup.run(["--version"])
        #expect(version.status == 0 && version.stdoutText == "0.1.0\n")
    }

    @Test("Failures: unreadable files with the reason, a wrong passphrase, an unresolvable DID: one error format, one JSON error object")
    func failures() throws {
        let setup = try Setup("fail")
        defer { setup.directory.remove() }
        let missing = setup.directory.appending("missing.jwt").path
        Self.expectError(try setup.run(["vc", "verify", missing, "--json"]), code: "unreadableInput", status: 2, reason: "No such file or directory",
                         "vc verify MISSING")
        Self.expectError(try setup.run(["vp", "verify", missing, "--challenge", "c", "--domain", "d", "--json"]), code: "unreadableInput", status: 2,
                         reason: "No such file or directory", "vp verify MISSING")
        Self.expectError(try setup.run(["vc", "verify", setup.directory.url.path, "--json"]), code: "unreadableInput", status: 2,
                         reason: "Is a directory", "vc verify DIR")
        Self.expectError(try setup.run(["vc", "issue", "--issuer", "me", "--subject", missing, "--json"]), code: "unreadableInput", status: 2,
                         reason: "No such file or directory", "vc issue --subject MISSING")
        Self.expectError(try setup.run(["vc", "verify", setup.directory.appending("credential.jwt").path, "--status-list", missing, "--json"]),
                         code: "unreadableInput", status: 2, reason: "No such file or directory", "vc verify --status-list MISSING")
        let batch = try setup.run(["vc", "verify", "--batch", missing])
        #expect(batch.status == 2 && batch.stderr.hasPrefix("wallet: error: unreadableInput: ") && batch.stderr.contains("No such file or directory"))
        Self.expectError(try setup.run(["did", "list", "--json"], environment: ["WALLET_PASSPHRASE": "not the passphrase"]),
                         code: "wrongPassphrase", status: 1, "wrong passphrase")
        Self.expectError(try setup.run(["did", "list", "--json", "--passphrase-file", missing]), code: "unreadableInput", status: 2,
                         reason: "No such file or directory", "--passphrase-file MISSING")
        Self.expectError(try setup.run(["vc", "issue", "--issuer", "nobody", "--subject", setup.subject, "--json"]), code: "notFound", status: 1,
                         "unknown issuer")
        // did resolve: the resolution result is the one document; stderr has the code first, as every error.
        let unresolved = try setup.run(["did", "resolve", "did:web:example.com", "--json"])
        #expect(unresolved.status == 1)
        #expect(try JSONValue(parsing: unresolved.stdout)["didResolutionMetadata"]?["error"] == "methodNotSupported")
        #expect(unresolved.stderr.hasPrefix("wallet: error: methodNotSupported: "), "\(unresolved.stderr)")
    }

    @Test("vc verify --batch: bare compact JWT and SD-JWT lines, as vc issue writes them, verify like JSON-string lines")
    func batchBareJWTs() throws {
        let setup = try Setup("batch")
        defer { setup.directory.remove() }
        var lines: [String] = []
        for format in [["--format", "jwt"], ["--format", "jwt-legacy"], ["--format", "sd-jwt", "--vct", "https://credentials.example/t"]] {
            let issued = try setup.run(["vc", "issue", "--issuer", "me", "--subject", setup.subject] + format)
            #expect(issued.status == 0, "\(issued.stderr)")
            lines.append(issued.stdoutText.trimmingCharacters(in: .newlines))  // exactly what vc issue wrote
        }
        // The same JWT as a JSON string, a bare one with CRLF and blanks, and a bare one tampered with.
        lines.append(JSONSerializer().string(.string(lines[0])))
        lines.append("  \(lines[0])\r")
        var tampered = Array(lines[0])
        let signatureStart = try #require(lines[0].lastIndex(of: ".")).utf16Offset(in: lines[0]) + 3
        tampered[signatureStart] = tampered[signatureStart] == "A" ? "B" : "A"
        lines.append(String(tampered))
        let output = try setup.run(["vc", "verify", "--batch", "-"], stdin: Array(lines.joined(separator: "\n").utf8))
        let reports = try output.stdoutText.split(separator: "\n").map { try JSONValue(parsing: String($0)) }
        try #require(reports.count == 6, "\(output.stdoutText)")
        #expect(reports.prefix(5).allSatisfy { $0["verified"] == true }, "\(output.stdoutText)")
        #expect(reports.map { $0["format"]?.stringValue }.prefix(4) == ["vc+jwt", "jwt-vc-1.1", "dc+sd-jwt", "vc+jwt"])
        #expect(reports[5]["verified"] == false && reports[5]["errors"]?[0]?["code"] == "invalidSignature", "\(reports[5])")
        #expect(output.status == 1 && output.stderr.contains("5 valid, 1 invalid"))
        let good = try setup.run(["vc", "verify", "--batch", "-"], stdin: Array(lines.prefix(5).joined(separator: "\n").utf8))
        #expect(good.status == 0, "\(good.stdoutText)")
        // A line that is neither JSON nor a compact JWT is still malformedJSON.
        let junk = try setup.run(["vc", "verify", "--batch", "-"], stdin: Array("not a jwt at all\n".utf8))
        #expect(junk.status == 1)
        #expect(try JSONValue(parsing: junk.stdout)["errors"]?[0]?["code"] == "malformedJSON")
    }

    @Test("vc verify: a FILE given with --batch, or --json with --batch, is a usage error (exit 64), not ignored")
    func batchConflicts() throws {
        let setup = try Setup("conflict")
        defer { setup.directory.remove() }
        let issued = setup.directory.appending("credential.jwt").path
        #expect(try setup.run(["vc", "issue", "--issuer", "me", "--subject", setup.subject, "--out", issued]).status == 0)
        let list = setup.directory.appending("list.jsonl").path
        try Data("garbage\n".utf8).write(to: URL(fileURLWithPath: list))
        for arguments in [["vc", "verify", issued, "--batch", list], ["vc", "verify", "--batch", list, issued], ["vc", "verify", "-", "--batch", "-"]] {
            let output = try setup.run(arguments)
            #expect(output.status == 64 && output.stdout.isEmpty && output.stderr.hasPrefix("wallet: error: usage: "), "\(arguments): \(output.stderr)")
        }
        Self.expectError(try setup.run(["vc", "verify", "--batch", list, "--json"]), code: "usage", status: 64, "--batch --json")
    }

    @Test("docs/cli.md's error table lists every code the CLI, WalletError, KeystoreError and CLIError can report")
    func everyCodeDocumented() throws {
        let root = Fixtures.packageRoot
        let docs = try String(contentsOf: root.appendingPathComponent("docs/cli.md"), encoding: .utf8)
        let start = try #require(docs.range(of: "\n## Errors\n"))
        let end = try #require(docs.range(of: "\n## `--json`", range: start.upperBound..<docs.endIndex))
        let table = docs[start.upperBound..<end.lowerBound]
        // Codes declared as `Code("…")` by the wallet and keystore errors, and every `code: "…"` the CLI writes.
        var codes = Set(["usage", "couldNotRun", "invalid", "unreadableInput", "invalidTrustAnchors"]).union(CLIError.refusedCodes)
        let sources = ["Sources/WalletCore/WalletError.swift", "Sources/WalletKeystore/KeystoreError.swift"]
        for path in sources {
            let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            codes.formUnion(text.matches(of: /Code\("([A-Za-z]+)"\)/).map { String($0.1) })
        }
        let cli = root.appendingPathComponent("Sources/WalletCLI")
        let files = try #require(FileManager.default.enumerator(atPath: cli.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        #expect(files.count > 20)
        for file in files {
            let text = try String(contentsOf: cli.appendingPathComponent(file), encoding: .utf8)
            codes.formUnion(text.matches(of: /code: "([A-Za-z]+)"/).map { String($0.1) })
        }
        #expect(codes.count > 20)
        for code in codes.sorted() {
            #expect(table.contains("`\(code)`"), "docs/cli.md, Errors: \(code) is not documented")
        }
    }

    @Test("--format jwt-legacy implies --data-model 1.1; --data-model 2.0 puts a VC 2.0 credential in the 1.1 envelope (NDAChain's shape)")
    func jwtLegacyImpliesVC11() throws {
        let setup = try Setup("legacy")
        defer { setup.directory.remove() }
        let issued = try setup.json(["vc", "issue", "--issuer", "me", "--subject", setup.subject, "--format", "jwt-legacy", "--json"])
        #expect(issued["format"] == "jwt-vc-1.1" && issued["dataModel"] == "1.1")
        let jwt = try #require(issued["credential"]?.stringValue)
        let payload = try Self.payload(jwt)
        #expect(payload["vc"]?["@context"]?[0] == "https://www.w3.org/2018/credentials/v1", "\(payload)")
        #expect(payload["vc"]?["issuanceDate"]?.stringValue != nil && payload["vc"]?["validFrom"] == nil)
        #expect(payload["iss"]?.stringValue == setup.did)
        let report = try setup.run(["vc", "verify", "-", "--json"], stdin: Array(jwt.utf8))
        let verified = try JSONValue(parsing: report.stdout)
        #expect(report.status == 0 && verified["dataModel"] == "1.1" && verified["format"] == "jwt-vc-1.1", "\(report.stdoutText)")
        // Saying 1.1 is still accepted; 2.0 is asked for explicitly, and then the `vc` claim is a VC 2.0
        // credential (validFrom, the 2.0 context) under the 1.1 JWT claims, as NDAChain's SDK issues.
        #expect(try setup.run(["vc", "issue", "--issuer", "me", "--subject", setup.subject, "--format", "jwt-legacy", "--data-model", "1.1"]).status == 0)
        let mixed = try setup.json(["vc", "issue", "--issuer", "me", "--subject", setup.subject, "--format", "jwt-legacy", "--data-model", "2.0",
                                    "--valid-from", "2026-01-01T00:00:00Z", "--json"])
        #expect(mixed["format"] == "jwt-vc-1.1" && mixed["dataModel"] == "2.0", "\(mixed)")
        let mixedJWT = try #require(mixed["credential"]?.stringValue)
        let mixedPayload = try Self.payload(mixedJWT)
        #expect(mixedPayload["vc"]?["@context"]?[0] == "https://www.w3.org/ns/credentials/v2" && mixedPayload["vc"]?["validFrom"] == "2026-01-01T00:00:00Z")
        #expect(mixedPayload["nbf"]?.numberValue?.text == "1767225600" && mixedPayload["iss"]?.stringValue == setup.did)
        let mixedReport = try setup.run(["vc", "verify", "-", "--json"], stdin: Array(mixedJWT.utf8))
        let mixedVerified = try JSONValue(parsing: mixedReport.stdout)
        #expect(mixedReport.status == 0 && mixedVerified["dataModel"] == "2.0" && mixedVerified["format"] == "jwt-vc-1.1", "\(mixedReport.stdoutText)")
        // Other formats keep 2.0 as the default.
        let v2 = try setup.json(["vc", "issue", "--issuer", "me", "--subject", setup.subject, "--json"])
        #expect(v2["dataModel"] == "2.0")
        #expect(try Self.payload(try #require(v2["credential"]?.stringValue))["@context"]?[0] == "https://www.w3.org/ns/credentials/v2")
    }
}
