import JSONLD

/// `Ed25519Signature2020` (vc-di-eddsa §4): the Linked Data proof type over RDF canonical forms.
/// Proofs made before RDFC-1.0 (URDNA2015 as jsonld.js ≤ 2023 and didkit write it) left tabs
/// and other control characters unescaped, so that escaping is tried second; a proof may carry
/// its own `@context` for its terms.
struct Ed25519Signature2020: Cryptosuite {
    var suite: DataIntegrityCryptosuite { .ed25519Signature2020 }
    var canonicalization: Canonicalization { .rdfc }
    var escapings: [NQuads.Escaping] { [.canonical, .urdna2015] }
    var proofContextIsOwn: Bool { true }
}
