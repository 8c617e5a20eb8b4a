import DIDCore
import JSONLD
import StrictJSON
import WalletCrypto

/// What one proof suite adds to the suite-neutral ``DataIntegrityProof`` engine: how it
/// canonicalizes, where its signature sits in the proof, what exactly is signed, and with which
/// key types. The eddsa suites sign `SHA-256(canonical proof configuration) || SHA-256(canonical
/// document)` with Ed25519 and refuse any other key (`keyTypeNotSupported`); the ECDSA suites
/// (``ECDSACryptosuite``) hash with the function their key's curve calls for.
protocol Cryptosuite: Sendable {
    var suite: DataIntegrityCryptosuite { get }
    var canonicalization: Canonicalization { get }
    /// The N-Quads escapings a signature is checked against, in order; a later one is tried only
    /// when the data holds control characters the escapings write differently.
    var escapings: [NQuads.Escaping] { get }
    /// Whether a new proof carries the document's `@context` (eddsa-jcs-2022 §3.3.1).
    var proofCarriesDocumentContext: Bool { get }
    /// Whether a proof's own `@context` stands for its configuration's (Linked Data proofs, as
    /// didkit writes Ed25519Signature2020 proofs), rather than having to prefix the document's.
    var proofContextIsOwn: Bool { get }
    /// Whether this library creates proofs of the suite (else it only verifies them).
    var canSign: Bool { get }
    /// The algorithms of the keys the suite signs and verifies with (the eddsa suites: `[.eddsa]`).
    var keyAlgorithms: Set<SignatureAlgorithm> { get }
    /// The hash function of the proof's hash data when signed with a key of `algorithm` (one of
    /// ``keyAlgorithms``): SHA-256 except for P-384 keys (vc-di-ecdsa §3.2.4, §3.3.4).
    func hash(for algorithm: SignatureAlgorithm) -> DataIntegrityHash
    /// The signature bytes the proof carries.
    func signature(in proof: JSONObject) throws(VCError) -> [UInt8]
    /// The proof member that carries `signature`, for a new proof.
    func encode(_ signature: [UInt8], into proof: inout JSONObject)
    /// The bytes the signature is over, given the hash data.
    func signingInput(_ hashData: [UInt8], proof: JSONObject) -> [UInt8]
}

extension Cryptosuite {
    var escapings: [NQuads.Escaping] { [.canonical] }
    var proofCarriesDocumentContext: Bool { false }
    var proofContextIsOwn: Bool { false }
    var canSign: Bool { true }
    var keyAlgorithms: Set<SignatureAlgorithm> { [.eddsa] }
    func hash(for algorithm: SignatureAlgorithm) -> DataIntegrityHash { .sha256 }
    func signingInput(_ hashData: [UInt8], proof: JSONObject) -> [UInt8] { hashData }

    /// `proofValue`: multibase base58btc of the 64-byte signature (vc-di-eddsa §3.2.1, §3.3.1, §4.1).
    func signature(in proof: JSONObject) throws(VCError) -> [UInt8] {
        guard let text = proof["proofValue"]?.stringValue else { throw VCError(.invalidProofValue, "the proof has no proofValue") }
        guard text.first == "z", let bytes = try? Multibase.decode(text, expecting: .base58btc) else {
            throw VCError(.invalidProofValue, "proofValue is not multibase base58btc ('z…')")
        }
        guard bytes.count == Ed25519.signatureLength else {
            throw VCError(.invalidProofValue, "proofValue holds \(bytes.count) bytes, not a 64-byte Ed25519 signature")
        }
        return bytes
    }

    func encode(_ signature: [UInt8], into proof: inout JSONObject) {
        proof["proofValue"] = .string(Multibase.base58btc.encode(signature))
    }
}
