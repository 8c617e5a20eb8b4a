import StrictJSON

/// What an offer authorizes, carried from the offer through its code and access token to the
/// credential endpoint: the configurations, the subject's claims, which of them an SD-JWT VC
/// discloses selectively, and a deferral (§9) when the credential is not ready at once.
struct IssuanceGrant: Sendable {
    var configurationIds: [String]
    var claims: JSONObject
    /// Selectively disclosable top-level claims of an SD-JWT VC; `nil`: every claim.
    var disclosable: [String]?
    /// Seconds after the credential request until a deferred credential is ready; `nil`: at once.
    var deferralSeconds: Int?

    var jsonObject: JSONObject {
        var object: JSONObject = ["configurations": .array(configurationIds.map { .string($0) }), "claims": .object(claims)]
        if let disclosable { object["disclosable"] = .array(disclosable.map { .string($0) }) }
        if let deferralSeconds { object["deferral"] = .number(JSONNumber(deferralSeconds)) }
        return object
    }

    init(configurationIds: [String], claims: JSONObject, disclosable: [String]?, deferralSeconds: Int?) {
        self.configurationIds = configurationIds
        self.claims = claims
        self.disclosable = disclosable
        self.deferralSeconds = deferralSeconds
    }

    /// Reads a record this service wrote; `nil` when it is not one (a damaged store).
    init?(_ object: JSONObject?) {
        guard let object, let ids = object["configurations"]?.arrayValue?.compactMap(\.stringValue), let claims = object["claims"]?.objectValue else {
            return nil
        }
        configurationIds = ids
        self.claims = claims
        disclosable = object["disclosable"]?.arrayValue?.compactMap(\.stringValue)
        deferralSeconds = object["deferral"]?.numberValue?.int64Value.map { Int($0) }
    }
}
