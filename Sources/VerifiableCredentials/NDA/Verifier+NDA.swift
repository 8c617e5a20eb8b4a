import DIDCore
import Foundation
import JSONLD
import StrictJSON
import WalletCrypto

/// did:nda signatures (security requirement 45, decision 0028): NDA's Data Integrity dialect,
/// and the key behind any did:nda signature — resolved through a did:nda resolver when the
/// verifier has one, else recovered from the signature and accepted only when its address is the
/// DID's (with a warning that the DID document, and so any revocation, was not consulted).
extension Verifier {
    /// Verifies one proof in NDA's dialect (``NDADataIntegrity``), in place of the W3C suites.
    func verifyNDAProof(_ proof: JSONObject, document: JSONObject, controller: String, purpose: VerificationRelationship, index: Int?,
                        presentation: Bool, dataModel: DataModelVersion, report: inout VerificationReport) async {
        var signature: Secp256k1.Signature?
        var created: DateTimeStamp?
        guard report.check(.proof(index, .structure), { () throws(VCError) in
            guard policy.allowsNDADialect else {
                throw VCError(.ndaDialectRefused, "the policy refuses NDA's ecdsa-rdfc-2019 dialect")
            }
            // The dialect's signatures are secp256k1 over SHA-256: what the allow-list calls ES256K.
            guard policy.allowedAlgorithms.contains(.es256k) else {
                throw VCError(.algorithmNotAllowed, "NDA's dialect signs with secp256k1 (ES256K), which the policy's algorithm allow-list leaves out")
            }
            // Nothing in the proof is signed: a presentation's challenge and domain, a chain's
            // previousProof, would bind nothing.
            guard !presentation else {
                throw VCError(.ndaDialectRefused, "NDA's dialect signs no proof options, so a presentation's challenge and domain would be unsigned")
            }
            guard policy.expectedChallenge == nil, policy.expectedDomain == nil else {
                throw VCError(.ndaDialectRefused, "NDA's dialect cannot bind the expected challenge or domain (its proof options are unsigned)")
            }
            guard proof["previousProof"] == nil else {
                throw VCError(.ndaDialectRefused, "NDA's dialect cannot chain proofs (previousProof is not signed)")
            }
            guard let statedPurpose = proof["proofPurpose"]?.stringValue, statedPurpose == purpose.rawValue else {
                throw VCError(.proofPurposeMismatch, "proofPurpose must be \(purpose.rawValue)")
            }
            if let value = proof["created"] {
                guard let text = value.stringValue, let stamp = DateTimeStamp(parsing: text) else {
                    throw VCError(.malformedProof, "the proof's created is not a dateTimeStamp")
                }
                created = stamp
            }
            // Unsigned, so it can only be removed, never trusted to extend anything: a past one still refuses.
            if let expires = proof["expires"] {
                guard let text = expires.stringValue, let stamp = DateTimeStamp(parsing: text) else {
                    throw VCError(.malformedProof, "the proof's expires is not a dateTimeStamp")
                }
                guard !stamp.isBefore(policy.now(), tolerance: policy.clockSkew) else { throw VCError(.proofExpired, "the proof expired at \(text)") }
            }
            signature = try NDADataIntegrity.signature(of: proof)
        }), let signature else { return }
        guard let (keyId, did) = ndaKeyId(proof["verificationMethod"]?.stringValue, controller: controller, report: &report) else { return }
        let signed: NDADataIntegrity.SignedDigest
        do { signed = try NDADataIntegrity.signedDigest(of: document, loader: contextLoader) } catch {
            report.fail(.proof(index, .signature), error)
            return
        }
        // `created` is not signed in this dialect, so it never decides a revocation: a revoked
        // method refuses whatever the proof claims (a back-dated `created` would otherwise pass).
        _ = created
        guard await ndaKeyVerifies(signature, digest: signed.digest, keyId: keyId, did: did, relationship: purpose, signedAt: nil,
                                   lowS: .accepted, signatureCheck: .proof(index, .signature), report: &report) else { return }
        guard report.check(.proof(index, .signedData), { () throws(VCError) in
            try SignedDataCheck.check(document: document, expanded: signed.expanded, presentation: presentation, dataModel: dataModel)
        }) else { return }
        report.warn(.ndaUnsignedProofOptions, "NDA's ecdsa-rdfc-2019 dialect signs no proof option: created, proofPurpose and verificationMethod could have been changed (created back-dated)")
        report.warn(.ndaCurveNotInSuite, "the proof is secp256k1, a curve the W3C ecdsa-rdfc-2019 suite does not allow; it was verified as NDA's dialect")
        report.warn(.ndaHexProofValue, "proofValue is hexadecimal, not multibase base58btc")
        // Always said, numbers or not: the dialect signs the number 18 and the string "18" alike, so
        // a document without numbers may be one whose numbers were turned into strings.
        report.warn(.ndaNumbersAsStrings, signed.hasNumbers
            ? "JSON numbers were signed as xsd:string in Go %v form, not as xsd:integer/xsd:double"
            : "NDA's dialect signs numbers as strings, so a string here may have been a number when it was signed")
        if !signature.isLowS { report.warn(.ndaHighS, "the signature's s is above n/2 (the malleable high-S form), accepted in NDA's dialect") }
    }

    /// The signing key's DID URL: a did:nda DID URL with a fragment, of `controller`'s DID.
    func ndaKeyId(_ keyId: String?, controller: String, report: inout VerificationReport) -> (String, DIDNDA)? {
        guard let keyId else {
            report.fail(.verificationMethod, VCError(.invalidKeyId, "no verification method (kid) is given"))
            return nil
        }
        report.verificationMethod = keyId
        guard let url = try? DIDURL(parsing: keyId), url.fragment != nil, url.path.isEmpty, url.query == nil else {
            report.fail(.verificationMethod, VCError(.invalidKeyId, "the verification method \(keyId) is not a DID URL with a fragment"))
            return nil
        }
        guard report.check(.verificationMethodController, { () throws(VCError) in
            guard url.did.isWritten(as: controller) else {
                throw VCError(.verificationMethodNotAuthorized, "the key belongs to \(url.did), not to \(controller.isEmpty ? "the (missing) issuer" : controller)")
            }
        }) else { return nil }
        let did: DIDNDA
        do { did = try DIDNDA(url.did) } catch {
            report.fail(.verificationMethod, VCError(.invalidKeyId, "\(url.did) is not a did:nda: \(error.message)"))
            return nil
        }
        if did.isTestnet {
            report.warn(.ndaTestnetDID, "\(url.did) is the did:nda:testnet: form, outside the did:nda method's syntax")
        }
        return (keyId, did)
    }

    /// Whether `signature` over `digest` was made by the did:nda key `keyId`, recording the
    /// checks: through the verifier's did:nda resolver when it has one (the document's key must
    /// hash to the DID's address, be listed under `relationship` and not be revoked for
    /// `signedAt`), else by recovering the key from the signature (both recovery ids) and
    /// comparing addresses, with a `didDocumentNotConsulted` warning. A resolver that fails is
    /// a failure, never a reason to fall back to recovery.
    func ndaKeyVerifies(_ signature: Secp256k1.Signature, digest: [UInt8], keyId: String, did: DIDNDA, relationship: VerificationRelationship,
                        signedAt: DateTimeStamp?, lowS: Secp256k1.LowS, signatureCheck: CheckName, report: inout VerificationReport) async -> Bool {
        guard resolver.supportedMethods.contains(DIDNDA.methodName) else {
            let recovered = report.check(signatureCheck) { () throws(VCError) in
                let candidates: [(recoveryID: Int, publicKey: Secp256k1.PublicKey)]
                do { candidates = try Secp256k1.PublicKey.recoveryCandidates(for: signature, forDigest: digest, lowS: lowS) } catch {
                    throw Self.ndaSignatureError(error, "no key can be recovered from the signature")
                }
                guard candidates.contains(where: { did.isAddress(of: $0.publicKey) }) else {
                    throw VCError(.invalidSignature, "no key recovered from the signature has the address of \(did.did)")
                }
            }
            if recovered {
                report.warn(.didDocumentNotConsulted, "the key was recovered from the signature and matches \(did.did)'s address; the DID document was not consulted, so a revocation of the key would not be seen")
            }
            return recovered
        }
        guard let method = await authorizedMethod(keyId, of: did.did, relationship: relationship, report: &report) else { return false }
        var key: Secp256k1.PublicKey?
        guard report.check(.verificationMethodKey, { () throws(VCError) in
            let resolved: Secp256k1.PublicKey
            do { resolved = try DIDNDA.publicKey(of: method) } catch {
                throw VCError(.verificationMethodNotFound, "\(keyId) holds no secp256k1 key: \(error)")
            }
            guard did.isAddress(of: resolved) else {
                throw VCError(.addressMismatch, "the key of \(keyId) does not hash to the address of \(did.did)")
            }
            try NDAKeyRevocation.check(method, signedAt: signedAt)
            key = resolved
        }), let key else { return false }
        return report.check(signatureCheck) { () throws(VCError) in
            do { try key.verify(signature, forDigest: digest, lowS: lowS) } catch {
                throw Self.ndaSignatureError(error, "the signature does not verify under \(keyId)")
            }
        }
    }

    /// A key that a resolver gave for a did:nda DID URL outside NDA's own paths (an SD-JWT, an
    /// Ed25519 or P-256 Data Integrity proof): it must be a secp256k1 key whose address is the
    /// DID's, and its method must not be revoked — for any reason, since no signed signing time
    /// is known there.
    static func checkNDAKey(_ key: PublicSigningKey, of method: VerificationMethod, did: DID) throws(VCError) {
        let nda: DIDNDA
        do { nda = try DIDNDA(did) } catch { throw VCError(.invalidKeyId, "\(did) is not a did:nda: \(error.message)") }
        guard case .secp256k1(let secp256k1) = key, nda.isAddress(of: secp256k1) else {
            throw VCError(.addressMismatch, "the key of \(method.id) does not hash to the address of \(did)")
        }
        try NDAKeyRevocation.check(method, signedAt: nil)
    }

    /// `signatureNotLowS` for a high-S signature where low S is required (as the JOSE path
    /// reports it), `invalidSignature` otherwise.
    static func ndaSignatureError(_ error: any Error, _ message: String) -> VCError {
        if let error = error as? CryptoError, error.code == .signatureNotLowS {
            return VCError(.signatureNotLowS, "\(message): the signature is in the high-S form, which is refused")
        }
        return VCError(.invalidSignature, "\(message): \(error)")
    }
}
