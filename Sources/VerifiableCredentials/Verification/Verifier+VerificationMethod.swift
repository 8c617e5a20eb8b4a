import DIDCore
import StrictJSON
import WalletCrypto

/// The key a proof names: a DID URL resolved through the resolver, or a configured issuer key;
/// it must belong to the issuer (holder) and be listed under the required relationship.
extension Verifier {
    /// Resolves `keyId` (a DID URL) and checks that its DID is `controller` and that the method is
    /// listed under `relationship` (security requirement 28).
    func methodFromKeyId(_ keyId: String?, controller: String, relationship: VerificationRelationship, report: inout VerificationReport) async -> PublicSigningKey? {
        guard let keyId else {
            report.fail(.verificationMethod, VCError(.invalidKeyId, "no verification method (kid) is given"))
            return nil
        }
        report.verificationMethod = keyId
        if !keyId.hasPrefix("did:"), let configured = issuerKeys.first(where: { $0.keyId.hasSameScalars(as: keyId) }) {
            guard report.check(.verificationMethodController, { () throws(VCError) in
                guard configured.controller.hasSameScalars(as: controller) else {
                    throw VCError(.verificationMethodNotAuthorized, "the configured key \(keyId) belongs to \(configured.controller), not to \(controller)")
                }
            }) else { return nil }
            report.pass(.verificationMethodKey)
            return configured.publicKey
        }
        guard let url = try? DIDURL(parsing: keyId), url.fragment != nil else {
            report.fail(.verificationMethod, VCError(.invalidKeyId, "the verification method \(keyId) is not a DID URL with a fragment"))
            return nil
        }
        guard report.check(.verificationMethodController, { () throws(VCError) in
            guard url.did.isWritten(as: controller) else {
                throw VCError(.verificationMethodNotAuthorized, "the key belongs to \(url.did), not to \(controller.isEmpty ? "the (missing) issuer" : controller)")
            }
        }) else { return nil }
        guard let method = await authorizedMethod(keyId, of: url.did, relationship: relationship, report: &report) else { return nil }
        let key: PublicSigningKey
        do { key = try keyMemo.publicSigningKey(of: method) } catch {
            report.fail(.verificationMethodKey, VCError(.verificationMethodNotFound, "\(keyId) holds no signing key: \(error.message)"))
            return nil
        }
        if url.did.method == DIDNDA.methodName {
            // A did:nda's key must hash to its address and not be revoked on every path, not only
            // on NDA's own (security requirement 45).
            guard report.check(.verificationMethodKey, { () throws(VCError) in try Self.checkNDAKey(key, of: method, did: url.did) }) else {
                return nil
            }
            return key
        }
        report.pass(.verificationMethodKey)
        return key
    }

    /// Resolves `did` and returns its verification method `keyId` if the document lists it under
    /// `relationship`, recording the `verificationMethodResolve` and
    /// `verificationMethodRelationship` checks (DID Core §5.3: a method is authorised only by its
    /// relationship). Shared by every path that resolves a signing key, did:nda's included.
    func authorizedMethod(_ keyId: String, of did: DID, relationship: VerificationRelationship,
                          report: inout VerificationReport) async -> VerificationMethod? {
        // The signing keys' document: a did:key's X25519 key-agreement key is not derived (decision 0017).
        let result = await resolver.resolve(did, options: .signatureVerification)
        guard var document = result.didDocument else {
            let error = result.error ?? DIDError(.notFound, "no document")
            report.fail(.verificationMethodResolve, VCError(.didResolutionFailed, "\(did) could not be resolved: \(error)"))
            return nil
        }
        var found = document.verificationMethod(withId: keyId)
        if found == nil, let full = await resolver.resolve(did, options: DIDResolutionOptions()).didDocument,
           let method = full.verificationMethod(withId: keyId) {
            // A key named that only the full document holds (a did:key's key-agreement key): it is
            // derived now, so that it is refused as not authorised, as before, rather than as missing.
            document = full
            found = method
        }
        guard let method = found else {
            report.fail(.verificationMethodResolve, VCError(.verificationMethodNotFound, "\(did) has no verification method \(keyId)"))
            return nil
        }
        report.pass(.verificationMethodResolve)
        guard report.check(.verificationMethodRelationship, { () throws(VCError) in
            guard document.authorizes(keyId, for: relationship) else {
                throw VCError(.verificationMethodNotAuthorized, "\(keyId) is not listed under \(relationship.rawValue)")
            }
        }) else { return nil }
        return method
    }
}
