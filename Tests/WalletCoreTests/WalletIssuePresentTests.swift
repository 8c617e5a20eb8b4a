import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCore

/// A subject as an app models it.
private struct Degree: Codable {
    let id: String
    let name: String
    let year: Int
    let grade: Double
    let awarded: Date
    let honours: [String]
}

@Suite("Wallet.issue and Wallet.present: the common paths, Codable subjects")
struct WalletIssuePresentTests {
    static let examples = "https://www.w3.org/ns/credentials/examples/v2"

    @Test("Every issuable format but SD-JWT: issue, then verify what issue returned as it is",
          arguments: [CredentialFormat.vcJWT, .jwtVC11, .dataIntegrity(.eddsaJcs2022), .dataIntegrity(.eddsaRdfc2022),
                      .dataIntegrity(.ed25519Signature2020)])
    func issueRoundTrip(format: CredentialFormat) async throws {
        let directory = TemporaryDirectory("issue")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory)
        let issuer = try await wallet.createDID(method: .key, label: "university")
        let issued = try await wallet.issue(subject: ["id": "did:example:alice", "name": "Alice"], issuer: "university", format: format,
                                            types: ["ExampleDegreeCredential"], contexts: [Self.examples])
        let report = await Verifier().verify(issued)
        #expect(report.verified, "\(report.errors)")
        #expect(report.format == format)
        #expect(report.issuer == issuer.did.description)
        #expect(report.types.contains("ExampleDegreeCredential"))
        #expect(report.dataModel == (format == .jwtVC11 ? .v1_1 : .v2))
        // A change to what was signed does not verify.
        var tampered = issued.bytes
        let index = try #require(tampered.firstIndex(of: UInt8(ascii: "A")))
        tampered[index] = UInt8(ascii: "B")
        #expect(!(await Verifier().verify(tampered)).verified)
    }

    @Test("A Codable subject is signed exactly: numbers as written, dates as date-time stamps, keys sorted")
    func codableSubject() async throws {
        let directory = TemporaryDirectory("codable")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory)
        _ = try await wallet.createDID(method: .key, label: "university")
        let degree = Degree(id: "did:example:alice", name: "Bachelor of Science", year: 2024, grade: 0.1,
                            awarded: Date(timeIntervalSince1970: 1_719_792_000.25), honours: ["cum laude"])
        let issued = try await wallet.issue(subject: degree, issuer: "university", format: .dataIntegrity(.eddsaJcs2022))
        let report = await Verifier().verify(issued)
        #expect(report.verified, "\(report.errors)")
        let subject = try #require(report.document?["credentialSubject"]?.objectValue)
        #expect(subject.keys == ["awarded", "grade", "honours", "id", "name", "year"])
        #expect(subject["grade"]?.numberValue?.text == "0.1")
        #expect(subject["year"]?.numberValue?.text == "2024")
        #expect(subject["awarded"]?.stringValue == "2024-07-01T00:00:00.25Z")
        #expect(subject["honours"] == ["cum laude"])
        // The same value gives the same subject.
        #expect(try JSONValue(encoding: degree) == .object(subject))
    }

    @Test("A value without an exact JSON form is refused with invalidArgument, naming the member")
    func inexactSubjects() throws {
        struct Serial: Encodable { let name = "x"; let serial: UInt64 }
        struct Measured: Encodable { let value: Double }
        struct Nested: Encodable { let items: [Serial] }
        #expect(throws: Never.self) { try JSONValue(encoding: Serial(serial: 9_007_199_254_740_992)) }  // 2^53: a double holds it
        for (value, member) in [(Serial(serial: .max), "serial"), (Serial(serial: 9_007_199_254_740_993), "serial")] as [(Serial, String)] {
            let error = try #require(throws: WalletError.self) { try JSONValue(encoding: value) }
            #expect(error.code == .invalidArgument && error.message.contains("member \(member)") && error.message.contains("I-JSON"))
        }
        let nested = try #require(throws: WalletError.self) { try JSONValue(encoding: Nested(items: [Serial(serial: 1), Serial(serial: .max)])) }
        #expect(nested.message.contains("items[1].serial"))
        let decimal = try #require(throws: WalletError.self) { try JSONValue(encoding: ["d": Decimal(string: "0.10000000000000000001")!]) }
        #expect(decimal.code == .invalidArgument && decimal.message.contains("member d"))
        struct Dated: Encodable { let when: Date }
        for date in [Date(timeIntervalSince1970: .nan), Date(timeIntervalSince1970: 1e15), Date(timeIntervalSince1970: -1e12)] {
            let error = try #require(throws: WalletError.self) { try JSONValue(encoding: Dated(when: date)) }
            #expect(error.code == .invalidArgument && error.message.contains("when") && error.message.contains("0000-9999"))
        }
        for value in [Double.nan, .infinity] {
            let error = try #require(throws: WalletError.self) { try JSONValue(encoding: Measured(value: value)) }
            #expect(error.code == .invalidArgument && error.message.contains("value"))
        }
    }

    @Test("issue refuses what it does not do: SD-JWT, jwt-legacy with data model 2.0, an unknown issuer")
    func issueRefusals() async throws {
        let directory = TemporaryDirectory("refusals")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory)
        _ = try await wallet.createDID(method: .key, label: "university")
        let subject: JSONValue = ["id": "did:example:alice"]
        await #expect(throws: WalletError(.invalidArgument, "")) { try await wallet.issue(subject: subject, issuer: "university", format: .sdJWT) }
        await #expect(throws: WalletError(.invalidArgument, "")) { try await wallet.issue(subject: subject, issuer: "university", format: .vpJWT) }
        await #expect(throws: WalletError(.invalidArgument, "")) {
            try await wallet.issue(subject: subject, issuer: "university", format: .jwtVC11, dataModel: .v2)
        }
        await #expect(throws: WalletError(.notFound, "")) { try await wallet.issue(subject: subject, issuer: "nobody") }
        // A VCError keeps its code: a subject that is not an object or array breaks the data model.
        await #expect(throws: WalletError(WalletError.Code("invalidCredential"), "")) { try await wallet.issue(subject: "text", issuer: "university") }
    }

    @Test("present: vp+jwt and Data Integrity presentations verify against the challenge and domain, and are logged",
          arguments: [CredentialFormat.vpJWT, .dataIntegrity(.eddsaJcs2022)])
    func presentRoundTrip(format: CredentialFormat) async throws {
        let directory = TemporaryDirectory("present")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory)
        _ = try await wallet.createDID(method: .key, label: "university")
        let holder = try await wallet.createDID(method: .key, label: "alice")
        let jwt = try await wallet.issue(subject: ["id": .string(holder.did.description)], issuer: "university")
        let document = try await wallet.issue(subject: ["id": .string(holder.did.description)], issuer: "university", format: .dataIntegrity(.eddsaJcs2022))
        // A credential taken back from the store presents like the one issued.
        let (stored, _) = try await wallet.storeCredential(document.bytes)
        let reloaded = try #require(try await wallet.credential(stored.id).issued)
        #expect(reloaded == document)
        let presented = try await wallet.present([jwt, reloaded], holder: "alice", challenge: "n-0S6", domain: "https://verifier.example", format: format)
        var policy = VerificationPolicy()
        policy.expectedChallenge = "n-0S6"
        policy.expectedDomain = "https://verifier.example"
        let report = await Verifier(policy: policy).verifyPresentation(presented.bytes)
        #expect(report.verified, "\(report.errors)")
        #expect(report.format == format && report.holder == holder.did.description && report.credentials.count == 2)
        // A VC 1.1 JWT is not a vc+jwt: it is refused rather than enveloped into a presentation no verifier accepts.
        let legacy = try await wallet.issue(subject: ["id": .string(holder.did.description)], issuer: "university", format: .jwtVC11, dataModel: .v1_1)
        await #expect(throws: WalletError(.invalidArgument, "")) {
            try await wallet.present([jwt, legacy], holder: "alice", challenge: "n", domain: "d", format: format)
        }
        policy.expectedChallenge = "another"
        #expect(!(await Verifier(policy: policy).verifyPresentation(presented.bytes)).verified)
        let log = try await wallet.disclosureLog()
        #expect(log.count == 1 && log[0].audience == "https://verifier.example" && log[0].format == format.rawValue)
        #expect(log[0].credentials == [jwt, document].map { "sha256:" + Hex.encode(SHA256.hash($0.bytes)) })
    }

    @Test("present: one SD-JWT VC with the chosen disclosures and a key-binding JWT; misuse refused")
    func presentSDJWT() async throws {
        let directory = TemporaryDirectory("present-sd")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory)
        let issuer = try await wallet.createDID(method: .key, label: "ministry")
        let holder = try await wallet.createDID(method: .key, label: "alice")
        let holderKey = JWK(publicSigningKey: try await wallet.signer(for: "alice").publicKey)
        let sdJWT = try await SDJWT.issue(claims: ["given_name": "Alice", "birthdate": "2000-01-01"], disclosable: ["given_name", "birthdate"],
                                          vct: "https://credentials.example/identity", issuer: issuer.did.description, holderKey: holderKey,
                                          signer: try await wallet.signer(for: "ministry"))
        let presented = try await wallet.present([.compact(sdJWT)], holder: "alice", challenge: "n", domain: "https://age.example",
                                                 format: .sdJWT, disclosing: ["birthdate"])
        var policy = VerificationPolicy()
        policy.expectedChallenge = "n"
        policy.expectedDomain = "https://age.example"
        let report = await Verifier(policy: policy).verify(presented)
        #expect(report.verified, "\(report.errors)")
        #expect(report.document?["birthdate"] == "2000-01-01" && report.document?["given_name"] == nil)
        #expect(try await wallet.disclosureLog().last?.disclosedClaims == ["birthdate"])
        _ = holder
        // An SD-JWT VC is not enveloped in a vp+jwt; disclosing goes with SD-JWT only; nothing to present.
        await #expect(throws: WalletError(.invalidArgument, "")) {
            try await wallet.present([.compact(sdJWT)], holder: "alice", challenge: "n", domain: "d")
        }
        await #expect(throws: WalletError(.invalidArgument, "")) {
            try await wallet.present([.compact(sdJWT)], holder: "alice", challenge: "n", domain: "d", format: .vpJWT, disclosing: ["birthdate"])
        }
        await #expect(throws: WalletError(.invalidArgument, "")) { try await wallet.present([], holder: "alice", challenge: "n", domain: "d") }
        #expect(try await wallet.disclosureLog().count == 1)
    }

    @Test("issue(claims:vct:…): an SD-JWT VC bound to the holder's key, presented with chosen disclosures, verified as returned")
    func issueSDJWT() async throws {
        let directory = TemporaryDirectory("issue-sd")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory)
        let issuer = try await wallet.createDID(method: .key, label: "ministry")
        let holder = try await wallet.createDID(method: .key, label: "alice")
        let issued = try await wallet.issue(claims: ["given_name": "Alice", "birthdate": "2000-01-01", "nationality": "VN"],
                                            vct: "https://credentials.example/identity", issuer: "ministry",
                                            disclosable: ["given_name", "birthdate"], holder: holder.did.description)
        let report = await Verifier().verify(issued)
        #expect(report.verified, "\(report.errors)")
        #expect(report.format == .sdJWT && report.issuer == issuer.did.description)
        // Disclosable claims are not in the issuer-signed JWT until disclosed; the rest is.
        guard case .compact(let text) = issued else { Issue.record("not compact"); return }
        let payload = try #require(text.split(separator: "~").first?.split(separator: ".").dropFirst().first)
        let claims = String(decoding: try Base64URL.decode(String(payload)), as: UTF8.self)
        #expect(claims.contains("\"nationality\"") && !claims.contains("given_name") && claims.contains("\"cnf\""))

        let presented = try await wallet.present([issued], holder: "alice", challenge: "n-1", domain: "https://age.example",
                                                 format: .sdJWT, disclosing: ["birthdate"])
        var policy = VerificationPolicy()
        policy.expectedChallenge = "n-1"
        policy.expectedDomain = "https://age.example"
        let presentedReport = await Verifier(policy: policy).verifyPresentation(presented)
        #expect(presentedReport.verified, "\(presentedReport.errors)")
        #expect(presentedReport.document?["birthdate"] == "2000-01-01" && presentedReport.document?["given_name"] == nil)
        // verifyPresentation takes only presentations: the credential itself is refused.
        let notAPresentation = await Verifier().verifyPresentation(issued)
        #expect(!notAPresentation.verified && notAPresentation.errors.map(\.code).contains(.invalidPresentation))

        // Another DID's key cannot present a credential bound to alice's.
        _ = try await wallet.createDID(method: .key, label: "mallory")
        await #expect(throws: WalletError(WalletError.Code("verificationMethodNotAuthorized"), "")) {
            try await wallet.present([issued], holder: "mallory", challenge: "n-1", domain: "https://age.example",
                                     format: .sdJWT, disclosing: ["given_name"])
        }

        await #expect(throws: WalletError(.invalidArgument, "")) {
            try await wallet.issue(claims: ["a": "b"], vct: "https://credentials.example/x", issuer: "ministry", holder: "not a DID")
        }
        await #expect(throws: WalletError(WalletError.Code("invalidClaims"), "")) {
            try await wallet.issue(claims: ["a": "b"], vct: "https://credentials.example/x", issuer: "ministry", disclosable: ["iss"])
        }
        await #expect(throws: WalletError(.notFound, "")) {
            try await wallet.issue(claims: ["a": "b"], vct: "https://credentials.example/x", issuer: "nobody")
        }
    }
}
