import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing

/// `wallet vc issue/verify` and `wallet vp create/verify`, end to end with the built binary.
@Suite("wallet vc and vp")
struct CredentialCommandsCLITests {
    @Test("Issue in every format, verify, tamper, present, batch")
    func credentials() throws {
        let directory = TemporaryDirectory("cli-vc")
        defer { directory.remove() }
        let issuerEnv = ["WALLET_HOME": directory.appending("issuer").path, "WALLET_PASSPHRASE": "issuer pass"]
        let holderEnv = ["WALLET_HOME": directory.appending("holder").path, "WALLET_PASSPHRASE": "holder pass"]
        func run(_ arguments: [String], _ env: [String: String] = [:], stdin: [UInt8] = []) throws -> CommandRunner.Output {
            try CommandRunner.run(arguments, stdin: stdin, environment: env)
        }
        #expect(try run(["init", "--kdf", "interactive"], issuerEnv).status == 0)
        #expect(try run(["init", "--kdf", "interactive"], holderEnv).status == 0)
        let issuerDID = try run(["did", "create", "--method", "key", "--label", "university"], issuerEnv).stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        let holderDID = try run(["did", "create", "--method", "jwk", "--label", "me"], holderEnv).stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        let subject = directory.appending("subject.json")
        try Data(#"{"id":"\#(holderDID)","alumniOf":"Đại học Quốc gia"}"#.utf8).write(to: subject)

        var issued: [String: String] = [:]
        for (format, model) in [("jwt", "2.0"), ("di-jcs", "2.0"), ("jwt-legacy", "1.1")] {
            let output = try run(["vc", "issue", "--issuer", "university", "--subject", subject.path, "--type", "AlumniCredential",
                                  "--format", format, "--data-model", model, "--valid-until", "2100-01-01T00:00:00Z"], issuerEnv)
            #expect(output.status == 0, "\(format): \(output.stderr)")
            issued[format] = output.stdoutText
            let file = directory.appending("credential-\(format)")
            try Data(output.stdout).write(to: file)
            // Verification needs no wallet.
            let verified = try run(["vc", "verify", file.path, "--json"])
            #expect(verified.status == 0, "\(format): \(verified.stdoutText)")
            let report = try JSONValue(parsing: verified.stdout)
            #expect(report["verified"] == true && report["issuer"]?.stringValue == issuerDID)
            #expect(try run(["vc", "verify"], stdin: output.stdout).stdoutText.hasPrefix("valid:"))
        }
        // eddsa-rdfc-2022: the claims need a context that defines them (here the examples context).
        let rdfc = try run(["vc", "issue", "--issuer", "university", "--subject", subject.path, "--type", "AlumniCredential", "--format", "di-rdfc",
                            "--context", "https://www.w3.org/ns/credentials/examples/v2"], issuerEnv)
        #expect(rdfc.status == 0, "\(rdfc.stderr)")
        let rdfcReport = try JSONValue(parsing: try run(["vc", "verify", "-", "--json"], stdin: rdfc.stdout).stdout)
        #expect(rdfcReport["verified"] == true && rdfcReport["format"] == "di-eddsa-rdfc-2022")
        let ed2020 = try run(["vc", "issue", "--issuer", "university", "--subject", subject.path, "--type", "AlumniCredential", "--format", "ed25519-2020",
                              "--context", "https://www.w3.org/ns/credentials/examples/v2"], issuerEnv)
        #expect(ed2020.status == 0, "\(ed2020.stderr)")
        let ed2020Report = try JSONValue(parsing: try run(["vc", "verify", "-", "--json"], stdin: ed2020.stdout).stdout)
        #expect(ed2020Report["verified"] == true && ed2020Report["format"] == "di-Ed25519Signature2020")
        // A credential naming a context that is not pinned cannot be checked offline: exit 2.
        var unpinned = try JSONValue(parsing: rdfc.stdout).objectValue!
        unpinned["@context"] = ["https://www.w3.org/ns/credentials/v2", "https://contexts.example/unpinned/v1"]
        let unpinnedReport = try run(["vc", "verify", "-", "--json"], stdin: JSONSerializer().serialize(.object(unpinned)))
        #expect(unpinnedReport.status == 2 && unpinnedReport.stdoutText.contains("contextNotAllowed"), "\(unpinnedReport.stdoutText)")
        // Without it, the undefined claims are refused (safe mode), with the code in the JSON error.
        let undefinedClaims = try run(["vc", "issue", "--issuer", "university", "--subject", subject.path, "--format", "di-rdfc", "--json"], issuerEnv)
        #expect(undefinedClaims.status == 1 && undefinedClaims.stdoutText.contains("dataLoss"), "\(undefinedClaims.stdoutText)")

        // The subject from standard input works too.
        #expect(try run(["vc", "issue", "--issuer", issuerDID, "--subject", "-"], issuerEnv, stdin: Array(#"{"name":"x"}"#.utf8)).status == 0)

        // --status-list: an unreadable list is "could not check" (exit 2); a readable one is used
        // only for credentials that carry a status (the library tests cover the status checks).
        #expect(try run(["vc", "verify", directory.appending("credential-jwt").path, "--status-list", directory.appending("none").path]).status == 2)
        let listFile = directory.appending("list.json")
        try Data(#"{"id":"https://issuer.example/status/1","type":["VerifiableCredential","BitstringStatusListCredential"]}"#.utf8).write(to: listFile)
        #expect(try run(["vc", "verify", directory.appending("credential-jwt").path, "--status-list", listFile.path]).status == 0)

        // Tampering: exit 1 and a one-line reason.
        let tampered = issued["di-jcs"]!.replacingOccurrences(of: "Đại học Quốc gia", with: "Đại học Quốc tế")
        let bad = try run(["vc", "verify", "-"], stdin: Array(tampered.utf8))
        #expect(bad.status == 1 && bad.stdoutText.hasPrefix("invalid: invalidSignature"))
        // Unreadable file: exit 2. Not a credential: exit 1. Bad option: 64.
        #expect(try run(["vc", "verify", directory.appending("missing").path]).status == 2)
        #expect(try run(["vc", "verify", "-"], stdin: Array("hello".utf8)).status == 1)
        #expect(try run(["vc", "issue", "--issuer", "university", "--subject", subject.path, "--valid-from", "tomorrow"], issuerEnv).status == 64)
        // The issuer must be one of the wallet's DIDs.
        let notMine = try run(["vc", "issue", "--issuer", holderDID, "--subject", subject.path, "--json"], issuerEnv)
        let notMineCode = try JSONValue(parsing: notMine.stdout)["error"]?["code"]?.stringValue
        #expect(notMine.status == 1 && notMineCode == "notFound")

        // Present the JWT and the Data Integrity credentials, bound to a challenge and domain.
        for format in ["jwt", "di-jcs"] {
            let vp = try run(["vp", "create", "--holder", "me", "--credential", directory.appending("credential-jwt").path,
                              "--credential", directory.appending("credential-di-jcs").path,
                              "--challenge", "c-123", "--domain", "https://verifier.example", "--format", format], holderEnv)
            #expect(vp.status == 0, "\(vp.stderr)")
            let ok = try run(["vp", "verify", "-", "--challenge", "c-123", "--domain", "https://verifier.example", "--require-holder-binding", "--json"], stdin: vp.stdout)
            #expect(ok.status == 0, "\(ok.stdoutText)")
            let report = try JSONValue(parsing: ok.stdout)
            #expect(report["holder"]?.stringValue == holderDID && report["credentials"]?.arrayValue?.count == 2)
            let replay = try run(["vp", "verify", "-", "--challenge", "other", "--domain", "https://verifier.example"], stdin: vp.stdout)
            #expect(replay.status == 1 && replay.stdoutText.contains("challengeMismatch"))
        }
        #expect(try run(["vp", "verify", "-", "--challenge", "c", "--domain", "d"], stdin: Array(issued["jwt"]!.utf8)).status == 1)

        // Batch: JSON Lines in (objects or JWT strings), one report per line, in order.
        var lines: [String] = []
        for index in 0..<30 {
            switch index % 3 {
            case 0: lines.append(JSONSerializer().string(.string(issued["jwt"]!.trimmingCharacters(in: .whitespacesAndNewlines))))
            case 1: lines.append(try JSONValue(parsing: issued["di-jcs"]!).compactString)
            default: lines.append(index == 29 ? try JSONValue(parsing: tampered).compactString : JSONSerializer().string(.string(issued["jwt-legacy"]!.trimmingCharacters(in: .whitespacesAndNewlines))))
            }
        }
        lines.append("{not json")
        let batch = try run(["vc", "verify", "--batch", "-"], stdin: Array(lines.joined(separator: "\n").utf8))
        #expect(batch.status == 1)
        let reports = try batch.stdoutText.split(separator: "\n").map { try JSONValue(parsing: String($0)) }
        #expect(reports.count == 31)
        #expect(reports.prefix(29).allSatisfy { $0["verified"] == true })
        #expect(reports[29]["verified"] == false && reports[30]["verified"] == false)
        #expect(reports[0]["format"]?.stringValue == "vc+jwt" && reports[1]["format"]?.stringValue == "di-eddsa-jcs-2022" && reports[2]["format"]?.stringValue == "jwt-vc-1.1")
        #expect(batch.stderr.contains("29 valid, 2 invalid"))
        let allGood = try run(["vc", "verify", "--batch", "-"], stdin: Array(lines.prefix(29).joined(separator: "\n").utf8))
        #expect(allGood.status == 0)
    }

    @Test("--valid-from and --valid-until are written exactly as given; JWT nbf/exp rounded inward; bad dates are usage errors")
    func exactDates() throws {
        let directory = TemporaryDirectory("cli-dates")
        defer { directory.remove() }
        let env = ["WALLET_HOME": directory.appending("issuer").path, "WALLET_PASSPHRASE": "i"]
        func run(_ arguments: [String], stdin: [UInt8] = []) throws -> CommandRunner.Output {
            try CommandRunner.run(arguments, stdin: stdin, environment: env)
        }
        #expect(try run(["init", "--kdf", "interactive"]).status == 0)
        _ = try run(["did", "create", "--method", "key", "--label", "school"])
        let subject = directory.appending("subject.json")
        try Data(#"{"id":"did:example:an","name":"An"}"#.utf8).write(to: subject)
        let from = "2025-03-01T08:00:00.5+07:00", until = "2099-12-31T23:59:59.999999999Z"
        let dates = ["--valid-from", from, "--valid-until", until]
        func issue(_ arguments: [String]) throws -> String {
            let output = try run(["vc", "issue", "--issuer", "school", "--subject", subject.path] + arguments + dates)
            #expect(output.status == 0, "\(arguments): \(output.stderr)")
            return output.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func payload(_ jwt: String) throws -> JSONValue { try JSONValue(parsing: Base64URL.decode(String(jwt.split(separator: ".")[1]))) }
        let document = try JSONValue(parsing: Array(try issue(["--format", "di-jcs"]).utf8))
        #expect(document["validFrom"]?.stringValue == from && document["validUntil"]?.stringValue == until)
        let jwt = try payload(try issue(["--format", "jwt"]))
        #expect(jwt["validFrom"]?.stringValue == from && jwt["validUntil"]?.stringValue == until)
        let legacy = try payload(try issue(["--format", "jwt-legacy", "--data-model", "1.1"]))
        #expect(legacy["vc"]?["issuanceDate"]?.stringValue == from && legacy["vc"]?["expirationDate"]?.stringValue == until)
        #expect(legacy["nbf"]?.numberValue?.int64Value == 1_740_790_801 && legacy["exp"]?.numberValue?.int64Value == 4_102_444_799)
        let sdJWT = try issue(["--format", "sd-jwt", "--vct", "https://credentials.example/id"])
        let sd = try payload(String(sdJWT.split(separator: "~")[0]))
        #expect(sd["nbf"]?.numberValue?.int64Value == 1_740_790_801 && sd["exp"]?.numberValue?.int64Value == 4_102_444_799)
        for text in [try issue(["--format", "jwt-legacy", "--data-model", "1.1"]), sdJWT] {
            #expect(try run(["vc", "verify", "-"], stdin: Array(text.utf8)).status == 0)
        }
        // Without --valid-from: now, to the second.
        let now = try payload(try run(["vc", "issue", "--issuer", "school", "--subject", subject.path]).stdoutText)
        #expect(now["validFrom"]?.stringValue.flatMap { $0.count == 20 && $0.hasSuffix("Z") } == true)
        for bad in ["2025-01-01T00:00:00+14:30", "2024-12-31T24:00:01Z", "2023-02-29T00:00:00Z", "2025-01-01T00:00:00", "2025-01-01T00:00:00 Z"] {
            #expect(try run(["vc", "issue", "--issuer", "school", "--subject", subject.path, "--valid-until", bad]).status == 64, "\(bad)")
        }
        let help = try run(["vc", "issue", "--help"]).stdoutText.replacingOccurrences(of: "\n", with: " ")
            .split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        #expect(help.contains("written exactly as given") && help.contains("rounded up") && help.contains("rounded down"), "\(help)")
    }

    @Test("SD-JWT VC: issue with disclosable claims, present a subset with key binding, verify")
    func sdJWT() throws {
        let directory = TemporaryDirectory("cli-sdjwt")
        defer { directory.remove() }
        let issuerEnv = ["WALLET_HOME": directory.appending("issuer").path, "WALLET_PASSPHRASE": "i"]
        let holderEnv = ["WALLET_HOME": directory.appending("holder").path, "WALLET_PASSPHRASE": "h"]
        func run(_ arguments: [String], _ env: [String: String] = [:], stdin: [UInt8] = []) throws -> CommandRunner.Output {
            try CommandRunner.run(arguments, stdin: stdin, environment: env)
        }
        _ = try run(["init", "--kdf", "interactive"], issuerEnv)
        _ = try run(["init", "--kdf", "interactive"], holderEnv)
        _ = try run(["did", "create", "--method", "key", "--label", "ministry"], issuerEnv)
        let holder = try run(["did", "create", "--method", "key", "--label", "citizen"], holderEnv).stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        let claims = directory.appending("claims.json")
        try Data(#"{"given_name":"An","family_name":"Nguyễn","birthdate":"1990-04-12","address":{"locality":"Hà Nội","country":"VN"}}"#.utf8).write(to: claims)
        let issued = try run(["vc", "issue", "--issuer", "ministry", "--subject", claims.path, "--format", "sd-jwt", "--holder", holder,
                              "--vct", "https://credentials.example/pid", "--disclosable", "given_name,family_name,birthdate,address.locality"], issuerEnv)
        #expect(issued.status == 0, "\(issued.stderr)")
        let sdJWT = directory.appending("pid.sdjwt")
        try Data(issued.stdout).write(to: sdJWT)
        let verified = try run(["vc", "verify", sdJWT.path, "--json"])
        #expect(verified.status == 0)
        #expect(try JSONValue(parsing: verified.stdout)["disclosedClaims"]?["birthdate"]?.stringValue == "1990-04-12")

        let presented = try run(["vp", "create", "--holder", "citizen", "--credential", sdJWT.path, "--disclose", "given_name,address.locality",
                                 "--challenge", "n-7", "--domain", "https://verifier.example", "--format", "sd-jwt"], holderEnv)
        #expect(presented.status == 0, "\(presented.stderr)")
        let report = try run(["vp", "verify", "-", "--challenge", "n-7", "--domain", "https://verifier.example", "--json"], stdin: presented.stdout)
        #expect(report.status == 0, "\(report.stdoutText)")
        let disclosed = try JSONValue(parsing: report.stdout)["disclosedClaims"]
        #expect(disclosed?["given_name"]?.stringValue == "An" && disclosed?["address"]?["locality"]?.stringValue == "Hà Nội")
        #expect(disclosed?["family_name"] == nil && disclosed?["birthdate"] == nil)
        #expect(!report.stdoutText.contains("1990-04-12") && !report.stdoutText.contains("Nguyễn"))
        #expect(try run(["vp", "verify", "-", "--challenge", "n-8", "--domain", "https://verifier.example"], stdin: presented.stdout).status == 1)

        // The holder stores it, lists it by its vct, presents it by id, and the log records it.
        let stored = try run(["vc", "store", sdJWT.path, "--json"], holderEnv)
        #expect(stored.status == 0, "\(stored.stderr)")
        let id = try #require(try JSONValue(parsing: stored.stdout)["id"]?.stringValue)
        let listed = try JSONValue(parsing: try run(["vc", "list", "--type", "https://credentials.example/pid", "--json"], holderEnv).stdout)
        #expect(listed["credentials"]?.arrayValue?.map { $0["id"]?.stringValue } == [id])
        #expect(try run(["vc", "list", "--type", "https://other.example", "--json"], holderEnv).stdoutText.contains("[]"))
        #expect(try run(["vc", "show", id], holderEnv).stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == issued.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines))
        let byId = try run(["vp", "create", "--holder", "citizen", "--credential", id, "--disclose", "birthdate",
                            "--challenge", "n-9", "--domain", "https://age.example", "--format", "sd-jwt"], holderEnv)
        #expect(byId.status == 0, "\(byId.stderr)")
        let log = try JSONValue(parsing: try run(["log", "list", "--json"], holderEnv).stdout)["entries"]!.arrayValue!
        #expect(log.count == 2)
        #expect(log[1]["audience"]?.stringValue == "https://age.example" && log[1]["credentials"]?[0]?.stringValue == id)
        #expect(log[1]["disclosedClaims"] == ["birthdate"])
        #expect(try run(["log", "export"], holderEnv).stdoutText.split(separator: "\n").count == 2)
        // An invalid credential is not stored without --force.
        var tampered = Array(issued.stdout)
        tampered[10] = tampered[10] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(try run(["vc", "store", "-"], holderEnv, stdin: tampered).status == 1)
        #expect(try run(["vc", "delete", id, "--yes"], holderEnv).status == 0)
        #expect(try run(["vc", "show", id], holderEnv).status == 1)
        #expect(try run(["vc", "issue", "--issuer", "ministry", "--subject", claims.path, "--format", "sd-jwt"], issuerEnv).status == 64)
    }

    @Test("SD-JWT VC: a P-256 did:key holder is bound by its EC JWK in cnf; a holder without a usable signing key is refused")
    func sdJWTECHolder() throws {
        let directory = TemporaryDirectory("cli-sdjwt-ec")
        defer { directory.remove() }
        let env = ["WALLET_HOME": directory.appending("issuer").path, "WALLET_PASSPHRASE": "i"]
        _ = try CommandRunner.run(["init", "--kdf", "interactive"], environment: env)
        _ = try CommandRunner.run(["did", "create", "--method", "key", "--label", "ministry"], environment: env)
        // A did:key P-256 vector (Fixtures/did-key/test-vectors/nist-curves.json) with its public JWK.
        let holder = "did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv"
        let expected = try Fixtures.json("did-key/test-vectors/nist-curves.json")[holder]!["verificationMethod"]!["publicKeyJwk"]!
        let issued = try CommandRunner.run(["vc", "issue", "--issuer", "ministry", "--subject", "-", "--format", "sd-jwt", "--holder", holder,
                                            "--vct", "https://credentials.example/pid", "--disclosable", "given_name"],
                                           stdin: Array(#"{"given_name":"An"}"#.utf8), environment: env)
        #expect(issued.status == 0, "\(issued.stderr)")
        let jwt = issued.stdoutText.split(separator: "~")[0].split(separator: ".").map(String.init)
        let payload = try JSONValue(parsing: Base64URL.decode(jwt[1]))
        #expect(payload["cnf"]?["jwk"] == expected)
        // A P-521 did:key resolves to no key this library signs or verifies with.
        let p521 = "did:key:z2J9gaYxrKVpdoG9A4gRnmpnRCcxU6agDtFVVBVdn1JedouoZN7SzcyREXXzWgt3gGiwpoHq7K68X4m32D8HgzG8wv3sY5j7"
        let refused = try CommandRunner.run(["vc", "issue", "--issuer", "ministry", "--subject", "-", "--format", "sd-jwt", "--holder", p521,
                                             "--vct", "https://credentials.example/pid"], stdin: Array(#"{"given_name":"An"}"#.utf8), environment: env)
        #expect(refused.status == 1)
    }

    @Test("Status lists: create, issue with --status, publish, verify, revoke, verify fails")
    func statusLists() throws {
        let directory = TemporaryDirectory("cli-status")
        defer { directory.remove() }
        let env = ["WALLET_HOME": directory.appending("issuer").path, "WALLET_PASSPHRASE": "i"]
        func run(_ arguments: [String], stdin: [UInt8] = []) throws -> CommandRunner.Output {
            try CommandRunner.run(arguments, stdin: stdin, environment: env)
        }
        _ = try run(["init", "--kdf", "interactive"])
        _ = try run(["did", "create", "--method", "key", "--label", "agency"])
        let url = "https://agency.example/status/7"
        #expect(try run(["vc", "issue", "--issuer", "agency", "--subject", "-", "--status"], stdin: Array(#"{"n":1}"#.utf8)).status == 1)  // no list yet
        #expect(try run(["status", "create", "--purpose", "revocation", "--issuer", "agency", "--url", url]).status == 0)
        #expect(try run(["status", "create", "--purpose", "revocation", "--issuer", "agency", "--url", url]).status == 1)  // exists
        let issued = try run(["vc", "issue", "--issuer", "agency", "--subject", "-", "--status"], stdin: Array(#"{"name":"An"}"#.utf8))
        #expect(issued.status == 0, "\(issued.stderr)")
        let credential = directory.appending("credential.jwt")
        try Data(issued.stdout).write(to: credential)
        let payload = try JSONValue(parsing: Base64URL.decode(String(issued.stdoutText.split(separator: ".")[1])))
        let id = try #require(payload["id"]?.stringValue)
        #expect(id.hasPrefix("urn:uuid:") && payload["credentialStatus"]?["statusListCredential"]?.stringValue == url)
        let list = directory.appending("list.jwt")
        #expect(try run(["status", "publish", "--url", url, "--out", list.path]).status == 0)
        let valid = try run(["vc", "verify", credential.path, "--status-list", list.path, "--json"])
        let validWarnings = try JSONValue(parsing: valid.stdout)["warnings"]
        #expect(valid.status == 0 && validWarnings == [])
        let unchecked = try run(["vc", "verify", credential.path])
        #expect(unchecked.status == 0 && unchecked.stdoutText.contains("statusNotChecked"))
        // A URL is fetched only with --allow-network, and then only the URLs given (here one that
        // the provider refuses before connecting: the status is unknown, exit 2).
        #expect(try run(["vc", "verify", credential.path, "--status-list", url]).status == 64)
        let refused = try run(["vc", "verify", credential.path, "--status-list", "https://127.0.0.1/status/7", "--allow-network", "--json"])
        let refusedReport = try JSONValue(parsing: refused.stdout)
        #expect(refused.status == 2 && refusedReport["errors"]?[0]?["code"] == "statusUnknown")
        #expect(refusedReport["errors"]?[0]?["message"]?.stringValue?.contains("networkRefused") == true)
        // Files still come first when the network is allowed.
        #expect(try run(["vc", "verify", credential.path, "--status-list", list.path, "--status-list", "https://127.0.0.1/x", "--allow-network"]).status == 0)

        // The holder's store: a second credential on the same list stays active after the first is revoked.
        let other = try run(["vc", "issue", "--issuer", "agency", "--subject", "-", "--status"], stdin: Array(#"{"name":"Binh"}"#.utf8))
        let plain = try run(["vc", "issue", "--issuer", "agency", "--subject", "-"], stdin: Array(#"{"name":"Chi"}"#.utf8))
        func store(_ output: CommandRunner.Output) throws -> String {
            let stored = try JSONValue(parsing: try run(["vc", "store", "-", "--json"], stdin: output.stdout).stdout)
            return try #require(stored["id"]?.stringValue)
        }
        let (revokedId, otherId, plainId) = (try store(issued), try store(other), try store(plain))
        func listStatuses(_ extra: [String]) throws -> [String: String] {
            let output = try run(["vc", "list", "--json", "--status-list", list.path] + extra)
            #expect(output.status == 0, "\(output.stderr)")
            let entries = try JSONValue(parsing: output.stdout)["credentials"]?.arrayValue ?? []
            return Dictionary(uniqueKeysWithValues: entries.compactMap { entry in
                entry["id"]?.stringValue.map { ($0, entry["status"]?.stringValue ?? "missing") }
            })
        }
        #expect(try listStatuses([]) == [revokedId: "active", otherId: "active", plainId: "none"])
        #expect(try listStatuses(["--revoked"]) == [:])
        #expect(try run(["vc", "list", "--revoked"]).status == 64)  // nothing to check against

        #expect(try run(["status", "revoke", id]).status == 0)
        // Republishing over the earlier list file needs --force (--out never replaces a file silently).
        #expect(try run(["status", "publish", "--url", url, "--out", list.path]).status == 1)
        #expect(try run(["status", "publish", "--url", url, "--out", list.path, "--force"]).status == 0)
        #expect(try listStatuses(["--revoked"]) == [revokedId: "revoked"])
        #expect(try listStatuses([])[otherId] == "active")
        let revoked = try run(["vc", "verify", credential.path, "--status-list", list.path])
        #expect(revoked.status == 1 && revoked.stdoutText.contains("revoked"))
        // A presentation of the revoked credential fails with the list (exit 1), and cannot be
        // checked without it when the list is named but missing (exit 2, from inside the presentation).
        let presentation = directory.appending("presentation.jwt")
        #expect(try run(["vp", "create", "--holder", "agency", "--credential", credential.path, "--challenge", "n1", "--domain", "https://v.example",
                         "--out", presentation.path]).status == 0)
        let presented = try run(["vp", "verify", presentation.path, "--challenge", "n1", "--domain", "https://v.example", "--status-list", list.path])
        #expect(presented.status == 1 && presented.stdoutText.contains("revoked"), "\(presented.stdoutText)")
        let otherList = directory.appending("other-list.json")
        try Data(#"{"id":"https://agency.example/status/other","type":["VerifiableCredential"]}"#.utf8).write(to: otherList)
        #expect(try run(["vp", "verify", presentation.path, "--challenge", "n1", "--domain", "https://v.example", "--status-list", otherList.path]).status == 2)
        #expect(try run(["vp", "verify", presentation.path, "--challenge", "n1", "--domain", "https://v.example", "--status-list", url]).status == 64)
        #expect(try run(["status", "revoke", "urn:uuid:unknown"]).status == 1)
        #expect(try run(["status", "resume", id]).status == 1)  // revocation is final
        let listed = try JSONValue(parsing: try run(["status", "list", "--json"]).stdout)
        #expect(listed["statusLists"]?[0]?["allocated"] == 2)  // the two credentials issued with --status

        // A message list: two bits per entry, a message per value, `status set`.
        let messageURL = "https://agency.example/status/messages"
        #expect(try run(["status", "create", "--purpose", "message", "--issuer", "agency", "--url", messageURL, "--status-size", "2",
                         "--message", "0x1=accepted"]).status == 1)  // 0x0 missing
        #expect(try run(["status", "create", "--purpose", "message", "--issuer", "agency", "--url", messageURL, "--message", "accepted"]).status == 64)
        let created = try run(["status", "create", "--purpose", "message", "--issuer", "agency", "--url", messageURL, "--status-size", "2",
                               "--message", "0x0=pending_review", "--message", "0x1=accepted", "--message", "2=rejected", "--json"])
        let createdJSON = try JSONValue(parsing: created.stdout)
        #expect(created.status == 0 && createdJSON["statusSize"] == 2, "\(created.stderr)")
        let bill = try run(["vc", "issue", "--issuer", "agency", "--subject", "-", "--status", "--status-list", messageURL, "--id", "urn:uuid:bill-7"],
                           stdin: Array(#"{"cargo":"rice"}"#.utf8))
        #expect(bill.status == 0, "\(bill.stderr)")
        let billStatus = try JSONValue(parsing: Base64URL.decode(String(bill.stdoutText.split(separator: ".")[1])))["credentialStatus"]
        #expect(billStatus?["statusSize"] == 2 && billStatus?["statusMessage"]?.arrayValue?.count == 3)
        let billFile = directory.appending("bill.jwt"), messageList = directory.appending("messages.jwt")
        try Data(bill.stdout).write(to: billFile)
        #expect(try run(["status", "set", "urn:uuid:bill-7", "0x2"]).status == 0)
        #expect(try run(["status", "set", "urn:uuid:bill-7", "0x3"]).status == 1)   // no message for 3
        #expect(try run(["status", "set", "urn:uuid:bill-7", "zero"]).status == 64)
        #expect(try run(["status", "revoke", "urn:uuid:bill-7"]).status == 1)       // not a revocation list
        #expect(try run(["status", "publish", "--url", messageURL, "--out", messageList.path]).status == 0)
        let billReport = try run(["vc", "verify", billFile.path, "--status-list", messageList.path, "--json"])
        let billWarnings = try JSONValue(parsing: billReport.stdout)["warnings"]?.arrayValue?.compactMap { $0["message"]?.stringValue }
        #expect(billReport.status == 0 && billWarnings == ["status 0x2: rejected"], "\(billReport.stdoutText)")
        // In the holder's list, a message-list status shows as its message.
        let billId = try store(bill)
        let billListed = try JSONValue(parsing: try run(["vc", "list", "--json", "--status-list", messageList.path]).stdout)["credentials"]?.arrayValue ?? []
        #expect(billListed.first { $0["id"]?.stringValue == billId }?["status"] == "status 0x2: rejected")
    }
}
