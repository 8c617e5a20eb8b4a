import Logging
import DIDCore
import Foundation
import StrictJSON
import VerifiableCredentials
import WalletCore
import WalletCrypto

extension CredentialIssuerService {
    /// The Nonce Endpoint (§7): a fresh `c_nonce` (random 256 bits), single use, never cached.
    public func nonce() async -> OpenIDHTTPResponse {
        let nonce = Self.randomValue()
        do { try await store.put(.nonce, key: nonce, value: true, lifetime: configuration.nonceLifetime) } catch {
            return .oauthError("temporarily_unavailable", status: 503)
        }
        return .json(["c_nonce": .string(nonce)])
    }

    /// The Credential Endpoint (§8): a Bearer access token (RFC 6750 §2.1; 401 `invalid_token`
    /// otherwise), a JSON request naming one `credential_configuration_id` the token covers, and
    /// exactly one `jwt` key proof (Appendix F.4, ``KeyProof/verify(_:audience:allowed:resolver:now:maximumAge:allowedSkew:)``)
    /// whose `c_nonce` is taken once. Issues the credential bound to the proven key — SD-JWT VC
    /// `cnf.jwk`, or the DID in `credentialSubject.id` — or, for a deferred offer, answers 202 with
    /// a `transaction_id` (§8.3).
    public func credential(authorization: String?, contentType: String?, body: [UInt8]) async -> OpenIDHTTPResponse {
        guard let grant = await grant(for: authorization) else { return .oauthError("invalid_token", status: 401) }
        guard contentType?.lowercased().hasPrefix("application/json") == true else {
            return .oauthError("invalid_credential_request", "the request must be application/json")
        }
        guard let request = try? JSONBody.object(body, "credential request") else {
            return .oauthError("invalid_credential_request", "the body is not a JSON object")
        }
        if request["credential_identifier"] != nil {
            return .oauthError("invalid_credential_request", "this issuer returns no credential_identifiers; use credential_configuration_id")
        }
        guard let configurationId = request["credential_configuration_id"]?.stringValue else {
            return .oauthError("invalid_credential_request", "credential_configuration_id is missing")
        }
        guard grant.configurationIds.contains(configurationId),
              let offered = configuration.configurations.first(where: { $0.id == configurationId }) else {
            return .oauthError("unknown_credential_configuration")
        }
        if request["credential_response_encryption"] != nil {
            return .oauthError("invalid_encryption_parameters", "this issuer does not encrypt credential responses")
        }
        let holder: KeyProof.Verified
        switch await checkProof(request["proofs"], configuration: offered) {
        case .accepted(let verified): holder = verified
        case .refused(let response): return response
        }
        // One credential per configuration and access token: a token used again for the same
        // configuration — with another key's proof — would mint copies bound to other keys.
        guard await claim(configurationId, token: Self.bearerToken(authorization)) else {
            return .oauthError("invalid_credential_request", "this access token has already been used for \(configurationId)")
        }
        if let seconds = grant.deferralSeconds {
            let transaction = Self.randomValue()
            let ready = Int(now().timeIntervalSince1970) + seconds
            var record: JSONObject = ["grant": .object(grant.jsonObject), "configuration": .string(configurationId), "ready": .number(JSONNumber(ready))]
            record["holder"] = .object(Self.holderRecord(holder))
            do { try await store.put(.transaction, key: transaction, value: .object(record), lifetime: configuration.transactionLifetime) } catch {
                return .oauthError("temporarily_unavailable", status: 503)
            }
            return .json(["transaction_id": .string(transaction), "interval": .number(JSONNumber(max(1, min(seconds, 3600))))], status: 202)
        }
        return await issueResponse(grant: grant, configuration: offered, holderKey: holder.publicKey, holderDID: holder.did)
    }

    /// The Deferred Credential Endpoint (§9): the `transaction_id` of a deferred request made with
    /// this access token's grant; 202 with the same id while the credential is not ready, the
    /// credential once it is (the transaction then taken), `invalid_transaction_id` otherwise.
    public func deferredCredential(authorization: String?, contentType: String?, body: [UInt8]) async -> OpenIDHTTPResponse {
        guard await grant(for: authorization) != nil else { return .oauthError("invalid_token", status: 401) }
        guard contentType?.lowercased().hasPrefix("application/json") == true,
              let request = try? JSONBody.object(body, "deferred credential request"),
              let transaction = request["transaction_id"]?.stringValue, transaction.utf8.count <= 128 else {
            return .oauthError("invalid_credential_request", "a JSON body with a transaction_id is required")
        }
        guard let record = (try? await store.take(.transaction, key: transaction))?.objectValue,
              let grant = IssuanceGrant(record["grant"]?.objectValue), let id = record["configuration"]?.stringValue,
              let offered = configuration.configurations.first(where: { $0.id == id }),
              let (key, did) = Self.holder(from: record["holder"]?.objectValue) else {
            return .oauthError("invalid_transaction_id")
        }
        let ready = record["ready"]?.numberValue?.int64Value ?? 0
        let wait = ready - Int64(now().timeIntervalSince1970)
        if wait > 0 {
            try? await store.put(.transaction, key: transaction, value: .object(record), lifetime: configuration.transactionLifetime)
            return .json(["transaction_id": .string(transaction), "interval": .number(JSONNumber(Int(max(1, min(wait, 3600)))))], status: 202)
        }
        return await issueResponse(grant: grant, configuration: offered, holderKey: key, holderDID: did)
    }

    /// The grant behind `Authorization: Bearer <token>`, if the token is live.
    private func grant(for authorization: String?) async -> IssuanceGrant? {
        guard let token = Self.bearerToken(authorization) else { return nil }
        return IssuanceGrant((try? await store.read(.accessToken, key: token))?.objectValue)
    }

    /// The token of `Authorization: Bearer <token>`.
    private static func bearerToken(_ authorization: String?) -> String? {
        guard let authorization, authorization.utf8.count <= 256 else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1])
    }

    /// Records that `token` has issued (or deferred) `configurationId`, unless it already has:
    /// the token's record is taken (single use, so two requests at once cannot both pass) and put
    /// back with the configuration added to its `issued` list.
    private func claim(_ configurationId: String, token: String?) async -> Bool {
        guard let token, var record = (try? await store.take(.accessToken, key: token))?.objectValue else { return false }
        var issued = record["issued"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let fresh = !issued.contains(configurationId)
        if fresh { issued.append(configurationId) }
        record["issued"] = .array(issued.map { .string($0) })
        do { try await store.put(.accessToken, key: token, value: .object(record), lifetime: configuration.accessTokenLifetime) } catch {
            return false
        }
        return fresh
    }

    /// `proofs` with exactly one `jwt` proof (no batch issuance is published), verified, its nonce taken.
    private func checkProof(_ proofs: JSONValue?, configuration offered: CredentialConfiguration) async -> Checked<KeyProof.Verified> {
        guard let proofs = proofs?.objectValue, proofs.count == 1, let jwts = proofs["jwt"]?.arrayValue else {
            return .refused(.oauthError("invalid_proof", "proofs must hold one jwt proof"))
        }
        guard jwts.count == 1, let jwt = jwts[0].stringValue else {
            return .refused(.oauthError("invalid_proof", "exactly one jwt proof is taken (no batch issuance)"))
        }
        let published = Set((offered.proofSigningAlgorithms ?? []).compactMap(SignatureAlgorithm.init(rawValue:)))
        let allowed = Set(configuration.proofAlgorithms).intersection(published.isEmpty ? Set(configuration.proofAlgorithms) : published)
        let verified: KeyProof.Verified
        do {
            verified = try await KeyProof.verify(jwt, audience: configuration.credentialIssuer, allowed: allowed, resolver: resolver,
                                                 now: now(), maximumAge: configuration.proofMaximumAge)
        } catch {
            logger.info("key proof refused", metadata: ["reason": "\(error.message)"])
            return .refused(.oauthError("invalid_proof", error.message))
        }
        guard let nonce = verified.nonce else { return .refused(.oauthError("invalid_proof", "the key proof has no c_nonce")) }
        guard nonce.utf8.count <= 128, (try? await store.take(.nonce, key: nonce)) != nil else {
            return .refused(.oauthError("invalid_nonce", "the c_nonce is unknown, expired or used"))
        }
        return .accepted(verified)
    }

    /// Issues with the wallet's issuer DID and answers `{"credentials": [{"credential": …}]}`.
    private func issueResponse(grant: IssuanceGrant, configuration offered: CredentialConfiguration, holderKey: PublicSigningKey,
                               holderDID: String?) async -> OpenIDHTTPResponse {
        do {
            let issued = try await issue(grant: grant, configuration: offered, holderKey: holderKey, holderDID: holderDID)
            let credential: JSONValue
            switch issued {
            case .compact(let text): credential = .string(text)
            case .document(let document): credential = document
            }
            logger.info("credential issued", metadata: ["configuration": "\(offered.id)"])
            return .json(["credentials": [["credential": credential]]])
        } catch {
            logger.warning("issuing failed", metadata: ["configuration": "\(offered.id)", "code": "\(error.code)"])
            return .oauthError("credential_request_denied", "the credential could not be issued: \(error.code)")
        }
    }

    /// The credential: SD-JWT VC bound to the key (`cnf.jwk`, through its did:jwk), or a W3C
    /// credential whose subject `id` is the proven DID (the key's did:jwk when the proof gave a `jwk`).
    func issue(grant: IssuanceGrant, configuration offered: CredentialConfiguration, holderKey: PublicSigningKey,
               holderDID: String?) async throws(WalletError) -> IssuedCredential {
        let keyDID = DIDJWK.did(for: holderKey).description
        switch offered.format {
        case "dc+sd-jwt":
            let disclosable = Set(grant.disclosable ?? grant.claims.keys)
            return try await wallet.issue(claims: grant.claims, vct: offered.vct ?? offered.id, issuer: configuration.issuerDID,
                                          disclosable: disclosable, holder: keyDID)
        case "jwt_vc_json", "ldp_vc":
            var subject = grant.claims
            subject["id"] = .string(holderDID ?? keyDID)
            let types = offered.types.filter { $0 != "VerifiableCredential" }
            if offered.format == "jwt_vc_json" {
                return try await wallet.issue(subject: .object(subject), issuer: configuration.issuerDID, format: .jwtVC11, types: types)
            }
            let signer = try await wallet.signer(for: configuration.issuerDID)
            let suite: DataIntegrityCryptosuite = signer.publicKey.algorithm == .eddsa ? .eddsaRdfc2022 : .ecdsaRdfc2019
            let legacy = offered.contexts.contains("https://www.w3.org/2018/credentials/v1")
            let base: Set<String> = ["https://www.w3.org/2018/credentials/v1", "https://www.w3.org/ns/credentials/v2"]
            return try await wallet.issue(subject: .object(subject), issuer: configuration.issuerDID, format: .dataIntegrity(suite), types: types,
                                          contexts: offered.contexts.filter { !base.contains($0) }, dataModel: legacy ? .v1_1 : .v2)
        default:
            throw WalletError(.invalidArgument, "the format \(offered.format) is not issued here")
        }
    }

    /// The proven key (as a JWK) and DID, for a deferred transaction.
    static func holderRecord(_ holder: KeyProof.Verified) -> JSONObject {
        var object: JSONObject = ["jwk": JWK(publicSigningKey: holder.publicKey).jsonValue]
        if let did = holder.did { object["did"] = .string(did) }
        return object
    }

    static func holder(from object: JSONObject?) -> (PublicSigningKey, String?)? {
        guard let jwk = object?["jwk"], let key = try? JWK(json: jwk).publicSigningKey() else { return nil }
        return (key, object?["did"]?.stringValue)
    }
}
