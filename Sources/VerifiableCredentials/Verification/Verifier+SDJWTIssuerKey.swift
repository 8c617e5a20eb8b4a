import StrictJSON
import WalletCrypto

/// The key of an SD-JWT VC's issuer (SD-JWT VC, "Issuer-signed JWT Verification Key
/// Validation"): a DID's key as for every format, a configured ``Verifier/IssuerKey``, or — for
/// an issuer that is not a DID — the ``Verifier/sdJWTIssuerKeys`` resolver's (`x5c`, JWT VC
/// Issuer Metadata).
extension Verifier {
    /// The headers an SD-JWT VC's issuer-signed JWT may carry beyond every JWS's: `x5c` when a
    /// resolver takes it.
    var sdJWTAllowedHeaders: Set<String> { sdJWTIssuerKeys == nil ? [] : ["x5c"] }

    /// The issuer's key, or `nil` with the failure in `report`.
    func sdJWTIssuerKey(_ jws: CompactJWS, issuer: String, report: inout VerificationReport) async -> PublicSigningKey? {
        let hasX5C = jws.header["x5c"] != nil
        let isConfigured = jws.keyId.map { keyId in issuerKeys.contains { $0.keyId.hasSameScalars(as: keyId) } } ?? false
        guard let resolver = sdJWTIssuerKeys, !issuer.hasPrefix("did:"), hasX5C || !isConfigured else {
            // A DID's keys come from its document only: a certificate chain never stands in for them.
            guard !hasX5C else {
                report.fail(.sdJWT, VCError(.forbiddenHeader, "the issuer \(issuer) is a DID: its key comes from its DID document, not from x5c"))
                return nil
            }
            return await methodFromKeyId(jws.keyId, controller: issuer, relationship: .assertionMethod, report: &report)
        }
        report.verificationMethod = hasX5C ? "x5c" : jws.keyId ?? issuer
        let request = SDJWTIssuerKeyRequest(issuer: issuer, header: jws.header, keyId: jws.keyId, algorithm: jws.signatureAlgorithm,
                                            time: policy.now())
        do {
            let key = try await resolver.issuerKey(for: request)
            report.pass(.verificationMethodResolve)
            return key
        } catch {
            report.fail(.verificationMethodResolve, error)
            return nil
        }
    }
}
