import StrictJSON
public import WalletCrypto

/// The `did:jwk` method (did:jwk spec, v1): the method-specific identifier is the base64url of
/// the UTF-8 JSON of a public JWK, and the document holds that one key with id `#0`.
public enum DIDJWK {
    /// The method name, `jwk`.
    public static let methodName = "jwk"

    /// The did:jwk of `jwk`. The JWK is written in its RFC 8785 canonical form, so that a key
    /// always yields the same DID.
    public static func did(for jwk: JWK) -> DID {
        // A JWK holds only strings and validated values, so canonicalisation cannot fail.
        let canonical = (try? JCS.canonicalize(jwk.jsonValue)) ?? []
        return DID(uncheckedMethod: methodName, methodSpecificId: Base64URL.encode(canonical))
    }

    /// The did:jwk of an Ed25519 public key.
    public static func did(for publicKey: Ed25519.PublicKey) -> DID { did(for: JWK(ed25519: publicKey)) }

    /// The did:jwk of a signing key: OKP Ed25519 or EC P-256, P-384, secp256k1 (``JWK/init(publicSigningKey:)``).
    public static func did(for publicKey: PublicSigningKey) -> DID { did(for: JWK(publicSigningKey: publicKey)) }

    /// The did:jwk of an X25519 public key (`"use": "enc"`, as in the spec's example).
    public static func did(for publicKey: X25519.PublicKey) -> DID { did(for: JWK(x25519: publicKey)) }

    /// Decodes the JWK of a did:jwk (spec §"Read"): base64url (strict), then strict JSON, then a
    /// public JWK. Anything else is `invalidDid` (the encoding) or `invalidPublicKey` (the key).
    public static func jwk(of did: DID) throws(DIDError) -> JWK {
        guard did.method == methodName else { throw DIDError(.invalidDid, "\(did) is not a did:jwk") }
        let bytes: [UInt8]
        do { bytes = try Base64URL.decode(did.methodSpecificId) } catch {
            throw DIDError(.invalidDid, "the did:jwk identifier is not base64url: \(error.message)")
        }
        let json: JSONValue
        do { json = try JSONParser(options: .init(maxDepth: 8, maxBytes: 8192)).parse(bytes) } catch {
            throw DIDError(.invalidDid, "the did:jwk identifier is not a JSON object: \(error)")
        }
        do { return try JWK(json: json) } catch {
            throw DIDError(.invalidPublicKey, error.message)
        }
    }

    /// The DID document of a did:jwk (spec §"Read", steps 4–8): one `JsonWebKey2020` method with
    /// id `#0`; `use: sig` omits `keyAgreement`, `use: enc` keeps only `keyAgreement`.
    public static func document(for did: DID) throws(DIDError) -> DIDDocument {
        let jwk = try jwk(of: did)
        let methodId = "\(did)#0"
        var document = DIDDocument(
            context: ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"], id: did,
            verificationMethod: [VerificationMethod(id: methodId, type: "JsonWebKey2020", controller: did.description, publicKeyJwk: jwk)])
        let reference = [VerificationMethodReference.reference(methodId)]
        let signing: [VerificationRelationship] = [.assertionMethod, .authentication, .capabilityInvocation, .capabilityDelegation]
        switch jwk.use {
        case "sig": for relationship in signing { document[relationship] = reference }
        case "enc": document[.keyAgreement] = reference
        default:
            for relationship in signing { document[relationship] = reference }
            document[.keyAgreement] = reference
        }
        document.memberOrder = ["@context", "id", "verificationMethod", "assertionMethod", "authentication",
                                "capabilityInvocation", "capabilityDelegation", "keyAgreement"]
        return document
    }
}
