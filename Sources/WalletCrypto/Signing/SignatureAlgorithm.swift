/// A signature algorithm, named as JOSE names it (RFC 7518 §3.1, RFC 8037 §3.1, RFC 8812 §3.2).
///
/// Each ``PublicSigningKey`` has exactly one algorithm (``PublicSigningKey/algorithm``): the key's
/// type fixes it, so a verifier compares a JOSE header's `alg` with the key's algorithm and never
/// lets the header choose (docs/decisions/0026-signing-key-abstraction.md).
public enum SignatureAlgorithm: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Ed25519 (RFC 8032; JOSE `EdDSA`, RFC 8037 §3.1).
    case eddsa = "EdDSA"
    /// ECDSA on P-256 with SHA-256 (`ES256`, RFC 7518 §3.4).
    case es256 = "ES256"
    /// ECDSA on P-384 with SHA-384 (`ES384`, RFC 7518 §3.4).
    case es384 = "ES384"
    /// ECDSA on secp256k1 with SHA-256, low S (`ES256K`, RFC 8812 §3.2).
    case es256k = "ES256K"

    /// The JOSE name (`EdDSA`, `ES256`...).
    public var description: String { rawValue }

    /// The length of a signature in this algorithm's form (Ed25519 `R || S`, ECDSA `r || s`).
    public var signatureLength: Int {
        switch self {
        case .eddsa: Ed25519.signatureLength
        case .es256: P256.signatureLength
        case .es384: P384.signatureLength
        case .es256k: Secp256k1.signatureLength
        }
    }
}
