import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
@testable import VerifiableCredentials
import WalletCrypto

/// NDA's ES256K VC-JWTs (decision 0028): verified offline by recovering the key and comparing
/// addresses, or with the key a did:nda resolver gives; every tampered copy fails.
@Suite("did:nda — ES256K VC-JWTs")
struct NDAJWTTests {
    static let files = ["vc-jwt-1-no-iss.jwt", "vc-jwt-2-status-15-revoked.jwt", "vc-jwt-3-status-17-not-revoked.jwt"]
    /// 2024-06-01T00:00:00Z: inside JWT 1's validity (2024-01-01 … 2025-01-01).
    static let insideFirstWindow = Date(timeIntervalSince1970: 1_717_200_000)

    static func token(_ file: String) throws -> String {
        try Fixtures.text("did-nda/" + file).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func moment(for file: String) -> Date { file.hasPrefix("vc-jwt-1") ? insideFirstWindow : NDATestSupport.insideWindow }

    @Test("Each VC-JWT verifies offline by key recovery, and says the DID document was not consulted", arguments: files)
    func offline(file: String) async throws {
        let report = await NDATestSupport.offlineVerifier(at: Self.moment(for: file)).verify(try Self.token(file))
        #expect(report.verified, "\(file): \(report.errors)")
        #expect(report.format == .jwtVC11)
        let codes = Set(report.warnings.map(\.code))
        #expect(codes.isSuperset(of: [.didDocumentNotConsulted, .ndaTestnetDID]), "\(codes)")
        #expect(report.checks.contains { $0.name == .signature && $0.passed })
    }

    @Test("JWTs 2 and 3 expired on 2026-08-29: after it, exp fails", arguments: files.dropFirst())
    func expired(file: String) async throws {
        let report = await NDATestSupport.offlineVerifier(at: NDATestSupport.afterExpiry).verify(try Self.token(file))
        #expect(report.errors.map(\.code).contains(.expired))
    }

    /// Tampered copies: a payload claim, the header's kid, a signature byte, the high-S twin.
    static func tampered(_ token: String) -> [(String, String)] {
        let parts = token.split(separator: ".").map(String.init)
        var payload = try! JSONValue(parsing: Base64URL.decode(parts[1])).objectValue!
        var vc = payload["vc"]!.objectValue!
        vc["validUntil"] = "2030-01-01T00:00:00Z"
        payload["vc"] = .object(vc)
        let changedPayload = Base64URL.encode(JSONSerializer().serialize(.object(payload)))
        var header = try! JSONValue(parsing: Base64URL.decode(parts[0])).objectValue!
        header["kid"] = .string(header["kid"]!.stringValue!.replacingOccurrences(of: "#key-1", with: "#key-2"))
        let changedHeader = Base64URL.encode(JSONSerializer().serialize(.object(header)))
        var signature = try! Base64URL.decode(parts[2])
        signature[10] ^= 0x01
        let original = try! Base64URL.decode(parts[2])
        let highS = Array(original[..<32]) + negated(Array(original[32...]))
        return [
            ("payload", "\(parts[0]).\(changedPayload).\(parts[2])"),
            ("kid", "\(changedHeader).\(parts[1]).\(parts[2])"),
            ("signature byte", "\(parts[0]).\(parts[1]).\(Base64URL.encode(signature))"),
            ("high-S twin", "\(parts[0]).\(parts[1]).\(Base64URL.encode(highS))"),
        ]
    }

    /// n − s for the secp256k1 order n.
    static func negated(_ s: [UInt8]) -> [UInt8] {
        let order = hexBytes("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
        var result = [UInt8](repeating: 0, count: 32), borrow = 0
        for index in stride(from: 31, through: 0, by: -1) {
            var digit = Int(order[index]) - Int(s[index]) - borrow
            borrow = digit < 0 ? 1 : 0
            if digit < 0 { digit += 256 }
            result[index] = UInt8(digit)
        }
        return result
    }

    @Test("Every tampered copy fails", arguments: files)
    func tamperedCopies(file: String) async throws {
        for (name, token) in Self.tampered(try Self.token(file)) {
            let report = await NDATestSupport.offlineVerifier(at: Self.moment(for: file)).verify(token)
            #expect(!report.verified, "\(file) \(name)")
            let expected: VCError.Code = name == "high-S twin" ? .signatureNotLowS : .invalidSignature
            #expect(report.errors.map(\.code).contains(expected), "\(file) \(name): \(report.errors)")
        }
    }

    @Test("A vp+jwt from a did:nda holder verifies by recovery; signed by another key it does not")
    func presentation() async throws {
        let (key, did) = try NDATestSupport.sdkKey()
        func token(signedBy signer: Secp256k1.PrivateKey) -> String {
            let header: JSONValue = ["alg": "ES256K", "kid": .string(did + "#key-1"), "typ": "vp+jwt"]
            let payload: JSONValue = ["@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiablePresentation"],
                                      "holder": .string(did), "nonce": "n-123", "aud": "https://verifier.example"]
            let input = Base64URL.encode(JSONSerializer().serialize(header)) + "." + Base64URL.encode(JSONSerializer().serialize(payload))
            return input + "." + Base64URL.encode(signer.signature(for: Array(input.utf8)).rawRepresentation)
        }
        var verifier = NDATestSupport.offlineVerifier()
        verifier.policy.expectedChallenge = "n-123"
        verifier.policy.expectedDomain = "https://verifier.example"
        let report = await verifier.verifyPresentation(Array(token(signedBy: key).utf8))
        #expect(report.verified, "\(report.errors)")
        #expect(report.warnings.contains { $0.code == .didDocumentNotConsulted })
        let forged = await verifier.verifyPresentation(Array(token(signedBy: Secp256k1.PrivateKey()).utf8))
        #expect(forged.errors.map(\.code) == [.invalidSignature])
    }

    @Test("With a resolver: the document's key; a superseded key still accepts JWTs issued before it, keyCompromise refuses")
    func resolved() async throws {
        let token = try Self.token("vc-jwt-3-status-17-not-revoked.jwt")
        for (document, expected) in [("synthetic-issuer-0x2221", [VCError.Code]()), ("synthetic-issuer-0x2221-superseded-2025-10-01", []),
                                     ("synthetic-issuer-0x2221-keycompromise", [.keyRevoked])] {
            let verifier = NDATestSupport.resolvingVerifier([NDATestSupport.issuer: try NDATestSupport.document(document)])
            let report = await verifier.verify(token)
            #expect(report.errors.map(\.code) == expected, "\(document): \(report.errors)")
            #expect(!report.warnings.contains { $0.code == .didDocumentNotConsulted })
        }
    }
}
