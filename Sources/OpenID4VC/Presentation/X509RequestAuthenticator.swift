import DIDCore
public import Foundation
public import WalletCrypto

/// Authenticates `x509_hash:` and `x509_san_dns:` verifiers (OpenID4VP 1.0 §5.9.3): the `x5c`
/// chain of the request object must lead to a trust anchor, and its leaf must be the one the
/// client id names — by the base64url SHA-256 of its DER (`x509_hash`) or by a `dNSName` SAN
/// (`x509_san_dns`). The request object is then verified with the leaf's key.
public struct X509RequestAuthenticator: Sendable {
    /// What the chain check yields about the leaf.
    public struct Leaf: Sendable {
        /// The leaf's public key (P-256 or P-384).
        public let publicKey: PublicSigningKey
        /// Its `dNSName` SANs.
        public let dnsNames: [String]
        /// SHA-256 of its DER encoding.
        public let derSHA256: [UInt8]

        /// A leaf's facts.
        public init(publicKey: PublicSigningKey, dnsNames: [String], derSHA256: [UInt8]) {
            self.publicKey = publicKey
            self.dnsNames = dnsNames
            self.derSHA256 = derSHA256
        }
    }

    let validateChain: @Sendable ([String], Date) async throws(OpenID4VCError) -> Leaf

    /// An authenticator whose chains must reach `anchors` (RFC 5280 validation by
    /// ``X509ChainValidator``: bounds, signatures, validity at the request's time, key usage).
    public init(anchors: X509TrustAnchors) {
        self.init(chainValidator: X509ChainValidator(anchors: anchors))
    }

    /// An authenticator over `chainValidator`.
    public init(chainValidator: X509ChainValidator) {
        validateChain = { (chain: [String], time: Date) throws(OpenID4VCError) -> Leaf in
            let leaf = try await chainValidator.validate(x5c: chain, at: time)
            return Leaf(publicKey: leaf.publicKey, dnsNames: leaf.dnsNames, derSHA256: leaf.derSHA256)
        }
    }

    /// An authenticator over another chain check (a platform's trust store): `validateChain`
    /// checks `x5c` (base64 DER, leaf first) at a time and throws `untrustedChain` /
    /// `invalidCertificate` when it fails.
    public init(validateChain: @escaping @Sendable ([String], Date) async throws(OpenID4VCError) -> Leaf) {
        self.validateChain = validateChain
    }

    /// The leaf of `chain` when it chains to an anchor and is the one `clientId` names.
    ///
    /// - Throws: ``OpenID4VCError`` from the chain check, or `clientNotAuthenticated` when the
    ///   hash or DNS name does not match.
    public func authenticate(chain: [String], clientId: ClientIdentifier, at time: Date) async throws(OpenID4VCError) -> Leaf {
        let leaf = try await validateChain(chain, time)
        switch clientId.prefix {
        case .x509Hash:
            guard Base64URL.encode(leaf.derSHA256) == clientId.value else {
                throw OpenID4VCError(.clientNotAuthenticated, "the x509_hash client id is not the hash of the x5c leaf certificate")
            }
        case .x509SanDNS:
            let name = clientId.value.lowercased()
            guard leaf.dnsNames.contains(where: { $0.lowercased() == name }) else {
                throw OpenID4VCError(.clientNotAuthenticated, "the x5c leaf certificate has no dNSName \(clientId.value)")
            }
        case .redirectURI, .decentralizedIdentifier:
            throw OpenID4VCError(.clientNotAuthenticated, "\(clientId.prefix.rawValue) verifiers are not authenticated by X.509")
        }
        return leaf
    }
}
