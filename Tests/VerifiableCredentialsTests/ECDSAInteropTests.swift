import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCrypto

/// ES256 and ES256K `vc+jwt` across implementations (Fixtures/interop/, made by
/// make_ecdsa_jwt_fixtures.py): tokens signed by Python's `cryptography` (OpenSSL, P-256) and
/// `coincurve` (secp256k1) verify here, and the tokens signed here are the ones that script
/// verified with those libraries (security requirement 43).
@Suite("Interop: ES256 / ES256K with cryptography and coincurve")
struct ECDSAInteropTests {
    static let p256 = PrivateSigningKey.p256(try! P256.PrivateKey(scalarBytes: [UInt8](repeating: 0x44, count: 32)))
    static let secp256k1 = PrivateSigningKey.secp256k1(try! Secp256k1.PrivateKey(scalarBytes: [UInt8](repeating: 0x55, count: 32)))

    static func did(_ key: PrivateSigningKey) -> String { "did:key:" + Multikey.encode(key.publicKey) }

    static func token(_ name: String) throws -> String {
        try Fixtures.text("interop/\(name)").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func tampered(_ token: String) -> String {
        var parts = token.split(separator: ".").map { Array($0) }
        parts[1][20] = parts[1][20] == "A" ? "B" : "A"
        return parts.map { String($0) }.joined(separator: ".")
    }

    @Test("Python's ES256 (cryptography) and ES256K (coincurve) vc+jwt verify; a changed payload does not",
          arguments: [("python-vc+jwt-es256.jwt", "ES256"), ("python-vc+jwt-es256k.jwt", "ES256K")])
    func pythonIssued(_ name: String, _ alg: String) async throws {
        let text = try Self.token(name)
        let key = alg == "ES256" ? Self.p256 : Self.secp256k1
        #expect(key.publicKey.algorithm.rawValue == alg)
        let report = await Verifier().verify(text)
        #expect(report.verified, "\(report.jsonValue.prettyString)")
        #expect(report.format == .vcJWT)
        // The issuer is the did:key of the script's scalar, derived here from the same scalar.
        #expect(report.issuer == Self.did(key))
        #expect(!(await Verifier().verify(Self.tampered(text)).verified))
    }

    @Test("libsecp256k1 signs by RFC 6979 on both sides: coincurve's ES256K signature equals ours over its signing input")
    func deterministicSecp256k1() throws {
        let jws = try CompactJWS(parsing: try Self.token("python-vc+jwt-es256k.jwt"))
        #expect(try Self.secp256k1.signature(for: jws.signingInput) == jws.signature)
    }

    @Test("The same ES256K signature in high-S form, which plain ECDSA accepts, is refused as signatureNotLowS")
    func highSRefused() async throws {
        let report = await Verifier().verify(try Self.token("python-vc+jwt-es256k-high-s.jwt"))
        #expect(!report.verified)
        #expect(report.errors.map(\.code.rawValue) == ["signatureNotLowS"])
    }

    @Test("Our ES256 and ES256K vc+jwt are the fixtures the script verified with cryptography and coincurve",
          arguments: [("swift-did-wallet-vc+jwt-es256.jwt", "ES256"), ("swift-did-wallet-vc+jwt-es256k.jwt", "ES256K")])
    func oursVerifiedByPython(_ name: String, _ alg: String) async throws {
        let key = alg == "ES256" ? Self.p256 : Self.secp256k1
        let did = Self.did(key)
        let signer = InMemorySigner(privateKey: key, verificationMethodId: "\(did)#\(did.dropFirst("did:key:".count))")
        let credential = Issuer.credential(
            issuer: did, subject: ["id": "did:example:456", "alumniOf": ["name": "Trường Đại học Cần Thơ"]],
            types: ["ExampleAlumniCredential"], contexts: ["https://www.w3.org/ns/credentials/examples/v2"],
            id: "urn:uuid:7a6c2f0e-5b1d-4c8e-9f3a-\(alg == "ES256" ? "000000000256" : "00000000256b")",
            validFrom: DateTimeStamp(Date(timeIntervalSince1970: 1_262_304_000)))
        let issued = try await Issuer.issueJOSE(.object(credential), signer: signer)
        #expect(try CompactJWS(parsing: issued).algorithm == alg)
        if ProcessInfo.processInfo.environment["WRITE_INTEROP_FIXTURES"] != nil {
            try Data((issued + "\n").utf8).write(to: Fixtures.url("interop/\(name)"))
        }
        let fixture = try Self.token(name)
        if alg == "ES256K" {
            #expect(issued == fixture)  // RFC 6979: the same key and input give the same token.
        } else {
            // P-256 signatures are randomised: the fixture's signing input is ours, its signature verifies.
            #expect(try CompactJWS(parsing: issued).signingInput == (try CompactJWS(parsing: fixture)).signingInput)
        }
        let report = await Verifier().verify(fixture)
        #expect(report.verified, "\(report.jsonValue.prettyString)")
        #expect(report.issuer == did)
    }
}
