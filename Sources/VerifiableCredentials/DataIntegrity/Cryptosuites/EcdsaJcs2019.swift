/// `ecdsa-jcs-2019` (vc-di-ecdsa §3.3): a `DataIntegrityProof` over the RFC 8785 canonical
/// forms of the proof configuration and the document, hashed with the curve's hash; the proof
/// carries the document's `@context` (§3.3.1).
///
///     proofValue = "z" + base58btc(ECDSA(H(JCS(proofConfig)) || H(JCS(document))))   H = SHA-256 (P-256) / SHA-384 (P-384)
struct EcdsaJcs2019: ECDSACryptosuite {
    var suite: DataIntegrityCryptosuite { .ecdsaJcs2019 }
    var canonicalization: Canonicalization { .jcs }
    var proofCarriesDocumentContext: Bool { true }
}
