import Dispatch
import Foundation
import StrictJSON
import TestSupport
import Testing

/// The issuer role of `wallet serve --issuer` end to end on loopback, as the built tool runs it:
/// wallet A serves (issuer and verifier) and makes offers with `wallet offer create`; wallet B
/// receives them with `wallet receive` and presents with `wallet present`; A reads the result with
/// `wallet request result` (issue 16 §3–§4, decision 0039).
@Suite("CLI: wallet serve --issuer and wallet offer create")
struct ServeIssuerCLITests {
    static let subject = #"{"given_name":"Erika","family_name":"Mustermann","birthdate":"1964-08-12"}"#
    static let pidType = "https://credentials.example.com/identity_credential"

    @Test("Every format, pre-authorized without a code: B stores each, signed by A's DID (Ed25519, and P-256 as HAIP issuers sign); the metadata lists what offer create registered after the server started; the log holds no code",
          arguments: ["ed25519", "p256"])
    func everyFormat(issuerKeyType: String) async throws {
        let served = try ServedWallets(issuerKeyType: issuerKeyType)
        defer { served.stop() }
        // Before any offer: no configuration is served.
        let empty = try served.get("/.well-known/openid-credential-issuer")
        #expect(empty.hasPrefix("HTTP/1.1 200") && empty.contains(#""credential_issuer":"\#(served.baseURL)""#), "\(empty)")
        #expect(empty.contains(#""credential_configurations_supported":{}"#), "\(empty)")
        let subject = try served.file("subject.json", Self.subject)
        let kinds: [(arguments: [String], format: String, type: String)] = [
            (["--format", "dc+sd-jwt", "--vct", Self.pidType], "dc+sd-jwt", Self.pidType),
            (["--format", "jwt_vc_json", "--type", "IdentityCredential"], "jwt_vc_json", "IdentityCredential"),
            (["--format", "ldp_vc", "--type", "IdentityCredential", "--context", "https://www.w3.org/ns/credentials/examples/v2"], "ldp_vc", "IdentityCredential"),
        ]
        var configurations: [String] = [], codes: [String] = []
        for kind in kinds {
            let offer = try await served.offer(["--subject", subject] + kind.arguments)
            let uri = try #require(offer["offerURI"]?.stringValue)
            let object = try JSONValue(parsing: try #require(uri.components(separatedBy: "credential_offer=").last?.removingPercentEncoding))
            codes.append(try #require(object["grants"]?["urn:ietf:params:oauth:grant-type:pre-authorized_code"]?["pre-authorized_code"]?.stringValue))
            #expect(uri.hasPrefix("openid-credential-offer://?credential_offer=") && offer["txCode"] == nil)
            configurations.append(try #require(offer["configurationId"]?.stringValue))
            let received = try await served.holderSide(["receive", uri, "--yes", "--json"] + served.network)
            #expect(received.status == 0, "\(kind.format): \(received.stderr)")
            let result = try JSONValue(parsing: received.stdout)
            #expect(result["credentialIssuer"]?.stringValue == served.baseURL)
            #expect(result["stored"]?.arrayValue?.count == 1, "\(kind.format)")
            #expect(result["stored"]?[0]?["issuer"]?.stringValue == served.issuerDID, "\(kind.format): \(received.stdoutText)")
            #expect(result["stored"]?[0]?["types"]?.arrayValue?.contains(.string(kind.type)) == true, "\(kind.format): \(received.stdoutText)")
        }
        #expect(Set(configurations).count == 3)
        // The server was never restarted: its metadata now lists the three configurations, each with its format.
        let metadata = try served.get("/.well-known/openid-credential-issuer")
        let body = try #require(metadata.components(separatedBy: "\r\n\r\n").last)
        let supported = try #require(try JSONValue(parsing: body)["credential_configurations_supported"]?.objectValue)
        #expect(Set(supported.keys) == Set(configurations))
        #expect(Set(supported.compactMap { $0.value["format"]?.stringValue }) == ["dc+sd-jwt", "jwt_vc_json", "ldp_vc"])
        // The same kind offered again reuses its configuration.
        let again = try await served.offer(["--subject", subject, "--format", "dc+sd-jwt", "--vct", Self.pidType, "--by-reference"])
        #expect(again["configurationId"]?.stringValue == configurations[0])
        #expect(again["offerURI"]?.stringValue?.hasPrefix("openid-credential-offer://?credential_offer_uri=http%3A%2F%2F127.0.0.1") == true)
        let list = try await served.holderSide(["vc", "list", "--json"])
        #expect(try JSONValue(parsing: list.stdout)["credentials"]?.arrayValue?.count == 3)
        // The server logged each exchange by path, never a code.
        let log = served.stop()
        #expect(log.contains("path=/token status=200") && log.contains("path=/credential status=200"), "\(log)")
        #expect(codes.count == 3 && !codes.contains { log.contains($0) })
    }

    @Test("A serve without --issuer withdraws the issuer: offer create is issuerNotConfigured again")
    func issuerWithdrawn() async throws {
        let directory = TemporaryDirectory("serve-issuer-withdrawn")
        defer { directory.remove() }
        let env = ["WALLET_HOME": directory.appending("w").path, "WALLET_PASSPHRASE": "withdrawn passphrase"]
        try ServedWallets.check(["init", "--kdf", "interactive"], env)
        try ServedWallets.check(["did", "create", "--method", "key", "--label", "issuer"], env)
        let subject = directory.appending("subject.json").path
        try Data(Self.subject.utf8).write(to: URL(fileURLWithPath: subject))
        let offer = ["offer", "create", "--subject", subject, "--format", "dc+sd-jwt", "--vct", Self.pidType, "--json"]
        let (issuing, _, _) = try ServedWallets.startServe(["--issuer", "issuer"], env: env)
        let made = try await ServedWallets.run(offer, env: env)
        issuing.terminate()
        issuing.waitUntilExit()
        #expect(made.status == 0, "\(made.stderr)")
        let (plain, _, _) = try ServedWallets.startServe([], env: env)
        let refused = try await ServedWallets.run(offer, env: env)
        plain.terminate()
        plain.waitUntilExit()
        #expect(refused.status == 2 && ServedWallets.errorCode(refused) == "issuerNotConfigured", "\(refused.stdoutText)")
    }

    @Test("A generated tx code: six digits, printed once; a wrong code is refused, the right one redeems; the offer is single use")
    func transactionCodeAndSingleUse() async throws {
        let served = try ServedWallets()
        defer { served.stop() }
        let subject = try served.file("subject.json", Self.subject)
        let offer = try await served.offer(["--subject", subject, "--format", "dc+sd-jwt", "--vct", Self.pidType, "--tx-code", "--by-reference"])
        let uri = try #require(offer["offerURI"]?.stringValue)
        let code = try #require(offer["txCode"]?.stringValue)
        #expect(code.count == 6 && code.allSatisfy(\.isNumber))
        #expect(!uri.contains(code))
        // No code: refused before the token endpoint is asked.
        let none = try await served.holderSide(["receive", uri, "--yes", "--json"] + served.network)
        #expect(none.status == 2 && ServedWallets.errorCode(none) == "transactionCodeRequired", "\(none.stderr)")
        // A wrong code: the token endpoint refuses (invalid_grant), nothing is stored.
        let wrong = try served.file("wrong.txt", code == "000000" ? "111111\n" : "000000\n")
        let refused = try await served.holderSide(["receive", uri, "--tx-code-file", wrong, "--yes", "--json"] + served.network)
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(ServedWallets.errorCode(refused) == "peerError" && refused.stdoutText.contains("invalid_grant") && !refused.stdoutText.contains(code))
        // The right code still redeems (one wrong attempt of three).
        let right = try served.file("right.txt", code + "\n")
        let received = try await served.holderSide(["receive", uri, "--tx-code-file", right, "--yes", "--json"] + served.network)
        #expect(received.status == 0, "\(received.stderr)")
        #expect(try JSONValue(parsing: received.stdout)["stored"]?.arrayValue?.count == 1)
        // A second receive of the same offer: its pre-authorized code is spent.
        let replay = try await served.holderSide(["receive", uri, "--tx-code-file", right, "--yes", "--json"] + served.network)
        #expect(replay.status == 1, "\(replay.stderr)")
        #expect(ServedWallets.errorCode(replay) == "peerError" && replay.stdoutText.contains("invalid_grant"), "\(replay.stdoutText)")
        let list = try await served.holderSide(["vc", "list", "--json"])
        #expect(try JSONValue(parsing: list.stdout)["credentials"]?.arrayValue?.count == 1)
        // Text output: the link, the configuration and the code with its warning; --tx-code-file prints no code.
        let text = try await served.issuerSide(["offer", "create", "--subject", subject, "--format", "dc+sd-jwt", "--vct", Self.pidType,
                                                "--tx-code", "--no-qr"])
        #expect(text.status == 0 && text.stdoutText.hasPrefix("openid-credential-offer://"), "\(text.stderr)")
        #expect(text.stdoutText.contains("Transaction code: ") && text.stdoutText.contains("out of band"))
        let given = try await served.offer(["--subject", subject, "--format", "dc+sd-jwt", "--vct", Self.pidType, "--tx-code-file", right])
        #expect(given["txCode"] == nil && given["offerURI"] != nil)
    }

    @Test("The authorization code flow: B opens the printed URL (here a script follows it), the issuer redirects to B's loopback listener, B stores the credential")
    func authorizationCode() async throws {
        let served = try ServedWallets()
        defer { served.stop() }
        let subject = try served.file("subject.json", Self.subject)
        let offer = try await served.offer(["--subject", subject, "--format", "jwt_vc_json", "--type", "IdentityCredential", "--authorization-code"])
        let uri = try #require(offer["offerURI"]?.stringValue)
        #expect(uri.contains("issuer_state") && !uri.contains("pre-authorized_code"))
        let process = Process()
        process.executableURL = CommandRunner.walletBinary
        process.arguments = ["receive", uri, "--yes", "--json"] + served.network
        process.environment = ProcessInfo.processInfo.environment.merging(served.holderEnv) { $1 }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        // The URL to open is printed on stderr; a browser would follow the issuer's redirect to the listener.
        var log = ""
        while !log.contains("\(served.baseURL)/authorize?") || !log.hasSuffix("\n") {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            log += String(decoding: chunk, as: UTF8.self)
        }
        let url = try #require(log.split(separator: "\n").first { $0.hasPrefix("\(served.baseURL)/authorize?") })
        let browser = try CommandRunner.run(["python3", "-c", "import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=10).status)",
                                             String(url)], executable: URL(fileURLWithPath: "/usr/bin/env"))
        #expect(browser.status == 0, "\(browser.stderr)")
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(log)")
        let result = try JSONValue(parsing: Array(stdout))
        #expect(result["stored"]?[0]?["issuer"]?.stringValue == served.issuerDID)
        #expect(result["stored"]?[0]?["types"]?.arrayValue?.contains("IdentityCredential") == true)
    }

    @Test("Presented back to A's verifier in both response modes: request result is valid and holds only the claim asked for", arguments: ["direct_post.jwt", "direct_post"])
    func presentsToTheVerifier(mode: String) async throws {
        let served = try ServedWallets()
        defer { served.stop() }
        let subject = try served.file("subject.json", Self.subject)
        let offer = try await served.offer(["--subject", subject, "--format", "dc+sd-jwt", "--vct", Self.pidType])
        let received = try await served.holderSide(["receive", try #require(offer["offerURI"]?.stringValue), "--yes", "--key-type", "p256", "--json"]
            + served.network)
        #expect(received.status == 0, "\(received.stderr)")
        let query = try served.file("query.json", #"{"credentials":[{"id":"pid","format":"dc+sd-jwt","meta":{"vct_values":["\#(Self.pidType)"]},"claims":[{"path":["given_name"]}]}]}"#)
        let created = try await served.issuerSide(["request", "create", "--dcql", query, "--response-mode", mode, "--json"])
        #expect(created.status == 0, "\(created.stderr)")
        let request = try JSONValue(parsing: created.stdout)
        let link = try #require(request["requestURI"]?.stringValue), view = try #require(request["view"]?.stringValue)
        let pending = try await served.issuerSide(["request", "result", view, "--json"])
        #expect(try JSONValue(parsing: pending.stdout)["status"] == "pending")
        let presented = try await served.holderSide(["present", link, "--yes", "--json"] + served.network)
        #expect(presented.status == 0, "\(presented.stderr)")
        #expect(try JSONValue(parsing: presented.stdout)["items"]?[0]?["claims"] == ["given_name"])
        let result = try await served.issuerSide(["request", "result", view, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let outcome = try JSONValue(parsing: result.stdout)
        #expect(outcome["status"] == "valid", "\(result.stdoutText)")
        let report = result.stdoutText
        #expect(report.contains("Erika") && !report.contains("Mustermann") && !report.contains("1964-08-12"), "\(report)")
    }

    @Test("Attacks and refusals: an offer naming an unregistered configuration, offer create before any issuer ran, bad input; nothing stored")
    func refusals() async throws {
        // Before any issuer ran on the wallet: a stable code, exit 2.
        let lone = TemporaryDirectory("offer-lone")
        defer { lone.remove() }
        try FileManager.default.createDirectory(at: lone.appending("w"), withIntermediateDirectories: true)
        let subjectFile = lone.appending("s.json")
        try Data(Self.subject.utf8).write(to: subjectFile)
        let early = try CommandRunner.run(["offer", "create", "--subject", subjectFile.path, "--format", "dc+sd-jwt", "--vct", Self.pidType,
                                           "--json", "--wallet", lone.appending("w").path])
        #expect(early.status == 2 && ServedWallets.errorCode(early) == "issuerNotConfigured", "\(early.stderr)")

        let served = try ServedWallets()
        defer { served.stop() }
        let subject = try served.file("subject.json", Self.subject)
        // A forged offer: A's real offer with its configuration id replaced by one A never registered.
        let offer = try await served.offer(["--subject", subject, "--format", "dc+sd-jwt", "--vct", Self.pidType])
        let uri = try #require(offer["offerURI"]?.stringValue)
        let encoded = try #require(uri.components(separatedBy: "credential_offer=").last?.removingPercentEncoding)
        var object = try #require(try JSONValue(parsing: encoded).objectValue)
        object["credential_configuration_ids"] = ["Unregistered-sd-jwt-00000000"]
        let forged = "openid-credential-offer://?credential_offer="
            + JSONValue.object(object).compactString.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let refused = try await served.holderSide(["receive", forged, "--yes", "--json"] + served.network)
        #expect(refused.status == 1 && ServedWallets.errorCode(refused) == "unsupportedConfiguration", "\(refused.stderr)")
        let list = try await served.holderSide(["vc", "list", "--json"])
        #expect(try JSONValue(parsing: list.stdout)["credentials"]?.arrayValue?.isEmpty == true)
        // Bad input to offer create: each a stable code and exit status.
        let notObject = try served.file("array.json", "[1,2]")
        let reserved = try served.file("reserved.json", #"{"iss":"https://evil.example","name":"x"}"#)
        let withId = try served.file("id.json", #"{"id":"did:example:someone","name":"x"}"#)
        let cases: [(arguments: [String], status: Int32, code: String)] = [
            (["--subject", notObject, "--format", "dc+sd-jwt", "--vct", Self.pidType], 1, "invalidArgument"),
            (["--subject", reserved, "--format", "dc+sd-jwt", "--vct", Self.pidType], 1, "invalidArgument"),
            (["--subject", withId, "--format", "jwt_vc_json", "--type", "T"], 1, "invalidArgument"),
            (["--subject", subject, "--format", "dc+sd-jwt", "--vct", "http://credentials.example/pid"], 1, "invalidArgument"),
            (["--subject", subject, "--format", "dc+sd-jwt", "--vct", Self.pidType, "--disclosable", "nickname"], 1, "invalidArgument"),
            // ldp_vc claims no pinned context defines: refused now, not when the holder asks.
            (["--subject", subject, "--format", "ldp_vc", "--type", "IdentityCredential"], 1, "invalidArgument"),
            (["--subject", subject, "--format", "jwt_vc_json"], 64, "usage"),
            (["--subject", subject, "--format", "dc+sd-jwt", "--vct", Self.pidType, "--tx-code", "--authorization-code"], 64, "usage"),
            (["--subject", subject, "--format", "mso_mdoc"], 64, "usage"),
        ]
        for refusal in cases {
            let output = try await served.issuerSide(["offer", "create", "--json"] + refusal.arguments)
            #expect(output.status == refusal.status && ServedWallets.errorCode(output) == refusal.code,
                    "\(refusal.arguments): \(output.status) \(output.stdoutText)")
        }
        // The refused kinds registered nothing: only the one real configuration is served.
        let metadata = try served.get("/.well-known/openid-credential-issuer")
        let body = try #require(metadata.components(separatedBy: "\r\n\r\n").last)
        #expect(try JSONValue(parsing: body)["credential_configurations_supported"]?.objectValue?.keys.count == 1)
    }

    @Test("serve --issuer refuses a label the wallet lacks (notFound) and a plain-http public URL off loopback (usage)")
    func serveRefusals() async throws {
        let directory = TemporaryDirectory("serve-issuer-refusals")
        defer { directory.remove() }
        let env = ["WALLET_HOME": directory.appending("w").path, "WALLET_PASSPHRASE": "refusal passphrase"]
        try ServedWallets.check(["init", "--kdf", "interactive"], env)
        let unknown = try await ServedWallets.run(["serve", "--port", "0", "--json", "--issuer", "nobody"], env: env)
        #expect(unknown.status == 1 && ServedWallets.errorCode(unknown) == "notFound", "\(unknown.stderr)")
        let plain = try await ServedWallets.run(["serve", "--port", "0", "--json", "--issuer", "nobody", "--public-url", "http://issuer.example"], env: env)
        #expect(plain.status == 64 && ServedWallets.errorCode(plain) == "usage", "\(plain.stderr)")
        let exposed = try await ServedWallets.run(["serve", "--port", "0", "--json", "--issuer", "nobody", "--bind", "0.0.0.0"], env: env)
        #expect(exposed.status == 64, "\(exposed.stderr)")
    }
}
