public import VerifiableCredentials
import GuardedHTTP
import StrictJSON
public import WalletCrypto

/// The key of an SD-JWT VC issuer from the `x5c` header of its issuer-signed JWT (SD-JWT VC,
/// "Inline X.509 Certificates"; HAIP 1.0, issuer key resolution): the chain must lead to one of
/// the configured anchors (``X509ChainValidator``) at the verification's time, and the leaf must
/// name `iss` (security requirement 47) — a URI subject alternative name equal to `iss`, or a
/// DNS name equal to its host.
///
/// The latest SD-JWT VC drafts take the leaf's subject as the issuer; this implementation keeps
/// the binding of earlier drafts so that any certificate under an anchor cannot speak for any
/// `iss` (decision 0036). DNS names compare ASCII case-insensitively and without wildcards.
public struct X5CIssuerKeyResolver: SDJWTIssuerKeyResolver {
    /// The chain validator, with its anchors.
    public let validator: X509ChainValidator

    /// A resolver trusting `anchors` only.
    public init(anchors: X509TrustAnchors) {
        validator = X509ChainValidator(anchors: anchors)
    }

    /// The leaf's key, when the chain validates and the leaf binds `request.issuer`.
    ///
    /// - Throws: `VCError` `verificationMethodNotFound` (no `x5c`), `malformedJWS` (an `x5c`
    ///   that is not an array of strings), `untrustedCertificate` (the chain, with the
    ///   validator's code and message), `issuerNotBound` (the leaf does not name `iss`).
    public func issuerKey(for request: SDJWTIssuerKeyRequest) async throws(VCError) -> PublicSigningKey {
        guard let x5c = try request.x5c() else {
            throw VCError(.verificationMethodNotFound, "the issuer-signed JWT has no x5c header")
        }
        let leaf: ValidatedLeaf
        do { leaf = try await validator.validate(x5c: x5c, at: request.time) } catch {
            throw VCError(.untrustedCertificate, "\(error)")
        }
        guard Self.leaf(leaf, binds: request.issuer) else {
            throw VCError(.issuerNotBound, "the x5c leaf names neither \(request.issuer) (URI) nor its host (DNS) among its subject alternative names")
        }
        return leaf.publicKey
    }

    /// Whether `leaf` names `issuer`: an `https` URL whose exact text is a URI subject
    /// alternative name, or whose host is a DNS subject alternative name.
    public static func leaf(_ leaf: ValidatedLeaf, binds issuer: String) -> Bool {
        guard issuer.hasPrefix("https://") else { return false }
        if leaf.uris.contains(where: { $0.hasSameScalars(as: issuer) }) { return true }
        guard let url = try? GuardedURL(parsing: issuer), case .name(let host) = url.host else { return false }
        return leaf.dnsNames.contains { $0.lowercased().hasSameScalars(as: host) }
    }
}
