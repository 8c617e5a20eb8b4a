import StrictJSON

/// Evaluates a ``DCQLQuery`` against the holder's credentials (OpenID4VP 1.0 §6.4): which
/// credential answers which query, and exactly which claims of it are disclosed.
///
/// The choice is the least disclosure the rules allow: the first `claim_sets` option a credential
/// satisfies, the first satisfiable option of each credential set (optional sets only when one
/// of their options is satisfiable), and one credential per query even when `multiple` allows
/// more (the other matches are listed as alternatives).
public struct DCQLEvaluator: Sendable {
    /// The query evaluated.
    public let query: DCQLQuery

    /// An evaluator for `query`.
    public init(query: DCQLQuery) { self.query = query }

    /// One credential chosen for one credential query, with what it discloses.
    public struct Selection: Sendable, Hashable {
        /// The credential query's id (the `vp_token` key).
        public let queryId: String
        /// The chosen credential.
        public let credentialId: String
        /// The concrete paths of the claims disclosed (`given_name`, `address.locality`,
        /// `nationalities[1]`); empty when no selectively disclosable claim is asked for.
        public let disclosedPaths: [String]
        /// Whether the whole credential is shown (a format without selective disclosure).
        public let wholeCredential: Bool
        /// Whether holder binding is asked for.
        public let holderBinding: Bool
        /// The ids of the other credentials that match this query too.
        public let alternatives: [String]
    }

    /// What a candidate discloses for a credential query, or `nil` when it does not match.
    public func match(_ candidate: DCQLCandidate, for credentialQuery: DCQLQuery.CredentialQuery) -> [String]? {
        guard candidate.format == credentialQuery.format else { return nil }
        if let vctValues = credentialQuery.vctValues, !candidate.types.contains(where: vctValues.contains) { return nil }
        if let typeValues = credentialQuery.typeValues {
            let types = Set(candidate.types)
            guard typeValues.contains(where: { $0.allSatisfy(types.contains) }) else { return nil }
        }
        if credentialQuery.requireCryptographicHolderBinding && !candidate.holderBindable { return nil }
        guard let claims = credentialQuery.claims else { return [] }
        // Each claim's concrete paths, or nil when the credential lacks it (§6.4.1).
        func paths(of claim: DCQLQuery.ClaimsQuery) -> [String]? {
            guard let selected = claim.path.select(in: candidate.claims) else { return nil }
            let matching = selected.filter { entry in claim.values.map { $0.contains(entry.value) } ?? true }
            return matching.isEmpty ? nil : matching.map { ClaimsPathPointer.text($0.path) }
        }
        if let claimSets = credentialQuery.claimSets {
            let byId = Dictionary(claims.compactMap { claim in claim.id.map { ($0, claim) } }, uniquingKeysWith: { first, _ in first })
            for option in claimSets {
                var disclosed: [String] = []
                var satisfied = true
                for claimId in option {
                    guard let claim = byId[claimId], let found = paths(of: claim) else { satisfied = false; break }
                    disclosed += found
                }
                if satisfied { return Self.unique(disclosed) }
            }
            return nil
        }
        var disclosed: [String] = []
        for claim in claims {
            guard let found = paths(of: claim) else { return nil }
            disclosed += found
        }
        return Self.unique(disclosed)
    }

    /// The selections answering the query from `candidates` (in the holder's order of preference).
    ///
    /// - Throws: ``OpenID4VCError`` `noMatchingCredential` when a required credential query or set
    ///   cannot be satisfied: then nothing may be returned (§6.4.2).
    public func evaluate(_ candidates: [DCQLCandidate]) throws(OpenID4VCError) -> [Selection] {
        var matches: [String: [(candidate: DCQLCandidate, paths: [String])]] = [:]
        for credentialQuery in query.credentials {
            matches[credentialQuery.id] = candidates.compactMap { candidate in
                match(candidate, for: credentialQuery).map { (candidate, $0) }
            }
        }
        func satisfiable(_ option: [String]) -> Bool { option.allSatisfy { !(matches[$0] ?? []).isEmpty } }
        var answered: [String] = []
        if let sets = query.credentialSets {
            for set in sets {
                if let option = set.options.first(where: satisfiable) {
                    answered += option
                } else if set.required {
                    let wanted = set.options.map { $0.joined(separator: " + ") }.joined(separator: " or ")
                    throw OpenID4VCError(.noMatchingCredential, "no stored credentials answer \(wanted)")
                }
            }
        } else {
            for credentialQuery in query.credentials where (matches[credentialQuery.id] ?? []).isEmpty {
                throw OpenID4VCError(.noMatchingCredential, "no stored credential answers the query \(credentialQuery.id) (\(credentialQuery.format))")
            }
            answered = query.credentials.map(\.id)
        }
        let wanted = Set(answered)
        return query.credentials.filter { wanted.contains($0.id) }.compactMap { credentialQuery in
            guard let found = matches[credentialQuery.id], let first = found.first else { return nil }
            return Selection(queryId: credentialQuery.id, credentialId: first.candidate.id, disclosedPaths: first.paths,
                             wholeCredential: !first.candidate.selectivelyDisclosable,
                             holderBinding: credentialQuery.requireCryptographicHolderBinding,
                             alternatives: found.dropFirst().map(\.candidate.id))
        }
    }

    private static func unique(_ paths: [String]) -> [String] {
        var seen = Set<String>()
        return paths.filter { seen.insert($0).inserted }
    }
}
