public import Foundation
public import StrictJSON
public import WalletCrypto

/// Where the key of an SD-JWT VC issuer that is not a DID comes from (SD-JWT VC, "Issuer-signed
/// JWT Verification Key Validation"): the `x5c` header with a certificate chain to a trust
/// anchor whose leaf names `iss`, or the issuer's JWT VC Issuer Metadata.
///
/// The ``Verifier`` asks it for an SD-JWT VC whose `iss` is not a DID and whose `kid` is not one
/// of its configured ``Verifier/issuerKeys``. This module implements none: X.509 and fetching
/// live above it (`OpenID4VC`'s `HTTPSIssuerKeyResolver`), so the offline verifier links neither
/// and stays network-free unless an app hands it one.
public protocol SDJWTIssuerKeyResolver: Sendable {
    /// The key that must have signed the issuer-signed JWT described by `request`, bound to
    /// `request.issuer`.
    ///
    /// - Throws: ``VCError`` — `untrustedCertificate` (an `x5c` chain to no trust anchor),
    ///   `issuerNotBound` (a key source that does not name `iss`), `verificationMethodNotFound`
    ///   (no key under `kid`), `issuerKeyUnavailable` (the key could not be obtained: no source
    ///   configured, the metadata could not be fetched), `networkRefused`, `fetchFailed`.
    func issuerKey(for request: SDJWTIssuerKeyRequest) async throws(VCError) -> PublicSigningKey
}

/// What an ``SDJWTIssuerKeyResolver`` is asked: the issuer, the issuer-signed JWT's protected
/// header (`x5c`, `kid`, `alg`) and the moment the verification is made as of.
public struct SDJWTIssuerKeyRequest: Sendable {
    /// The payload's `iss`.
    public let issuer: String
    /// The protected header, strict JSON.
    public let header: JSONObject
    /// The header's `kid`, if any.
    public let keyId: String?
    /// The header's `alg`.
    public let algorithm: SignatureAlgorithm
    /// The verification's "now" (``VerificationPolicy/now``): certificates must be valid then.
    public let time: Date

    /// A request for `issuer`'s key under `header`, as of `time`.
    public init(issuer: String, header: JSONObject, keyId: String?, algorithm: SignatureAlgorithm, time: Date) {
        self.issuer = issuer
        self.header = header
        self.keyId = keyId
        self.algorithm = algorithm
        self.time = time
    }

    /// The `x5c` header's entries, when it is an array of strings; `nil` when there is none.
    ///
    /// - Throws: ``VCError`` `malformedJWS` when `x5c` is present but not an array of strings.
    public func x5c() throws(VCError) -> [String]? {
        guard let value = header["x5c"] else { return nil }
        guard let array = value.arrayValue else { throw VCError(.malformedJWS, "the x5c header is not an array") }
        var entries: [String] = []
        for element in array {
            guard let entry = element.stringValue else { throw VCError(.malformedJWS, "an x5c entry is not a string") }
            entries.append(entry)
        }
        return entries
    }
}
