import Foundation
import DIDCore
import StrictJSON
import TestSupport
import Testing
import WalletCrypto

@Suite("did:jwk and JWKs")
struct DIDJWKTests {
    static let examples: [JSONValue] = try! Fixtures.json("did-jwk/did-jwk-spec-examples.json")["examples"]!.arrayValue!

    /// The spec's P-256 example has a stray '$' in `authentication` (flagged in the fixture).
    static func corrected(_ document: JSONValue) -> JSONValue {
        try! JSONValue(parsing: document.compactString.replacingOccurrences(of: "did:jwk:$", with: "did:jwk:"))
    }

    @Test("The spec's examples resolve to their documents and their JWKs round-trip", arguments: [0, 1])
    func specExample(_ index: Int) async throws {
        let example = Self.examples[index]
        let did = example["did"]!.stringValue!
        let result = await DIDResolverRegistry.standard.resolve(did)
        let document = try #require(result.didDocument)
        #expect(document.jsonValue == Self.corrected(example["didDocument"]!))
        let jwk = try DIDJWK.jwk(of: DID(parsing: did))
        #expect(jwk.jsonValue == example["decodedJwk"]!)
        // The DID URL names the single method.
        let method = try await DIDResolverRegistry.standard.verificationMethod(example["didUrl"]!.stringValue!)
        #expect(method.publicKeyJwk == jwk)
        // Parsing the document and writing it again gives the same JSON.
        let reparsed = try DIDDocument(json: JSONValue(parsing: document.jsonValue.compactString))
        #expect(reparsed.jsonValue.compactString == document.jsonValue.compactString)
    }

    @Test("The P-256 example's DID is the canonical form of its JWK")
    func canonicalCreation() throws {
        let example = Self.examples[0]
        let jwk = try JWK(json: example["decodedJwk"]!)
        #expect(DIDJWK.did(for: jwk).description == example["did"]!.stringValue!)
    }

    @Test("Ed25519 and X25519 keys make did:jwk DIDs that resolve back to the key")
    func createEd25519() async throws {
        let key = Ed25519.PrivateKey()
        let did = DIDJWK.did(for: key.publicKey)
        let document = try #require(await DIDJWKResolver().resolve(did, options: .init()).didDocument)
        let methods = document.verificationMethods(for: .assertionMethod)
        #expect(methods.count == 1)
        #expect(try methods[0].ed25519PublicKey() == key.publicKey)
        #expect(methods[0].id == "\(did)#0")

        let xKey = key.x25519PrivateKey().publicKey
        let xDid = DIDJWK.did(for: xKey)
        let xDocument = try #require(await DIDJWKResolver().resolve(xDid, options: .init()).didDocument)
        #expect(xDocument[.assertionMethod].isEmpty && xDocument[.authentication].isEmpty)
        #expect(try xDocument.verificationMethods(for: .keyAgreement).first?.x25519PublicKey() == xKey)
    }

    @Test("Malformed did:jwk identifiers and keys fail with codes")
    func malformed() async {
        func did(_ json: String) -> String { "did:jwk:" + Base64URL.encode(Array(json.utf8)) }
        let x = Base64URL.encode([UInt8](repeating: 9, count: 32))
        let cases: [(String, DIDError.Code)] = [
            ("did:jwk:eyJ===", .invalidDid),
            ("did:jwk:" + Base64URL.encode(Array("not json".utf8)), .invalidDid),
            (did(#"{"kty":"OKP","crv":"Ed25519","x":"\#(x)","x":"\#(x)"}"#), .invalidDid),  // duplicate member
            (did(#"{"kty":"OKP","crv":"Ed25519","x":"\#(x)","d":"\#(x)"}"#), .invalidPublicKey),  // private key
            (did(#"{"kty":"oct","k":"AAAA"}"#), .invalidPublicKey),
            (did(#"{"kty":"OKP","crv":"Ed448","x":"\#(x)"}"#), .invalidPublicKey),
            (did(#"{"kty":"OKP","crv":"Ed25519","x":"AAAA"}"#), .invalidPublicKey),  // 3 bytes
            (did(#"{"crv":"Ed25519","x":"\#(x)"}"#), .invalidPublicKey),  // no kty
            (did(#"["kty"]"#), .invalidPublicKey),
        ]
        for (text, code) in cases {
            let result = await DIDResolverRegistry.standard.resolve(text)
            #expect(result.error?.code == code, "\(text): \(String(describing: result.error))")
        }
    }

    @Test("RFC 8037 §A.3: the Ed25519 JWK thumbprint")
    func thumbprint() throws {
        let jwk = try JWK(json: JSONValue(parsing: #"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#))
        #expect(jwk.thumbprint() == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")
        // Extra members do not change the thumbprint.
        let withKid = try JWK(json: JSONValue(parsing: #"{"kid":"x","kty":"OKP","crv":"Ed25519","use":"sig","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#))
        #expect(withKid.thumbprint() == jwk.thumbprint())
    }
}
