public import GuardedHTTP
public import VerifiableCredentials
public import WalletCrypto

/// The `SDJWTIssuerKeyResolver` a verifier of HAIP-style credentials uses: an issuer-signed JWT
/// with `x5c` is checked against the trust anchors (``X5CIssuerKeyResolver``); one without is
/// checked against the issuer's JWT VC Issuer Metadata (``JWTVCIssuerMetadataResolver``), when
/// fetching is enabled. A JWT with `x5c` is never checked against the metadata instead: a chain
/// that fails does not fall back.
public struct HTTPSIssuerKeyResolver: SDJWTIssuerKeyResolver {
    /// The `x5c` path, when trust anchors are configured.
    public let x5c: X5CIssuerKeyResolver?
    /// The metadata path, when fetching is enabled.
    public let metadata: JWTVCIssuerMetadataResolver?

    /// A resolver with `anchors` for `x5c` chains (none: `x5c` is not trusted) and `client` for
    /// the metadata (none: nothing is fetched, the offline verifier's case), cached as
    /// `metadataOptions` says.
    public init(anchors: X509TrustAnchors?, client: GuardedHTTPClient? = nil,
                metadataOptions: JWTVCIssuerMetadataResolver.Options = JWTVCIssuerMetadataResolver.Options()) {
        x5c = anchors.map(X5CIssuerKeyResolver.init(anchors:))
        metadata = client.map { JWTVCIssuerMetadataResolver(client: $0, options: metadataOptions) }
    }

    /// The key from `x5c` or from the metadata, as the JWT calls for.
    ///
    /// - Throws: `VCError` as ``X5CIssuerKeyResolver`` and ``JWTVCIssuerMetadataResolver`` do,
    ///   and `issuerKeyUnavailable` when the path the JWT needs is not configured.
    public func issuerKey(for request: SDJWTIssuerKeyRequest) async throws(VCError) -> PublicSigningKey {
        if request.header["x5c"] != nil {
            guard let x5c else {
                throw VCError(.issuerKeyUnavailable, "the issuer-signed JWT carries x5c, but no X.509 trust anchors are configured")
            }
            return try await x5c.issuerKey(for: request)
        }
        guard let metadata else {
            throw VCError(.issuerKeyUnavailable, "the issuer \(request.issuer) is not a DID and sends no x5c; its JWT VC Issuer Metadata is not fetched (offline)")
        }
        return try await metadata.issuerKey(for: request)
    }
}
