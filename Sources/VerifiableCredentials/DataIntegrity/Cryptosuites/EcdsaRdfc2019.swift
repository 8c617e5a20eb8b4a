/// `ecdsa-rdfc-2019` (vc-di-ecdsa §3.2): a `DataIntegrityProof` over the RDFC-1.0 canonical
/// N-Quads of the proof configuration (the document's `@context` applies to it, §3.2.5) and of
/// the document, hashed with the curve's hash, which RDFC-1.0 also labels blank nodes with (§3).
///
///     proofValue = "z" + base58btc(ECDSA(H(RDFC(proofConfig)) || H(RDFC(document))))   H = SHA-256 (P-256) / SHA-384 (P-384)
struct EcdsaRdfc2019: ECDSACryptosuite {
    var suite: DataIntegrityCryptosuite { .ecdsaRdfc2019 }
    var canonicalization: Canonicalization { .rdfc }
}
