import Foundation
import StrictJSON
import VerifiableCredentials
public import WalletCore

extension Wallet {
    /// Answers an OpenID4VP 1.0 request: reads and checks it (``PresentationClient/resolve(_:)``),
    /// evaluates its DCQL query against the stored credentials, asks `consent` with the plan
    /// (which claims go to which verifier), and sends the presentations — each logged in the
    /// disclosure log. When nothing matches or consent is refused, the verifier is sent
    /// `access_denied` (§8.5) so it is not left waiting, and nothing else is sent.
    ///
    /// - Parameters:
    ///   - request: The request link (`openid4vp://…`, `haip://…`, `https://…?…`) or query string.
    ///   - client: Fetches and sends within the guarded client's rules, and checks requests.
    ///   - consent: Shown the plan; `true` to send it.
    /// - Throws: ``OpenID4VCError``: `noMatchingCredential`, `declined`, and every code of
    ///   ``PresentationClient/resolve(_:)``, ``Wallet/authorizationResponse(for:)`` and
    ///   ``PresentationClient/send(_:)``.
    public func present(request: String, client: PresentationClient,
                        consent: @Sendable (PresentationPlan) async -> Bool) async throws(OpenID4VCError) -> PresentationOutcome {
        let checked = try await client.resolve(request)
        let plan: PresentationPlan
        do { plan = try await presentationPlan(for: checked) } catch where error.code == .noMatchingCredential {
            _ = try? await client.send(AuthorizationResponse.error("access_denied", description: "no matching credential", for: checked))
            throw error
        }
        guard await consent(plan) else {
            _ = try? await client.send(AuthorizationResponse.error("access_denied", description: "the user declined", for: checked))
            throw OpenID4VCError(.declined, "the presentation was declined; the verifier was told access_denied")
        }
        let response = try await authorizationResponse(for: plan)
        return PresentationOutcome(plan: plan, redirectURI: try await client.send(response))
    }

    /// Evaluates a checked request's DCQL query against the stored credentials: the plan to show
    /// the user, choosing the least disclosure the query allows (OpenID4VP 1.0 §6.4).
    ///
    /// - Throws: ``OpenID4VCError`` `nonceReused` when the disclosure log already holds a
    ///   presentation to this verifier with this nonce; `noMatchingCredential` when the query cannot
    ///   be answered; `walletFailed` when the store cannot be read.
    public func presentationPlan(for request: AuthorizationRequest) async throws(OpenID4VCError) -> PresentationPlan {
        let held: [HolderCredential]
        let log: [DisclosureLogEntry]
        do {
            held = try await holderCredentials()
            log = try await disclosureLog()
        } catch {
            throw OpenID4VCError(.walletFailed, "the credentials could not be read: \(error.code)")
        }
        // A nonce answered once is never answered again (§14.1.2: it binds one transaction).
        if log.contains(where: { $0.challenge == request.nonce && $0.audience == request.clientId.text }) {
            throw OpenID4VCError(.nonceReused, "this verifier's nonce was already answered: the request is a replay")
        }
        // Only what the verifier's metadata says it takes (HAIP verifiers list ES256 only).
        let usable = held.filter { $0.isAccepted(by: request.clientMetadata) }
        let byId = Dictionary(usable.map { ($0.candidate.id, $0) }, uniquingKeysWith: { first, _ in first })
        let selections = try DCQLEvaluator(query: request.query).evaluate(usable.map(\.candidate))
        let items = selections.map { selection in
            let credential = byId[selection.credentialId]!
            return PresentationPlan.Item(queryId: selection.queryId, credentialId: selection.credentialId, format: credential.candidate.format,
                                         types: credential.candidate.types.filter { $0 != "VerifiableCredential" && !$0.contains("#VerifiableCredential") },
                                         issuer: credential.stored.issuer,
                                         claims: selection.wholeCredential ? ["*"] : selection.disclosedPaths,
                                         alternatives: selection.alternatives, holderBinding: selection.holderBinding)
        }
        return PresentationPlan(request: request, items: items, credentials: byId.filter { id, _ in items.contains { $0.credentialId == id } })
    }

    /// Makes the presentations of `plan` — each bound to the request's nonce and full client id
    /// (§14.1.2: KB-JWT `nonce`/`aud`, `vp+jwt` `nonce`/`aud`, Data Integrity `challenge`/`domain`)
    /// and disclosing only the planned claims — logs each in the disclosure log, and returns the
    /// response to send.
    ///
    /// - Throws: ``OpenID4VCError`` `walletFailed` when a presentation cannot be signed;
    ///   `unsupportedEncryption` when `direct_post.jwt` cannot be encrypted to the verifier.
    public func authorizationResponse(for plan: PresentationPlan) async throws(OpenID4VCError) -> AuthorizationResponse {
        let request = plan.request
        // The encryption key is checked before anything is signed or logged.
        if request.responseMode == .directPostJWT { _ = try AuthorizationResponse.encryptionKey(request.clientMetadata) }
        var vpToken = JSONObject()
        for item in plan.items {
            guard let credential = plan.credentials[item.credentialId], let raw = credential.stored.raw else {
                throw OpenID4VCError(.walletFailed, "credential \(item.credentialId) is no longer stored")
            }
            let presented = try await present(credential, raw: raw, item: item, request: request)
            let existing = vpToken[item.queryId]?.arrayValue ?? []
            vpToken[item.queryId] = .array(existing + [presented])
        }
        return try AuthorizationResponse.success(vpToken: vpToken, for: request)
    }

    /// One presentation, through ``Wallet/present(_:holder:challenge:domain:format:disclosing:)``
    /// (which logs it).
    private func present(_ credential: HolderCredential, raw: String, item: PresentationPlan.Item,
                         request: AuthorizationRequest) async throws(OpenID4VCError) -> JSONValue {
        let holder: String
        if let bound = credential.holderDID {
            holder = bound
        } else {
            // No holder binding asked for: a W3C presentation is still signed, by the first DID.
            guard !item.holderBinding, credential.candidate.format != "dc+sd-jwt" else {
                throw OpenID4VCError(.walletFailed, "credential \(item.credentialId) is bound to no key of this wallet")
            }
            do { guard let first = try await dids().first else { throw OpenID4VCError(.walletFailed, "the wallet has no DID to sign with") }
                holder = first.did.description
            } catch let error as OpenID4VCError { throw error } catch { throw OpenID4VCError(.walletFailed, "\(error)") }
        }
        let nonce = request.nonce, audience = request.clientId.text
        do {
            switch credential.candidate.format {
            case "dc+sd-jwt":
                let presented = try await present([.compact(raw)], holder: holder, challenge: nonce, domain: audience,
                                                  format: .sdJWT, disclosing: Set(item.claims))
                return .string(String(decoding: presented.bytes, as: UTF8.self))
            case "jwt_vc_json":
                let presented = try await present([.compact(raw)], holder: holder, challenge: nonce, domain: audience, format: .vpJWT)
                return .string(String(decoding: presented.bytes, as: UTF8.self))
            default:
                let document = try JSONParser().parse(Array(raw.utf8))
                let signer = try await signer(for: holder)
                let suite: DataIntegrityCryptosuite = signer.publicKey.algorithm == .eddsa ? .eddsaJcs2022 : .ecdsaJcs2019
                let presented = try await present([.document(document)], holder: holder, challenge: nonce, domain: audience,
                                                  format: .dataIntegrity(suite))
                return try JSONParser().parse(presented.bytes)
            }
        } catch let error as WalletError {
            throw OpenID4VCError(.walletFailed, "presenting \(item.credentialId) failed: \(error)")
        } catch {
            throw OpenID4VCError(.walletFailed, "presenting \(item.credentialId) failed: \(error)")
        }
    }
}
