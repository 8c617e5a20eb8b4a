import JSONLD
public import StrictJSON

/// The proof suites this library knows: the Data Integrity cryptosuites of W3C vc-di-eddsa §3
/// and vc-di-ecdsa §3.2–3.3 (not `ecdsa-sd-2023`, §3.4–3.5), and the Linked Data proof types deployed issuers still use (§4 Ed25519Signature2020; the 2018
/// suite of the Ed25519 Signature 2018 report, verify only). Each has a small implementation in
/// `Cryptosuites/`; ``DataIntegrityProof`` is the suite-neutral engine that creates and verifies
/// their proofs.
public enum DataIntegrityCryptosuite: String, Sendable, CaseIterable {
    /// `eddsa-jcs-2022` (vc-di-eddsa §3.3): JSON canonicalized with RFC 8785, no JSON-LD processing.
    case eddsaJcs2022 = "eddsa-jcs-2022"
    /// `eddsa-rdfc-2022` (vc-di-eddsa §3.2): the RDF dataset canonicalized with RDFC-1.0.
    case eddsaRdfc2022 = "eddsa-rdfc-2022"
    /// `Ed25519Signature2020` (vc-di-eddsa §4): the Linked Data proof type with URDNA2015 canonicalization.
    case ed25519Signature2020 = "Ed25519Signature2020"
    /// Verification only.
    case ed25519Signature2018 = "Ed25519Signature2018"
    /// `ecdsa-rdfc-2019` (vc-di-ecdsa §3.2): RDFC-1.0 canonical N-Quads, ECDSA with a P-256 key
    /// over SHA-256 or a P-384 key over SHA-384.
    case ecdsaRdfc2019 = "ecdsa-rdfc-2019"
    /// `ecdsa-jcs-2019` (vc-di-ecdsa §3.3): RFC 8785 canonical JSON, ECDSA with a P-256 key over
    /// SHA-256 or a P-384 key over SHA-384.
    case ecdsaJcs2019 = "ecdsa-jcs-2019"

    /// The proof's `type`.
    public var proofType: String {
        switch self {
        case .eddsaJcs2022, .eddsaRdfc2022, .ecdsaRdfc2019, .ecdsaJcs2019: "DataIntegrityProof"
        case .ed25519Signature2020, .ed25519Signature2018: rawValue
        }
    }

    /// The proof's `cryptosuite`, for `DataIntegrityProof` suites.
    public var cryptosuiteName: String? {
        proofType == "DataIntegrityProof" ? rawValue : nil
    }

    /// Whether the document is canonicalized as RDF (JSON-LD → RDFC-1.0) rather than as JSON (JCS).
    public var isRDF: Bool { implementation.canonicalization == .rdfc }

    /// The suite a proof object names, if supported.
    public static func named(in proof: JSONObject) -> DataIntegrityCryptosuite? {
        switch proof["type"]?.stringValue {
        case "DataIntegrityProof": proof["cryptosuite"]?.stringValue.flatMap { DataIntegrityCryptosuite(rawValue: $0) }.flatMap { $0.cryptosuiteName != nil ? $0 : nil }
        case "Ed25519Signature2020": .ed25519Signature2020
        case "Ed25519Signature2018": .ed25519Signature2018
        default: nil
        }
    }

    /// The suite's implementation.
    var implementation: any Cryptosuite {
        switch self {
        case .eddsaJcs2022: EddsaJcs2022()
        case .eddsaRdfc2022: EddsaRdfc2022()
        case .ed25519Signature2020: Ed25519Signature2020()
        case .ed25519Signature2018: Ed25519Signature2018()
        case .ecdsaRdfc2019: EcdsaRdfc2019()
        case .ecdsaJcs2019: EcdsaJcs2019()
        }
    }
}
