import Foundation
import StrictJSON
import VerifiableCredentials

extension PresentationVerifierService {
    /// The most bytes of a response form this role reads.
    public static let maximumResponseBytes = 4 << 20

    /// Takes the wallet's POST to ``responseURI(id:)`` (OpenID4VP 1.0 §8.2, §8.3, §8.6): the form
    /// `vp_token` and `state`, `response` (a JWE, for `direct_post.jwt`), or `error` and `state`.
    ///
    /// The request must be open, the `state` its own, the mode its own (a plain `vp_token` is
    /// refused when an encrypted one was asked for); only then is it consumed (once), each
    /// presentation verified with the request's nonce and client id, and the result stored.
    ///
    /// - Returns: The stored result (verified or not).
    /// - Throws: ``OpenID4VCError`` `notFoundOrUsed` for an unknown, expired or answered request
    ///   or a `state` not its own; `invalidMessage`, `decryptionFailed`, `unsupportedEncryption`
    ///   for a malformed response. Nothing is consumed or stored then.
    public func receiveResponse(id: String, form body: String) async throws(OpenID4VCError) -> PresentationResultRecord {
        guard body.utf8.count <= Self.maximumResponseBytes else {
            throw OpenID4VCError(.messageTooLarge, "a response has at most \(Self.maximumResponseBytes) bytes")
        }
        let now = configuration.now()
        let record = try await store.request(id: id, at: now)
        let form = try FormEncoding.dictionary(body, limit: Self.maximumResponseBytes)
        var parameters: [String: JSONValue] = [:]
        if let response = form["response"] {
            let decrypted = try JWE.decrypt(response, with: configuration.encryptionKey, maximumLength: Self.maximumResponseBytes)
            guard let object = (try? JSONParser().parse(decrypted.plaintext))?.objectValue else {
                throw OpenID4VCError(.invalidMessage, "the decrypted response is not a JSON object")
            }
            for member in object { parameters[member.key] = member.value }
        } else {
            guard record.responseMode != AuthorizationRequest.ResponseMode.directPostJWT.rawValue || form["vp_token"] == nil else {
                throw OpenID4VCError(.invalidMessage, "the request asked for an encrypted response (direct_post.jwt); a plain vp_token is refused")
            }
            for (name, value) in form { parameters[name] = .string(value) }
        }
        // state binds the response to this request (§5.2, §14.3.2): checked before consuming.
        guard let state = parameters["state"]?.stringValue, state.utf8.elementsEqual(record.state.utf8) else {
            throw OpenID4VCError(.notFoundOrUsed, "the response's state is not the one of request \(id)")
        }
        _ = try await store.consume(id: id, at: now)
        let result: PresentationResultRecord
        if let error = parameters["error"]?.stringValue {
            result = PresentationResultRecord(requestId: id, receivedAt: now, verified: false, error: String(error.prefix(256)),
                                              details: ["error_description": parameters["error_description"] ?? .null])
        } else {
            result = await verify(vpToken: parameters["vp_token"], record: record, at: now)
        }
        try await store.storeResult(result)
        return result
    }

    /// Verifies a `vp_token` against the request: its shape (§8.1), each presentation bound to
    /// the nonce and client id (§14.1.2), holder binding where asked, the claims asked for
    /// present, and the credential sets satisfied (§8.6).
    func verify(vpToken: JSONValue?, record: PresentationRequestRecord, at now: Date) async -> PresentationResultRecord {
        func refused(_ reason: String, _ details: JSONObject = [:]) -> PresentationResultRecord {
            PresentationResultRecord(requestId: record.id, receivedAt: now, verified: false, error: reason, details: .object(details))
        }
        guard let query = try? DCQLQuery(json: record.query) else { return refused("the stored query does not parse") }
        var token = vpToken
        if let text = token?.stringValue {
            token = try? JSONParser(options: .init(maxDepth: 64, maxBytes: Self.maximumResponseBytes)).parse(Array(text.utf8))
        }
        guard let object = token?.objectValue, !object.isEmpty else { return refused("the vp_token is not a non-empty JSON object") }
        let byId = Dictionary(query.credentials.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var details = JSONObject()
        var answered = Set<String>()
        var allVerified = true
        for member in object {
            guard let credentialQuery = byId[member.key] else { return refused("the vp_token answers \(member.key), which was not asked") }
            guard let presentations = member.value.arrayValue, !presentations.isEmpty,
                  presentations.count == 1 || credentialQuery.multiple, presentations.count <= DCQLQuery.maximumEntries else {
                return refused("the vp_token entry \(member.key) is not an array of one presentation (or several, with multiple)")
            }
            var reports: [JSONValue] = []
            for presentation in presentations {
                let (ok, report) = await verify(presentation, credentialQuery: credentialQuery, record: record)
                allVerified = allVerified && ok
                reports.append(report)
            }
            answered.insert(member.key)
            details[member.key] = .array(reports)
        }
        let satisfied: Bool
        if let sets = query.credentialSets {
            satisfied = sets.allSatisfy { set in !set.required || set.options.contains { $0.allSatisfy(answered.contains) } }
        } else {
            satisfied = query.credentials.allSatisfy { answered.contains($0.id) }
        }
        if !satisfied { return refused("the vp_token does not answer every required credential query", details) }
        return PresentationResultRecord(requestId: record.id, receivedAt: now, verified: allVerified,
                                        error: allVerified ? nil : "a presentation did not verify", details: .object(details))
    }

    /// One presentation: verified with the request's nonce (`challenge`) and client id (`domain`).
    private func verify(_ presentation: JSONValue, credentialQuery: DCQLQuery.CredentialQuery,
                        record: PresentationRequestRecord) async -> (Bool, JSONValue) {
        var verifier = configuration.verifier
        verifier.policy.expectedChallenge = record.nonce
        verifier.policy.expectedDomain = record.clientId
        verifier.policy.requireHolderBinding = credentialQuery.requireCryptographicHolderBinding
        let bytes = presentation.stringValue.map { Array($0.utf8) } ?? JSONSerializer().serialize(presentation)
        var problems: [String] = []
        let report: VerificationReport
        switch credentialQuery.format {
        case "dc+sd-jwt":
            report = await verifier.verify(bytes)
            if report.format != .sdJWT { problems.append("not an SD-JWT VC") }
            if credentialQuery.requireCryptographicHolderBinding && !report.checks.contains(where: { $0.name == .keyBinding && $0.passed }) {
                problems.append("no key-binding JWT")
            }
            if let vcts = credentialQuery.vctValues, !report.types.contains(where: vcts.contains) { problems.append("vct not asked for") }
        case "jwt_vc_json", "ldp_vc":
            report = await verifier.verifyPresentation(bytes)
            let expected: Bool = credentialQuery.format == "jwt_vc_json" ? report.format == .vpJWT || report.format == .jwtVP11
                : report.format?.cryptosuite != nil
            if !expected { problems.append("not a \(credentialQuery.format) presentation") }
        default:
            report = VerificationReport()
            problems.append("format \(credentialQuery.format) is not verified here")
        }
        // The claims asked for must be there (§8.6 step 2).
        let document = credentialQuery.format == "dc+sd-jwt" ? report.document : report.credentials.first?.document
        if let claims = credentialQuery.claims {
            let present = claims.map { claim in document.flatMap { claim.path.select(in: $0) } != nil }
            let ok: Bool
            if let sets = credentialQuery.claimSets {
                let byId = Dictionary(zip(claims.compactMap(\.id), present), uniquingKeysWith: { first, _ in first })
                ok = sets.contains { $0.allSatisfy { byId[$0] == true } }
            } else {
                ok = !present.contains(false)
            }
            if !ok { problems.append("a claim asked for is missing") }
        }
        let verified = report.verified && problems.isEmpty
        var output: JSONObject = ["verified": .bool(verified), "report": report.jsonValue]
        if !problems.isEmpty { output["problems"] = .array(problems.map { .string($0) }) }
        return (verified, .object(output))
    }
}
