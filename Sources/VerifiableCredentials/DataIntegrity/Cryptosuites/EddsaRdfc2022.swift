/// `eddsa-rdfc-2022` (vc-di-eddsa §3.2): a `DataIntegrityProof` over the RDFC-1.0 canonical
/// N-Quads of the proof configuration and the document (the document's `@context` applies to
/// the proof graph, §3.2.1).
struct EddsaRdfc2022: Cryptosuite {
    var suite: DataIntegrityCryptosuite { .eddsaRdfc2022 }
    var canonicalization: Canonicalization { .rdfc }
}
