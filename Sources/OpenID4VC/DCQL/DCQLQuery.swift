public import StrictJSON

/// A Digital Credentials Query Language query (OpenID4VP 1.0 §6): the credentials a verifier asks
/// for, the claims of each, and which combinations satisfy it.
///
/// Parsing is strict about what the specification defines (types, non-empty arrays, identifier
/// syntax, unique ids, references that resolve) and bounded in every count the input decides;
/// unknown members are ignored, as §6 requires.
public struct DCQLQuery: Sendable, Hashable {
    /// The most bytes a query's JSON text may have.
    public static let maximumBytes = 64 << 10
    /// The most entries of any array in a query (credentials, sets, options, values).
    public static let maximumEntries = 64
    /// The most claims queries of one credential query.
    public static let maximumClaims = 128

    /// The credential queries, in order (§6.1).
    public let credentials: [CredentialQuery]
    /// The credential set queries (§6.2), when present.
    public let credentialSets: [CredentialSetQuery]?

    /// A request for one credential (§6.1).
    public struct CredentialQuery: Sendable, Hashable {
        /// The query's id; the `vp_token` is keyed by it.
        public let id: String
        /// The credential format identifier (`dc+sd-jwt`, `jwt_vc_json`, `ldp_vc`, `mso_mdoc`).
        public let format: String
        /// Whether more than one credential may answer this query.
        public let multiple: Bool
        /// `meta.vct_values` (SD-JWT VC, §B.3.5): the accepted `vct` values.
        public let vctValues: [String]?
        /// `meta.type_values` (W3C VCs, §B.1.1): alternatives, each a set of types that must all
        /// be present.
        public let typeValues: [[String]]?
        /// `meta` as sent.
        public let meta: JSONObject
        /// `trusted_authorities` as sent (type and values); kept, not evaluated here.
        public let trustedAuthorities: [JSONValue]?
        /// Whether a proof of holder binding is required (default `true`).
        public let requireCryptographicHolderBinding: Bool
        /// The claims queries (§6.3), when present.
        public let claims: [ClaimsQuery]?
        /// Alternative combinations of claim ids, most preferred first, when present.
        public let claimSets: [[String]]?
    }

    /// A request for one claim (§6.3).
    public struct ClaimsQuery: Sendable, Hashable {
        /// The claim's id, required when the credential query has `claim_sets`.
        public let id: String?
        /// Where the claim is.
        public let path: ClaimsPathPointer
        /// Accepted values (strings, integers, booleans), when present.
        public let values: [JSONValue]?
    }

    /// A constraint on which credential queries answer together (§6.2).
    public struct CredentialSetQuery: Sendable, Hashable {
        /// Alternatives, each a list of credential query ids.
        public let options: [[String]]
        /// Whether the set must be satisfied (default `true`).
        public let required: Bool
    }

    /// Parses the JSON text of a query (at most ``maximumBytes``).
    ///
    /// - Throws: ``OpenID4VCError`` `messageTooLarge` over a bound, `invalidMessage` otherwise.
    public init(parsing bytes: [UInt8]) throws(OpenID4VCError) {
        guard bytes.count <= Self.maximumBytes else {
            throw OpenID4VCError(.messageTooLarge, "a DCQL query has at most \(Self.maximumBytes) bytes")
        }
        let value: JSONValue
        do { value = try JSONParser(options: .init(maxDepth: 16, maxBytes: Self.maximumBytes)).parse(bytes) } catch {
            throw OpenID4VCError(.invalidMessage, "the DCQL query is not strict JSON: \(error.code)")
        }
        try self.init(json: value)
    }

    /// Reads a query from its JSON value.
    ///
    /// - Throws: ``OpenID4VCError`` `messageTooLarge` over a bound, `invalidMessage` otherwise.
    public init(json: JSONValue) throws(OpenID4VCError) {
        guard let object = json.objectValue else { throw OpenID4VCError(.invalidMessage, "a DCQL query is a JSON object") }
        let credentialValues = try Self.nonEmptyArray(object["credentials"], "credentials", limit: Self.maximumEntries)
        var credentials: [CredentialQuery] = []
        var ids = Set<String>()
        for value in credentialValues {
            let query = try CredentialQuery(json: value)
            guard ids.insert(query.id).inserted else { throw OpenID4VCError(.invalidMessage, "the credential query id \(query.id) appears twice") }
            credentials.append(query)
        }
        self.credentials = credentials
        if let setsValue = object["credential_sets"] {
            var sets: [CredentialSetQuery] = []
            for value in try Self.nonEmptyArray(setsValue, "credential_sets", limit: Self.maximumEntries) {
                let set = try CredentialSetQuery(json: value)
                for id in set.options.joined() where !ids.contains(id) {
                    throw OpenID4VCError(.invalidMessage, "credential_sets names \(id), which is no credential query")
                }
                sets.append(set)
            }
            credentialSets = sets
        } else {
            credentialSets = nil
        }
    }

    /// The query as JSON (what a verifier sends).
    public var jsonValue: JSONValue {
        var object: JSONObject = ["credentials": .array(credentials.map(\.jsonValue))]
        if let credentialSets { object["credential_sets"] = .array(credentialSets.map(\.jsonValue)) }
        return .object(object)
    }

    /// A non-empty array of at most `limit` elements.
    static func nonEmptyArray(_ value: JSONValue?, _ name: String, limit: Int) throws(OpenID4VCError) -> [JSONValue] {
        guard let array = value?.arrayValue, !array.isEmpty else {
            throw OpenID4VCError(.invalidMessage, "\(name) is a non-empty array")
        }
        guard array.count <= limit else { throw OpenID4VCError(.messageTooLarge, "\(name) has at most \(limit) entries") }
        return array
    }

    /// A non-empty array of at most `limit` strings.
    static func strings(_ value: JSONValue?, _ name: String, limit: Int = maximumEntries) throws(OpenID4VCError) -> [String] {
        var output: [String] = []
        for element in try nonEmptyArray(value, name, limit: limit) {
            guard let text = element.stringValue else { throw OpenID4VCError(.invalidMessage, "\(name) holds strings only") }
            output.append(text)
        }
        return output
    }

    /// An identifier of a credential or claims query: 1 to 128 ASCII letters, digits, `_`, `-`.
    static func identifier(_ value: JSONValue?, _ name: String) throws(OpenID4VCError) -> String {
        guard let text = value?.stringValue, !text.isEmpty, text.utf8.count <= 128,
              text.utf8.allSatisfy({ $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") || (0x30...0x39).contains($0)
                  || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else {
            throw OpenID4VCError(.invalidMessage, "\(name) is 1 to 128 letters, digits, '_' or '-'")
        }
        return text
    }

    /// An optional boolean member.
    static func boolean(_ value: JSONValue?, _ name: String, default defaultValue: Bool) throws(OpenID4VCError) -> Bool {
        guard let value else { return defaultValue }
        guard let flag = value.boolValue else { throw OpenID4VCError(.invalidMessage, "\(name) is a boolean") }
        return flag
    }
}

extension DCQLQuery.CredentialQuery {
    /// Reads a credential query (§6.1).
    init(json: JSONValue) throws(OpenID4VCError) {
        guard let object = json.objectValue else { throw OpenID4VCError(.invalidMessage, "a credential query is a JSON object") }
        id = try DCQLQuery.identifier(object["id"], "a credential query id")
        guard let format = object["format"]?.stringValue, !format.isEmpty, format.utf8.count <= 128 else {
            throw OpenID4VCError(.invalidMessage, "credential query \(id) has no format")
        }
        self.format = format
        multiple = try DCQLQuery.boolean(object["multiple"], "multiple", default: false)
        requireCryptographicHolderBinding = try DCQLQuery.boolean(object["require_cryptographic_holder_binding"],
                                                                  "require_cryptographic_holder_binding", default: true)
        guard let meta = object["meta"]?.objectValue else {
            throw OpenID4VCError(.invalidMessage, "credential query \(id) has no meta object")
        }
        self.meta = meta
        vctValues = try meta["vct_values"].map { value throws(OpenID4VCError) in try DCQLQuery.strings(value, "vct_values") }
        if let typeValues = meta["type_values"] {
            var alternatives: [[String]] = []
            for alternative in try DCQLQuery.nonEmptyArray(typeValues, "type_values", limit: DCQLQuery.maximumEntries) {
                alternatives.append(try DCQLQuery.strings(alternative, "a type_values entry"))
            }
            self.typeValues = alternatives
        } else {
            self.typeValues = nil
        }
        if let authorities = object["trusted_authorities"] {
            let entries = try DCQLQuery.nonEmptyArray(authorities, "trusted_authorities", limit: DCQLQuery.maximumEntries)
            for entry in entries {
                guard entry["type"]?.stringValue != nil else { throw OpenID4VCError(.invalidMessage, "a trusted authority has a type") }
                _ = try DCQLQuery.strings(entry["values"], "trusted authority values")
            }
            trustedAuthorities = entries
        } else {
            trustedAuthorities = nil
        }
        if let claimsValue = object["claims"] {
            var claims: [DCQLQuery.ClaimsQuery] = []
            var claimIds = Set<String>()
            for value in try DCQLQuery.nonEmptyArray(claimsValue, "claims", limit: DCQLQuery.maximumClaims) {
                let claim = try DCQLQuery.ClaimsQuery(json: value)
                if let claimId = claim.id, !claimIds.insert(claimId).inserted {
                    throw OpenID4VCError(.invalidMessage, "the claim id \(claimId) appears twice in credential query \(id)")
                }
                claims.append(claim)
            }
            self.claims = claims
        } else {
            claims = nil
        }
        if let setsValue = object["claim_sets"] {
            guard let claims else { throw OpenID4VCError(.invalidMessage, "claim_sets without claims in credential query \(id)") }
            let known = Set(claims.compactMap(\.id))
            guard known.count == claims.count else {
                throw OpenID4VCError(.invalidMessage, "with claim_sets every claim of credential query \(id) has an id")
            }
            var sets: [[String]] = []
            for option in try DCQLQuery.nonEmptyArray(setsValue, "claim_sets", limit: DCQLQuery.maximumEntries) {
                let ids = try DCQLQuery.strings(option, "a claim_sets option", limit: DCQLQuery.maximumClaims)
                for claimId in ids where !known.contains(claimId) {
                    throw OpenID4VCError(.invalidMessage, "claim_sets names \(claimId), which is no claim of credential query \(id)")
                }
                sets.append(ids)
            }
            claimSets = sets
        } else {
            claimSets = nil
        }
    }

    /// The query as JSON.
    var jsonValue: JSONValue {
        var object: JSONObject = ["id": .string(id), "format": .string(format)]
        if multiple { object["multiple"] = true }
        object["meta"] = .object(meta)
        if let trustedAuthorities { object["trusted_authorities"] = .array(trustedAuthorities) }
        if !requireCryptographicHolderBinding { object["require_cryptographic_holder_binding"] = false }
        if let claims { object["claims"] = .array(claims.map(\.jsonValue)) }
        if let claimSets { object["claim_sets"] = .array(claimSets.map { .array($0.map { .string($0) }) }) }
        return .object(object)
    }
}

extension DCQLQuery.ClaimsQuery {
    /// Reads a claims query (§6.3).
    init(json: JSONValue) throws(OpenID4VCError) {
        guard let object = json.objectValue else { throw OpenID4VCError(.invalidMessage, "a claims query is a JSON object") }
        id = try object["id"].map { value throws(OpenID4VCError) in try DCQLQuery.identifier(value, "a claim id") }
        guard let pathValue = object["path"] else { throw OpenID4VCError(.invalidMessage, "a claims query has a path") }
        path = try ClaimsPathPointer(json: pathValue)
        if let valuesValue = object["values"] {
            let values = try DCQLQuery.nonEmptyArray(valuesValue, "values", limit: DCQLQuery.maximumEntries)
            for value in values {
                switch value {
                case .string, .bool: continue
                case .number(let number) where number.int64Value != nil && String(number.int64Value!) == number.text: continue
                default: throw OpenID4VCError(.invalidMessage, "claim values are strings, integers or booleans")
                }
            }
            self.values = values
        } else {
            values = nil
        }
    }

    /// The claims query as JSON.
    var jsonValue: JSONValue {
        var object: JSONObject = [:]
        if let id { object["id"] = .string(id) }
        object["path"] = path.jsonValue
        if let values { object["values"] = .array(values) }
        return .object(object)
    }
}

extension DCQLQuery.CredentialSetQuery {
    /// Reads a credential set query (§6.2).
    init(json: JSONValue) throws(OpenID4VCError) {
        guard let object = json.objectValue else { throw OpenID4VCError(.invalidMessage, "a credential set query is a JSON object") }
        var options: [[String]] = []
        for option in try DCQLQuery.nonEmptyArray(object["options"], "options", limit: DCQLQuery.maximumEntries) {
            options.append(try DCQLQuery.strings(option, "a credential set option"))
        }
        self.options = options
        required = try DCQLQuery.boolean(object["required"], "required", default: true)
    }

    /// The set as JSON.
    var jsonValue: JSONValue {
        var object: JSONObject = ["options": .array(options.map { .array($0.map { .string($0) }) })]
        if !required { object["required"] = false }
        return .object(object)
    }
}
