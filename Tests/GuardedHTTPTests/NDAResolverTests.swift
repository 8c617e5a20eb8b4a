import DIDCore
@testable import DIDResolvers
import Foundation
import GuardedHTTP
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials

/// did:nda resolution through the guarded client, against an NDA resolver the test starts on
/// loopback TLS with its own CA (security requirement 45, decision 0028): both answer shapes, the
/// resolved key's revocation honoured, a missing document a failure (never a fall-back to recovery).
@Suite("did:nda resolver over loopback HTTPS")
struct NDAResolverTests {
    static let did = "did:nda:testnet:0x222137fb0099115bd0b0446c4d66c81ccf41e0bb"
    static let insideWindow = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    /// A resolver service: `documents` by path suffix (the DID), each answered bare or wrapped in a resolution result.
    static func server(document name: String, asResolutionResult: Bool) async throws -> TestServer {
        let document = try Fixtures.json("did-nda/did-documents/\(name).json")
        let body = asResolutionResult
            ? JSONSerializer().serialize(["didDocument": document, "didResolutionMetadata": ["contentType": "application/did+ld+json"],
                                          "didDocumentMetadata": ["created": "2025-08-01T00:00:00Z"]])
            : JSONSerializer().serialize(document)
        return try await TestServer(tls: try TestPKI.make().serverContext()) { path in
            path == "/1.0/identifiers/\(did)" ? .respond(status: 200, headers: [("Content-Type", "application/did+ld+json")], body: body) : .respond(status: 404)
        }
    }

    static func verifier(_ server: TestServer) throws -> Verifier {
        let network = try TLSAndRedirectTests.configuration(port: server.port, anchors: true)
        let resolver = try NDAResolver(endpoint: server.url("/1.0/identifiers/", authority: "wallet.test"), network: network)
        var policy = VerificationPolicy()
        policy.now = { insideWindow }
        return Verifier(resolver: DIDResolverRegistry.standard.registering(resolver), policy: policy)
    }

    static func credential() throws -> [UInt8] { try Fixtures.bytes("did-nda/credential-ecdsa-rdfc-2019-nda.json") }

    @Test("A bare document and a resolution result both give the key; the report does not warn of an unconsulted document", arguments: [false, true])
    func resolves(asResolutionResult: Bool) async throws {
        let server = try await Self.server(document: "synthetic-issuer-0x2221", asResolutionResult: asResolutionResult)
        let report = try await Self.verifier(server).verify(try Self.credential())
        #expect(report.verified, "\(report.errors)")
        #expect(!report.warnings.contains { $0.code == .didDocumentNotConsulted })
        #expect(server.requests.map(\.path) == ["/1.0/identifiers/\(Self.did)"])
        await server.stop()
    }

    @Test("keyCompromise in the resolved document refuses; a superseded key refuses a later proof")
    func revoked() async throws {
        for name in ["synthetic-issuer-0x2221-keycompromise", "synthetic-issuer-0x2221-superseded-2025-10-01"] {
            let server = try await Self.server(document: name, asResolutionResult: false)
            let report = try await Self.verifier(server).verify(try Self.credential())
            #expect(report.errors.map(\.code) == [.keyRevoked], "\(name): \(report.errors)")
            await server.stop()
        }
    }

    @Test("A DID the resolver does not know, or a document of another DID, is a resolution failure")
    func notFound() async throws {
        let server = try await Self.server(document: "synthetic-issuer-0x8b3b", asResolutionResult: false)
        let resolver = try NDAResolver(endpoint: server.url("/1.0/identifiers/", authority: "wallet.test"),
                                       network: try TLSAndRedirectTests.configuration(port: server.port, anchors: true))
        let missing = await resolver.resolve("did:nda:0x084ce14ef7c6e76a5ff3d58c160de7e1d385d9ee")
        #expect(missing.error?.code == .notFound)
        let report = try await Self.verifier(server).verify(try Self.credential())
        #expect(report.errors.map(\.code) == [.didResolutionFailed])
        await server.stop()
        // The server answers the 0x2221 path with the 0x8b3b document: refused as another DID's.
        let document = try Fixtures.json("did-nda/did-documents/synthetic-issuer-0x8b3b.json")
        let impostor = try await TestServer(tls: try TestPKI.make().serverContext()) { _ in .respond(status: 200, body: JSONSerializer().serialize(document)) }
        let result = try await Self.verifier(impostor).resolver.resolve(Self.did)
        #expect(result.error?.code == .invalidDocument)
        await impostor.stop()
    }

    @Test("A resolution result that says the DID is deactivated is a failure (deactivated), never a document to verify with")
    func deactivated() throws {
        let did = try DID(parsing: "did:nda:0x2221000000000000000000000000000000000000")
        let document: JSONValue = ["@context": ["https://www.w3.org/ns/did/v1"], "id": .string(did.description)]
        func answer(_ deactivated: JSONValue) -> [UInt8] {
            JSONSerializer().serialize(["didDocument": document, "didResolutionMetadata": [:], "didDocumentMetadata": ["deactivated": deactivated]])
        }
        #expect(throws: DIDError(.deactivated, "")) { try NDAResolver.result(of: answer(true), for: did, maximumBytes: 1 << 16) }
        #expect(try NDAResolver.result(of: answer(false), for: did, maximumBytes: 1 << 16).didDocument?.id == did)
    }

    @Test("The URL asked: the DID appended, or put in place of {did}; a URL the guarded client cannot use is refused at once")
    func urls() throws {
        let did = try DID(parsing: Self.did)
        #expect(try NDAResolver(endpoint: "https://resolver.example/1.0/identifiers/").url(for: did) == "https://resolver.example/1.0/identifiers/\(Self.did)")
        #expect(try NDAResolver(endpoint: "https://resolver.example/did/{did}/document").url(for: did) == "https://resolver.example/did/\(Self.did)/document")
        #expect(throws: DIDError(.resolverFailed, "")) { try NDAResolver(endpoint: "https://user:secret@resolver.example/") }
        #expect(throws: DIDError(.resolverFailed, "")) { try NDAResolver(endpoint: "not a url") }
    }

    @Test("wallet vc verify --at, --did-resolver and --no-nda-dialect on the built binary")
    func commandLine() async throws {
        let pki = try TestPKI.make()
        let server = try await Self.server(document: "synthetic-issuer-0x2221", asResolutionResult: true)
        let file = Fixtures.url("did-nda/credential-ecdsa-rdfc-2019-nda.json").path
        func run(_ arguments: [String]) async throws -> (status: Int32, report: JSONValue?) {
            let output = try await offThePool { try CommandRunner.run(["vc", "verify", file, "--json"] + arguments, stdin: [], environment: [:]) }
            return (output.status, try? JSONValue(parsing: output.stdout))
        }
        let at = ["--at", "2026-01-01T00:00:00Z"]
        let offline = try await run(at)
        #expect(offline.status == 0)
        #expect(offline.report?["verificationTime"]?.stringValue == "2026-01-01T00:00:00Z")
        #expect(offline.report?["warnings"]?.arrayValue?.contains { $0["code"]?.stringValue == "didDocumentNotConsulted" } == true)
        // --allow-network would fetch the credential's status list (on auth-dev.pila.vn): the
        // --status-list URL limits fetching to the test's server, so that URL is refused unasked
        // and the status is unknown (exit 2) — everything else verified, the key from the resolver.
        let online = try await run(at + ["--allow-network", "--did-resolver", "did:nda=https://127.0.0.1:\(server.port)/1.0/identifiers/",
                                         "--network-allow", "127.0.0.1:\(server.port)", "--ca-file", pki.caFile,
                                         "--status-list", "https://127.0.0.1:\(server.port)/no-list"])
        #expect(online.status == 2, "\(String(describing: online.report))")
        #expect(online.report?["errors"]?.arrayValue?.map { $0["code"]?.stringValue } == ["statusUnknown"])
        #expect(online.report?["checks"]?.arrayValue?.contains { $0["check"]?.stringValue == "verificationMethod.resolve" && $0["passed"]?.boolValue == true } == true)
        #expect(online.report?["warnings"]?.arrayValue?.contains { $0["code"]?.stringValue == "didDocumentNotConsulted" } == false)
        #expect(server.requests.count == 1)
        let refused = try await run(at + ["--no-nda-dialect"])
        #expect(refused.status == 1 && refused.report?["errors"]?[0]?["code"]?.stringValue == "ndaDialectRefused")
        let expired = try await run(["--at", "2026-09-01T00:00:00Z"])
        #expect(expired.status == 1 && expired.report?["errors"]?[0]?["code"]?.stringValue == "expired")
        #expect(try await run(["--did-resolver", "did:nda=https://resolver.example/"]).status == 64)
        #expect(try await run(["--at", "2026-01-01"]).status == 64)
        await server.stop()
    }
}
