import DIDCore
import StrictJSON
import WalletCrypto

/// What the two vc-di-ecdsa suites share (`ecdsa-rdfc-2019`, `ecdsa-jcs-2019`): a
/// `DataIntegrityProof` whose `proofValue` is multibase base58btc of the raw ECDSA signature
/// `r || s` (RFC 4754 §7, "IEEE P1363"; vc-di-ecdsa §3), 64 bytes for P-256 and 96 for P-384,
/// over `H(canonical proofConfig) || H(canonical document)` with `H` the curve's hash.
protocol ECDSACryptosuite: Cryptosuite {}

extension ECDSACryptosuite {
    /// P-256 (`ES256`) and P-384 (`ES384`) keys only: not Ed25519, not secp256k1 (decision 0029).
    var keyAlgorithms: Set<SignatureAlgorithm> { [.es256, .es384] }

    /// SHA-256 for P-256 keys, SHA-384 for P-384 keys (vc-di-ecdsa §3.2.4, §3.3.4): the key
    /// decides, never the proof.
    func hash(for algorithm: SignatureAlgorithm) -> DataIntegrityHash { algorithm == .es384 ? .sha384 : .sha256 }

    /// The signature lengths of the two curves the suites accept.
    static var signatureLengths: [Int] { [P256.signatureLength, P384.signatureLength] }

    /// `proofValue`: multibase base58btc (vc-di-ecdsa §3.2.1, §3.3.1) of 64 or 96 bytes; which of
    /// the two the key needs is checked with the key.
    func signature(in proof: JSONObject) throws(VCError) -> [UInt8] {
        guard let text = proof["proofValue"]?.stringValue else { throw VCError(.invalidProofValue, "the proof has no proofValue") }
        guard text.first == "z", let bytes = try? Multibase.decode(text, expecting: .base58btc) else {
            throw VCError(.invalidProofValue, "proofValue is not multibase base58btc ('z…')")
        }
        guard Self.signatureLengths.contains(bytes.count) else {
            throw VCError(.invalidProofValue, "proofValue holds \(bytes.count) bytes, not a 64-byte P-256 or 96-byte P-384 signature r || s")
        }
        return bytes
    }
}
