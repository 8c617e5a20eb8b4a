public import JSONLD
import WalletCrypto

/// The SHA-2 function a Data Integrity proof hashes with: SHA-256 for the eddsa suites and for
/// ECDSA P-256 keys, SHA-384 for P-384 keys (vc-di-ecdsa §3.2.4, §3.3.4: "the hash algorithm
/// appropriate in security level to the curve used"). For the RDF suites it is also the hash
/// RDFC-1.0 labels blank nodes with (vc-di-ecdsa §3, RDFC-1.0 §4.2).
public enum DataIntegrityHash: String, Sendable, CaseIterable {
    /// SHA-256 (32-byte digests).
    case sha256 = "SHA-256"
    /// SHA-384 (48-byte digests).
    case sha384 = "SHA-384"

    /// The digest length in bytes.
    public var digestLength: Int {
        switch self {
        case .sha256: SHA256.digestLength
        case .sha384: SHA384.digestLength
        }
    }

    /// The digest of `bytes`.
    public func digest(_ bytes: [UInt8]) -> [UInt8] {
        switch self {
        case .sha256: SHA256.hash(bytes)
        case .sha384: SHA384.hash(bytes)
        }
    }

    /// The hash function RDFC-1.0 uses for blank-node labels with this hash.
    public var rdfcHashAlgorithm: RDFCanonicalizer.HashAlgorithm {
        switch self {
        case .sha256: .sha256
        case .sha384: .sha384
        }
    }
}
