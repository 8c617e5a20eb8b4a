import DIDCore
import Foundation
import JSONLD
import StrictJSON
import Testing
@testable import VerifiableCredentials
import WalletCrypto

/// Issue 12 §1 and security requirement 33: for the RDF suites the signature covers the dataset,
/// so a second JSON tree of the same dataset — a property moved to its full IRI, an inline context
/// aliasing new names, a keyword that adds no triple — must never change what is reported, stored
/// or decided. Each attack is first shown to be real (the tampered JSON has the same canonical
/// dataset as the signed one, so its signature still verifies), then refused.
@Suite("RDF suites: what is verified is what was signed")
struct SignedDataTests {
    let issuer = TestParty(seed: 1)
    let holder = TestParty(seed: 2)
    static let suites: [DataIntegrityCryptosuite] = [.eddsaRdfc2022, .ed25519Signature2020]
    static let v2 = "https://www.w3.org/ns/credentials/v2"
    static let examples = "https://www.w3.org/ns/credentials/examples/v2"
    static let credentials = "https://www.w3.org/2018/credentials#"
    static let dateTime = "http://www.w3.org/2001/XMLSchema#dateTime"
    let listURL = "https://issuer.example/status/3"

    func codes(_ report: VerificationReport) -> [String] { report.errors.map(\.code.rawValue) }

    func credential(_ members: JSONObject = [:], contexts: [String] = [v2, examples]) -> JSONObject {
        var credential: JSONObject = [
            "@context": .array(contexts.map { .string($0) }), "id": "urn:uuid:3f0c8a52-0000-4000-8000-000000000001",
            "type": ["VerifiableCredential", "AlumniCredential"], "issuer": .string(issuer.did.description),
            "validFrom": "2023-01-01T00:00:00Z",
            "credentialSubject": ["id": .string(holder.did.description), "alumniOf": "Đại học Quốc gia Hà Nội"],
        ]
        for member in members { credential[member.key] = member.value }
        return credential
    }

    func issue(_ credential: JSONObject, suite: DataIntegrityCryptosuite, expires: String? = nil,
               loader: PinnedContextLoader = .bundled) async throws -> JSONObject {
        let document = Issuer.withSuiteContext(.object(credential), suite).objectValue!
        let options = DataIntegrityProof.Options(verificationMethod: issuer.signer.verificationMethodId, created: "2023-01-01T00:00:00Z",
                                                 expires: expires, cryptosuite: suite)
        var secured = document
        secured["proof"] = .object(try await DataIntegrityProof.createProof(document: document, options: options, signer: issuer.signer, loader: loader))
        return secured
    }

    /// The canonical N-Quads of a document and its proof configuration, processed without the
    /// unambiguous-form rules: what the signature covers.
    func signedBytes(_ secured: JSONObject, loader: PinnedContextLoader = .bundled) throws -> [UInt8] {
        var document = secured
        var proof = document.removeValue(forKey: "proof")!.objectValue!
        proof.removeValue(forKey: "proofValue")
        proof["@context"] = document["@context"]
        let processor = JSONLDProcessor(loader: loader, safeMode: true)
        return try processor.canonicalize(.object(document)).canonicalBytes + [0] + processor.canonicalize(.object(proof)).canonicalBytes
    }

    func verify(_ document: JSONObject, _ verifier: Verifier = Verifier()) async -> VerificationReport {
        await verifier.verify(JSONSerializer().serialize(.object(document)))
    }

    /// Moves `name` to its full IRI as a typed value object.
    func moveToFullIRI(_ object: inout JSONObject, _ name: String, iri: String) {
        let value = object.removeValue(forKey: name)!
        object[iri] = ["@value": value, "@type": .string(Self.dateTime)]
    }

    @Test("An expired or not-yet-valid credential stays so when validUntil/validFrom move to their full IRI", arguments: suites)
    func validityMovedToFullIRI(_ suite: DataIntegrityCryptosuite) async throws {
        for (name, value, code) in [("validUntil", "2024-01-01T00:00:00Z", "expired"), ("validFrom", "2999-01-01T00:00:00Z", "notYetValid")] {
            let signed = try await issue(credential([name: .string(value)]), suite: suite)
            #expect(codes(await verify(signed)) == [code])
            var tampered = signed
            moveToFullIRI(&tampered, name, iri: Self.credentials + name)
            #expect(try signedBytes(tampered) == signedBytes(signed), "the attack is real: the signed dataset is the same")
            let report = await verify(tampered)
            #expect(!report.verified && codes(report) == ["ambiguousJSONLD"], "\(report.jsonValue.prettyString)")
        }
    }

    @Test("An expired proof stays expired when expires moves to its full IRI", arguments: suites)
    func proofExpiresMoved(_ suite: DataIntegrityCryptosuite) async throws {
        let signed = try await issue(credential(), suite: suite, expires: "2024-01-01T00:00:00Z")
        #expect(codes(await verify(signed)) == ["proofExpired"])
        var tampered = signed
        var proof = tampered["proof"]!.objectValue!
        moveToFullIRI(&proof, "expires", iri: "https://w3id.org/security#expiration")
        tampered["proof"] = .object(proof)
        #expect(try signedBytes(tampered) == signedBytes(signed))
        #expect(codes(await verify(tampered)) == ["ambiguousJSONLD"])
    }

    /// A revocation list with entry 7 set, issued by the issuer.
    func revokedList() async throws -> StaticStatusListProvider {
        var list = BitstringStatusList()
        try list.setStatus(1, at: 7)
        var listCredential = Issuer.credential(issuer: issuer.did.description,
                                               subject: ["id": .string("\(listURL)#list"), "type": "BitstringStatusList", "statusPurpose": "revocation",
                                                         "encodedList": .string(list.encodedList)],
                                               types: ["BitstringStatusListCredential"], id: listURL)
        listCredential["id"] = .string(listURL)
        return StaticStatusListProvider(lists: [listURL: Array(try await Issuer.issueJOSE(.object(listCredential), signer: issuer.signer).utf8)])
    }

    var statusEntry: JSONValue {
        ["id": .string("\(listURL)#7"), "type": "BitstringStatusListEntry", "statusPurpose": "revocation", "statusListIndex": "7",
         "statusListCredential": .string(listURL)]
    }

    @Test("A revoked credential stays revoked when credentialStatus moves to its full IRI, alone and inside a presentation", arguments: suites)
    func statusMovedToFullIRI(_ suite: DataIntegrityCryptosuite) async throws {
        let provider = try await revokedList()
        let verifier = Verifier(statusLists: provider)
        let signed = try await issue(credential(["credentialStatus": statusEntry]), suite: suite)
        #expect(codes(await verify(signed, verifier)) == ["revoked"])
        var tampered = signed
        tampered[Self.credentials + "credentialStatus"] = tampered.removeValue(forKey: "credentialStatus")
        #expect(try signedBytes(tampered) == signedBytes(signed))
        let report = await verify(tampered, verifier)
        #expect(!report.verified && codes(report) == ["ambiguousJSONLD"] && report.warnings.isEmpty == true)
        // Inside a presentation the holder signs, the credential is still refused. (An RDF suite
        // could not even sign that presentation: its dataset holds the credential's ambiguous JSON.)
        let presentation = Issuer.presentation(holder: holder.did.description, credentials: [.object(tampered)])
        let vpJWT = try await Issuer.presentJOSE(presentation, challenge: "c", domain: "d", signer: holder.signer)
        let vpDI = try await Issuer.presentDataIntegrity(presentation, challenge: "c", domain: "d", signer: holder.signer, cryptosuite: .eddsaJcs2022)
        await #expect(throws: VCError(.ambiguousJSONLD, "")) {
            try await Issuer.presentDataIntegrity(presentation, challenge: "c", domain: "d", signer: holder.signer, cryptosuite: suite)
        }
        for input in [Array(vpJWT.utf8), JSONSerializer().serialize(vpDI)] {
            let vpReport = await verifier.verify(input)
            #expect(!vpReport.verified && vpReport.credentials.map { codes($0) } == [["ambiguousJSONLD"]], "\(vpReport.jsonValue.prettyString)")
        }
    }

    @Test("An inline context that aliases new names to signed IRIs does not make unsigned claims or types appear", arguments: suites)
    func inlineContextAliases(_ suite: DataIntegrityCryptosuite) async throws {
        let signed = try await issue(credential(), suite: suite)
        #expect(await verify(signed).verified)
        let alias: JSONValue = ["ageOver21": "https://www.w3.org/ns/credentials/examples#alumniOf",
                                "ExampleDriverLicense": "https://www.w3.org/ns/credentials/examples#AlumniCredential"]
        var tampered = signed
        tampered["@context"] = .array(signed["@context"]!.arrayValue! + [alias])
        var subject = tampered["credentialSubject"]!.objectValue!
        subject["ageOver21"] = subject.removeValue(forKey: "alumniOf")
        tampered["credentialSubject"] = .object(subject)
        tampered["type"] = ["VerifiableCredential", "ExampleDriverLicense"]
        #expect(try signedBytes(tampered) == signedBytes(signed))
        let report = await verify(tampered)
        #expect(!report.verified && codes(report) == ["ambiguousJSONLD"], "\(report.jsonValue.prettyString)")
    }

    @Test("A keyword that adds no triple (@index) is refused, in a credential and in a presentation", arguments: suites)
    func indexKeyword(_ suite: DataIntegrityCryptosuite) async throws {
        let signed = try await issue(credential(), suite: suite)
        var tampered = signed
        var subject = tampered["credentialSubject"]!.objectValue!
        subject["@index"] = "anything"
        tampered["credentialSubject"] = .object(subject)
        #expect(try signedBytes(tampered) == signedBytes(signed))
        #expect(codes(await verify(tampered)) == ["ambiguousJSONLD"])
        // The holder's own presentation, signed with the same suite, then given an @index.
        let presentation = try await Issuer.presentDataIntegrity(Issuer.presentation(holder: holder.did.description, credentials: [.object(signed)]),
                                                                 challenge: "c", domain: "d", signer: holder.signer, cryptosuite: suite)
        #expect(await verify(presentation.objectValue!).verified)
        var tamperedPresentation = presentation.objectValue!
        tamperedPresentation["@index"] = "anything"
        #expect(codes(await verify(tamperedPresentation)) == ["ambiguousJSONLD"])
    }

    @Test("Issuing refuses what verifying would refuse: an inline context, a full-IRI key")
    func issuanceRefusesAmbiguousForm() async throws {
        for suite in Self.suites {
            var inline = credential()
            inline["@context"] = [.string(Self.v2), ["alumniOf": "https://www.w3.org/ns/credentials/examples#alumniOf"]]
            await #expect(throws: VCError(.ambiguousJSONLD, "")) { try await issue(inline, suite: suite) }
            var fullIRI = credential()
            fullIRI[Self.credentials + "validUntil"] = ["@value": "2030-01-01T00:00:00Z", "@type": .string(Self.dateTime)]
            await #expect(throws: VCError(.ambiguousJSONLD, "")) { try await issue(fullIRI, suite: suite) }
        }
    }

    /// A context an app pinned that gives `validUntil` and `credentialStatus` second names: the
    /// unambiguous-form rules allow its terms, so only the comparison with the signed data can see
    /// that the JSON no longer says what the dataset does.
    static let aliasContextURL = "https://contexts.example/aliases/v1"
    static let aliasLoader: PinnedContextLoader = try! PinnedContextLoader(extra: [aliasContextURL: [
        "@context": ["expiresAt": ["@id": .string(credentials + "validUntil"), "@type": .string(dateTime)],
                     "revocationEntry": ["@id": .string(credentials + "credentialStatus"), "@type": "@id"]],
    ]])

    @Test("A pinned context's second name for validUntil or credentialStatus is caught against the signed data", arguments: suites)
    func aliasesInPinnedContexts(_ suite: DataIntegrityCryptosuite) async throws {
        let contexts = [Self.v2, Self.examples, Self.aliasContextURL]
        let verifier = Verifier(statusLists: try await revokedList(), contextLoader: Self.aliasLoader)
        for (name, alias, value, code) in [("validUntil", "expiresAt", JSONValue.string("2024-01-01T00:00:00Z"), "expired"),
                                           ("credentialStatus", "revocationEntry", statusEntry, "revoked")] {
            let signed = try await issue(credential([name: value], contexts: contexts), suite: suite, loader: Self.aliasLoader)
            #expect(codes(await verify(signed, verifier)) == [code])
            var tampered = signed
            tampered[alias] = tampered.removeValue(forKey: name)
            #expect(try signedBytes(tampered, loader: Self.aliasLoader) == signedBytes(signed, loader: Self.aliasLoader))
            let report = await verify(tampered, verifier)
            #expect(!report.verified && codes(report) == ["signedDataMismatch"], "\(report.jsonValue.prettyString)")
        }
    }

    @Test("The signed-data comparison reads every decision-relevant value: a change to any is a mismatch")
    func comparisonCoversDecisionValues() throws {
        let document = credential(["validUntil": "2030-01-01T00:00:00Z", "credentialStatus": statusEntry])
        let processor = JSONLDProcessor(loader: PinnedContextLoader.bundled, safeMode: true)
        let expanded = try processor.dataset(of: .object(document)).expanded
        try SignedDataCheck.check(document: document, expanded: expanded, presentation: false, dataModel: .v2)
        // Each JSON reading changed while the signed data stays: every one is caught.
        let changes: [(String, JSONValue?)] = [
            ("validUntil", nil), ("validUntil", "2031-01-01T00:00:00Z"), ("validFrom", nil), ("issuer", "did:example:other"),
            ("id", "urn:uuid:other"), ("credentialStatus", nil), ("type", ["VerifiableCredential"]),
            ("credentialSubject", ["id": "did:example:other", "alumniOf": "x"]),
        ]
        for (name, value) in changes {
            var json = document
            if let value { json[name] = value } else { json.removeValue(forKey: name) }
            #expect(throws: VCError(.signedDataMismatch, "")) { try SignedDataCheck.check(document: json, expanded: expanded, presentation: false, dataModel: .v2) }
        }
        var entry = statusEntry.objectValue!
        entry["statusListIndex"] = "8"
        var json = document
        json["credentialStatus"] = .object(entry)
        #expect(throws: VCError(.signedDataMismatch, "")) { try SignedDataCheck.check(document: json, expanded: expanded, presentation: false, dataModel: .v2) }
    }

    @Test("Statements of the credential written in a nested node with its id count as the credential's (RDF merges them)")
    func mergedNodes() throws {
        let document = credential(["validUntil": "2030-01-01T00:00:00Z"])
        let id = document["id"]!.stringValue!
        // The expanded form of a tree that says validUntil twice: at the top and in a nested node
        // naming the credential's id — one subject in RDF, so two validUntil statements.
        var expanded = try JSONLDProcessor(loader: PinnedContextLoader.bundled, safeMode: true).dataset(of: .object(document)).expanded[0].objectValue!
        var subject = expanded[Self.credentials + "credentialSubject"]!.arrayValue![0].objectValue!
        subject["https://www.w3.org/ns/credentials/examples#alumniOf"] = [["@id": .string(id),
                                                                          .init(Self.credentials + "validUntil"): [["@value": "2024-01-01T00:00:00Z", "@type": .string(Self.dateTime)]]]]
        expanded[Self.credentials + "credentialSubject"] = [.object(subject)]
        #expect(throws: VCError(.signedDataMismatch, "")) {
            try SignedDataCheck.check(document: document, expanded: [.object(expanded)], presentation: false, dataModel: .v2)
        }
    }

    @Test("A VC 1.1 credential is held to the validUntil and validFrom its context defines, as well as expirationDate and issuanceDate",
          arguments: suites)
    func legacyValidity(_ suite: DataIntegrityCryptosuite) async throws {
        var v1 = credential(contexts: ["https://www.w3.org/2018/credentials/v1", "https://www.w3.org/2018/credentials/examples/v1",
                                       "https://w3id.org/security/data-integrity/v2"])
        v1.removeValue(forKey: "validFrom")
        v1["issuanceDate"] = "2023-01-01T00:00:00Z"
        v1["expirationDate"] = "2099-01-01T00:00:00Z"
        v1["validUntil"] = "2024-01-01T00:00:00Z"
        #expect(codes(await verify(try await issue(v1, suite: suite))) == ["expired"])
        v1["validUntil"] = "2098-01-01T00:00:00Z"
        v1["validFrom"] = "2999-01-01T00:00:00Z"
        #expect(codes(await verify(try await issue(v1, suite: suite))) == ["notYetValid"])
    }

    @Test("A document @context longer than the proof's is refused: the rest would be unsigned", arguments: [DataIntegrityCryptosuite.eddsaRdfc2022, .eddsaJcs2022])
    func contextBeyondTheProofs(_ suite: DataIntegrityCryptosuite) async throws {
        var signed = try await issue(credential(), suite: suite)
        var proof = signed["proof"]!.objectValue!
        proof["@context"] = signed["@context"]
        signed["proof"] = .object(proof)
        if suite == .eddsaRdfc2022 { #expect(await verify(signed).verified) }  // the proof's @context is not signed there
        var tampered = signed
        tampered["@context"] = .array(signed["@context"]!.arrayValue! + [["DoctorateCredential": "https://evil.example/Doctorate"]])
        #expect(codes(await verify(tampered)) == ["contextMismatch"])
        tampered["@context"] = .array(signed["@context"]!.arrayValue! + ["https://w3id.org/security/data-integrity/v2"])
        #expect(codes(await verify(tampered)) == ["contextMismatch"])
    }

    @Test("Values that restate signed data another way are refused: typed value objects, null, empty arrays, repeats, @direction",
          arguments: suites)
    func valueLevelRestatements(_ suite: DataIntegrityCryptosuite) async throws {
        let signed = try await issue(credential(["credentialSubject": ["id": .string(holder.did.description), "alumniOf": "Đại học",
                                                                        "honours": false, "credits": 128]]), suite: suite)
        #expect(await verify(signed).verified)
        let rewrites: [(String, JSONValue)] = [
            ("honours", ["@value": false]), ("honours", ["@value": "false", "type": "http://www.w3.org/2001/XMLSchema#boolean"]),
            ("credits", ["@value": "128", "type": "http://www.w3.org/2001/XMLSchema#integer"]), ("alumniOf", ["Đại học", "Đại học"]),
            ("alumniOf", ["@value": "Đại học", "@direction": "rtl"]), ("nothing", .null), ("nothing", []), ("nothing", [.null]),
        ]
        for (name, value) in rewrites {
            var tampered = signed
            var subject = tampered["credentialSubject"]!.objectValue!
            subject[name] = value
            tampered["credentialSubject"] = .object(subject)
            let report = await verify(tampered)
            #expect(codes(report) == ["ambiguousJSONLD"], "\(name): \(value.compactString) \(report.jsonValue.prettyString)")
        }
        // The subject split in two objects for one node.
        var split = signed
        split["credentialSubject"] = [["id": .string(holder.did.description)], signed["credentialSubject"]!]
        #expect(codes(await verify(split)) == ["ambiguousJSONLD"])
    }
}
