public import StrictJSON

/// A credential of the holder as DCQL sees it: its format identifier, its types, and its claims
/// as one JSON document (for an SD-JWT VC, with every disclosure applied).
public struct DCQLCandidate: Sendable, Hashable {
    /// The holder's id for the credential (a stored credential's id).
    public let id: String
    /// The OpenID4VP format identifier: `dc+sd-jwt`, `jwt_vc_json` or `ldp_vc` (§B).
    public let format: String
    /// The types `meta` is matched against: an SD-JWT VC's `vct`; a W3C credential's `type`
    /// values, as written and expanded to IRIs.
    public let types: [String]
    /// The claims: the SD-JWT VC payload with its disclosures, or the W3C credential.
    public let claims: JSONValue
    /// Whether the holder can prove possession of the key the credential is bound to.
    public let holderBindable: Bool
    /// Whether claims are disclosed one by one (SD-JWT VC) or the whole credential is shown.
    public let selectivelyDisclosable: Bool

    /// A candidate.
    ///
    /// - Parameters:
    ///   - id: The holder's id for the credential.
    ///   - format: The OpenID4VP format identifier.
    ///   - types: The types matched by `meta`.
    ///   - claims: The credential's claims as one JSON document.
    ///   - holderBindable: Whether the holder can prove holder binding.
    ///   - selectivelyDisclosable: Whether claims are disclosed one by one.
    public init(id: String, format: String, types: [String], claims: JSONValue, holderBindable: Bool, selectivelyDisclosable: Bool) {
        self.id = id
        self.format = format
        self.types = types
        self.claims = claims
        self.holderBindable = holderBindable
        self.selectivelyDisclosable = selectivelyDisclosable
    }
}
