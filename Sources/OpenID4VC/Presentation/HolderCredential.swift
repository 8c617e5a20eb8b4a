import DIDCore
import Foundation
import StrictJSON
import VerifiableCredentials
public import WalletCore
public import WalletCrypto

/// A stored credential as the presentation flow uses it: the DCQL view of it, and what is needed
/// to present it (the raw credential, the holder DID that can prove possession).
public struct HolderCredential: Sendable {
    /// The stored credential, with its raw form.
    public let stored: StoredCredential
    /// What DCQL evaluates.
    public let candidate: DCQLCandidate
    /// The wallet DID whose key the credential is bound to (`cnf.jwk` / `credentialSubject.id`), when there is one.
    public let holderDID: String?
    /// The algorithm of that DID's key: what the KB-JWT or the presentation is signed with.
    public let holderAlgorithm: SignatureAlgorithm?
    /// The `alg` of the issuer's JWT (SD-JWT VC, JWT credentials), when there is one.
    public let issuerAlgorithm: String?

    /// The OpenID4VP format identifier of a stored format (§B): `dc+sd-jwt`; `jwt_vc_json` for
    /// `vc+jwt` and VC 1.1 JWTs; `ldp_vc` for Data Integrity; `nil` for what is not presented.
    public static func formatIdentifier(_ stored: String) -> String? {
        switch stored {
        case CredentialFormat.sdJWT.rawValue: "dc+sd-jwt"
        case CredentialFormat.vcJWT.rawValue, CredentialFormat.jwtVC11.rawValue: "jwt_vc_json"
        case let format where format.hasPrefix("di-"): "ldp_vc"
        default: nil
        }
    }

    /// Builds the view of `stored` (which carries `raw`); `nil` when its format is not presented
    /// or the stored text does not parse (it was verified when stored).
    ///
    /// - Parameters:
    ///   - stored: The credential with its raw form.
    ///   - holderKeys: The public key of each wallet DID, by DID.
    static func make(_ stored: StoredCredential, holderKeys: [String: PublicSigningKey]) -> HolderCredential? {
        guard let raw = stored.raw, let format = formatIdentifier(stored.format) else { return nil }
        switch format {
        case "dc+sd-jwt":
            guard let parts = try? SDJWT.Parts(parsing: raw), let payload = jwtPayload(parts.issuerJWT),
                  let disclosures = try? parts.disclosures.map({ encoded throws(VCError) in try Disclosure(parsing: encoded) }),
                  let claims = try? SDJWTProcessor.process(payload: payload, disclosures: disclosures) else { return nil }
            let bound = payload["cnf"]?["jwk"].flatMap { try? JWK(json: $0).publicSigningKey() }
            let holder = bound.flatMap { key in holderKeys.first { $0.value == key }?.key }
            let types = claims["vct"]?.stringValue.map { [$0] } ?? []
            let candidate = DCQLCandidate(id: stored.id, format: format, types: types, claims: .object(claims),
                                          holderBindable: holder != nil, selectivelyDisclosable: true)
            return HolderCredential(stored: stored, candidate: candidate, holderDID: holder,
                                    holderAlgorithm: holder.flatMap { holderKeys[$0]?.algorithm }, issuerAlgorithm: jwtAlgorithm(parts.issuerJWT))
        case "jwt_vc_json":
            guard let payload = jwtPayload(raw) else { return nil }
            let document = payload["vc"]?.objectValue ?? payload
            return w3c(stored, document: document, format: format, holderKeys: holderKeys, issuerAlgorithm: jwtAlgorithm(raw))
        default:
            guard let document = (try? JSONParser().parse(Array(raw.utf8)))?.objectValue else { return nil }
            return w3c(stored, document: document, format: format, holderKeys: holderKeys)
        }
    }

    /// A W3C credential: its types as written and expanded (OpenID4VP 1.0 §B.1.1 matches
    /// expanded IRIs; a type no context defines stays as written), bound to its subject's DID.
    private static func w3c(_ stored: StoredCredential, document: JSONObject, format: String,
                            holderKeys: [String: PublicSigningKey], issuerAlgorithm: String? = nil) -> HolderCredential {
        var types = stored.types
        if let expanded = try? JSONLDProcessor().expand(.object(document)).first?["@type"]?.arrayValue {
            types += expanded.compactMap(\.stringValue).filter { !types.contains($0) }
        }
        let holder = stored.subjects.first { holderKeys[$0] != nil }
        let candidate = DCQLCandidate(id: stored.id, format: format, types: types, claims: .object(document),
                                      holderBindable: holder != nil, selectivelyDisclosable: false)
        return HolderCredential(stored: stored, candidate: candidate, holderDID: holder,
                                holderAlgorithm: holder.flatMap { holderKeys[$0]?.algorithm }, issuerAlgorithm: issuerAlgorithm)
    }

    /// `alg` of a compact JWT's header, unverified.
    static func jwtAlgorithm(_ jwt: String) -> String? {
        guard let header = jwt.split(separator: ".", maxSplits: 1).first, let bytes = try? Base64URL.decode(String(header)) else { return nil }
        return (try? JSONParser().parse(bytes))?["alg"]?.stringValue
    }

    /// Whether the verifier's `vp_formats_supported` (OpenID4VP 1.0 §11.1, B.1.3, B.3.4) takes
    /// this credential: its issuer's `alg` in `sd-jwt_alg_values` / `alg_values`, the holder's in
    /// `kb-jwt_alg_values` / `alg_values`. Metadata that lists nothing for the format constrains
    /// nothing.
    func isAccepted(by metadata: JSONObject?) -> Bool {
        guard let formats = metadata?["vp_formats_supported"]?.objectValue, let entry = formats[candidate.format]?.objectValue else {
            return true
        }
        func allows(_ name: String, _ alg: String?) -> Bool {
            guard let values = entry[name]?.arrayValue?.compactMap(\.stringValue) else { return true }
            return alg.map(values.contains) ?? false
        }
        switch candidate.format {
        case "dc+sd-jwt":
            return allows("sd-jwt_alg_values", issuerAlgorithm) && (holderDID == nil || allows("kb-jwt_alg_values", holderAlgorithm?.rawValue))
        case "jwt_vc_json":
            return allows("alg_values", issuerAlgorithm) && allows("alg_values", holderAlgorithm?.rawValue)
        default:
            return true
        }
    }

    /// The payload of a compact JWT, unverified (the credential was verified when stored); the
    /// header may carry `x5c`, which `CompactJWS` refuses for DID-signed credentials.
    static func jwtPayload(_ jwt: String) -> JSONObject? {
        let parts = jwt.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let bytes = try? Base64URL.decode(String(parts[1])) else { return nil }
        return (try? JSONParser().parse(bytes))?.objectValue
    }
}

extension Wallet {
    /// The stored credentials that can be presented over OpenID4VP, as DCQL candidates, in the
    /// order they were stored.
    public func holderCredentials() async throws(WalletError) -> [HolderCredential] {
        var holderKeys: [String: PublicSigningKey] = [:]
        let keys = Dictionary(try await keys().map { ($0.id, $0.publicKey) }, uniquingKeysWith: { first, _ in first })
        for info in try await dids() { holderKeys[info.did.description] = keys[info.keyId] }
        var output: [HolderCredential] = []
        for summary in try await credentials() {
            let stored = try await credential(summary.id)
            if let holderCredential = HolderCredential.make(stored, holderKeys: holderKeys) { output.append(holderCredential) }
        }
        return output
    }
}
