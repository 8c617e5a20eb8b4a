public import WalletCrypto
public import X509

/// The end-entity certificate of an `x5c` chain that ``X509ChainValidator`` validated: only the
/// validator makes one, so holding one means the chain led to a trust anchor.
public struct ValidatedLeaf: Sendable {
    /// The leaf's public key: P-256 (`ES256`) or P-384 (`ES384`); certificates with other keys are
    /// refused by the validator.
    public let publicKey: PublicSigningKey
    /// The leaf's `dNSName` subject alternative names (RFC 5280 §4.2.1.6), as written.
    public let dnsNames: [String]
    /// The leaf's `uniformResourceIdentifier` subject alternative names, as written.
    public let uris: [String]
    /// SHA-256 of the leaf's DER encoding: what an `x509_hash:` client identifier is the
    /// base64url of (OpenID4VP 1.0 §5.9.3).
    public let derSHA256: [UInt8]
    /// The parsed leaf certificate.
    public let certificate: Certificate

    init(publicKey: PublicSigningKey, dnsNames: [String], uris: [String], derSHA256: [UInt8], certificate: Certificate) {
        self.publicKey = publicKey
        self.dnsNames = dnsNames
        self.uris = uris
        self.derSHA256 = derSHA256
        self.certificate = certificate
    }
}
