/// `eddsa-jcs-2022` (vc-di-eddsa §3.3): a `DataIntegrityProof` over the RFC 8785 canonical
/// forms of the proof configuration and the document; the proof carries the document's `@context`.
///
///     proofValue = "z" + base58btc(Ed25519.sign(SHA-256(JCS(proofConfig)) || SHA-256(JCS(document))))
struct EddsaJcs2022: Cryptosuite {
    var suite: DataIntegrityCryptosuite { .eddsaJcs2022 }
    var canonicalization: Canonicalization { .jcs }
    var proofCarriesDocumentContext: Bool { true }
}
