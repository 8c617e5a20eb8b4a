import DIDCore
import JSONLD
import StrictJSON
import WalletCrypto

/// NDAChain's Data Integrity dialect, as PILA's SDK writes it under the name `ecdsa-rdfc-2019`
/// (decision 0028). It is not the W3C suite (vc-di-ecdsa §3.3) and is never verified as it:
///
/// - the signature is secp256k1 ECDSA over SHA-256 of the URDNA2015 (RDFC-1.0) canonical
///   N-Quads of the document without its proof — the proof options are not hashed at all, so
///   `created`, `proofPurpose`, `verificationMethod`, `challenge` and `domain` are unsigned;
/// - before canonicalization every JSON number becomes `{"@value": <Go %v>, "@type": xsd:string}`
///   and every boolean `{"@value": "true"|"false", "@type": xsd:boolean}`;
/// - `proofValue` is the 64-byte `r || s` in hexadecimal, not multibase.
///
/// Which proofs are read this way is decided from what both dialects sign: the proof names
/// `DataIntegrityProof` / `ecdsa-rdfc-2019` and the credential's issuer — signed by either
/// dialect — is a did:nda, whose keys are secp256k1, a curve the W3C suite does not allow. A W3C
/// proof therefore never has a did:nda issuer, and an NDA proof never reaches the W3C suite.
enum NDADataIntegrity {
    /// The cryptosuite name NDA's proofs carry.
    static let cryptosuiteName = "ecdsa-rdfc-2019"
    static let xsdString = "http://www.w3.org/2001/XMLSchema#string"
    static let xsdBoolean = "http://www.w3.org/2001/XMLSchema#boolean"

    /// Whether `proof`, securing a document whose issuer (holder) is `controller`, is read in the
    /// NDA dialect: type `DataIntegrityProof`, cryptosuite `ecdsa-rdfc-2019`, and a did:nda
    /// controller (the issuer or holder, which the signature covers in either dialect).
    static func isDialect(_ proof: JSONObject, controller: String) -> Bool {
        proof["type"]?.stringValue == "DataIntegrityProof" && proof["cryptosuite"]?.stringValue == cryptosuiteName
            && controller.utf8.starts(with: "did:nda:".utf8)
    }

    /// The refusal of a legacy `EcdsaSecp256k1Signature2019` proof: `keyInProof` when it carries
    /// its own key (a key the signer chose, which proves nothing), `unsupportedProof` otherwise.
    static func legacyRefusal(_ proof: JSONObject) -> VCError? {
        guard proof["type"]?.stringValue == "EcdsaSecp256k1Signature2019" else { return nil }
        let keyMembers = ["publicKeyJwk", "publicKeyHex", "publicKeyMultibase", "publicKeyBase58", "publicKey", "jwk"]
        if keyMembers.contains(where: { proof[$0] != nil }) || proof["verificationMethod"]?.objectValue != nil {
            return VCError(.keyInProof, "an EcdsaSecp256k1Signature2019 proof that carries its own public key is refused: a key inside the proof proves nothing")
        }
        return VCError(.unsupportedProof, "EcdsaSecp256k1Signature2019 proofs are not supported")
    }

    /// The 64-byte signature of a dialect proof: `proofValue` as exactly 128 hex digits.
    static func signature(of proof: JSONObject) throws(VCError) -> Secp256k1.Signature {
        guard let text = proof["proofValue"]?.stringValue else { throw VCError(.invalidProofValue, "the proof has no proofValue") }
        guard text.utf8.count == 2 * Secp256k1.signatureLength, let bytes = Hex.decode(text) else {
            throw VCError(.invalidProofValue, "an NDA ecdsa-rdfc-2019 proofValue is 128 hexadecimal digits (r || s); multibase and the 65-byte form are not read")
        }
        do { return try Secp256k1.Signature(rawRepresentation: bytes) } catch {
            throw VCError(.invalidProofValue, "proofValue is not a secp256k1 signature: \(error.message)")
        }
    }

    /// What the dialect signs, computed from the document without its proof.
    struct SignedDigest {
        /// SHA-256 of the canonical N-Quads of the number-rewritten document.
        let digest: [UInt8]
        /// The expanded form of the document as written (unambiguous form checked), for the
        /// signed-data check.
        let expanded: [JSONValue]
        /// Whether the document holds JSON numbers (signed as strings).
        let hasNumbers: Bool
    }

    /// The digest the dialect's signature is over. The document is first expanded as written
    /// under the unambiguous-form rules every RDF suite applies (decision 0010); then its numbers
    /// and booleans are rewritten as NDA does, and that document is canonicalized.
    static func signedDigest(of document: JSONObject, loader: any JSONLDDocumentLoader) throws(VCError) -> SignedDigest {
        let strict = Canonicalization.processor(loader: loader)
        let expanded: [JSONValue]
        do { expanded = try strict.expand(.object(document)) } catch { throw Canonicalization.error(error) }
        var hasNumbers = false
        let rewritten = try rewrite(.object(document), hasNumbers: &hasNumbers)
        // The rewritten value objects are the dialect's, not the author's: no unambiguity rule for them.
        let processor = JSONLDProcessor(loader: loader, safeMode: true)
        let canonical: [UInt8]
        do { canonical = try processor.canonicalize(rewritten).canonicalBytes } catch { throw Canonicalization.error(error) }
        return SignedDigest(digest: SHA256.hash(canonical), expanded: expanded, hasNumbers: hasNumbers)
    }

    /// Every number as an xsd:string value object in Go `%v` form, every boolean as an
    /// xsd:boolean value object (PILA's SDK, before JSON-LD processing).
    static func rewrite(_ value: JSONValue, hasNumbers: inout Bool) throws(VCError) -> JSONValue {
        switch value {
        case .number(let number):
            hasNumbers = true
            return .object(["@value": .string(try GoNumberFormat.percentV(number)), "@type": .string(xsdString)])
        case .bool(let flag):
            return .object(["@value": .string(flag ? "true" : "false"), "@type": .string(xsdBoolean)])
        case .array(let items):
            var output: [JSONValue] = []
            output.reserveCapacity(items.count)
            for item in items { output.append(try rewrite(item, hasNumbers: &hasNumbers)) }
            return .array(output)
        case .object(let object):
            var output = JSONObject()
            for member in object { output.append(key: member.key, value: try rewrite(member.value, hasNumbers: &hasNumbers)) }
            return .object(output)
        default:
            return value
        }
    }
}
