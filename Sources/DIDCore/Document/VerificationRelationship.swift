public import StrictJSON

/// The verification relationships of DID Core 1.0 §5.3.
public enum VerificationRelationship: String, Sendable, CaseIterable, Hashable {
    case authentication
    case assertionMethod
    case keyAgreement
    case capabilityInvocation
    case capabilityDelegation
}

/// One entry of a verification relationship: a reference to a method by DID URL (possibly
/// relative), or a method embedded in place (DID Core 1.0 §5.3).
public enum VerificationMethodReference: Hashable, Sendable {
    case reference(String)
    case embedded(VerificationMethod)

    public init(json: JSONValue) throws(DIDError) {
        if let text = json.stringValue {
            self = .reference(text)
        } else if json.objectValue != nil {
            self = .embedded(try VerificationMethod(json: json))
        } else {
            throw DIDError(.invalidDocument, "a verification relationship entry must be a string or an object")
        }
    }

    public var jsonValue: JSONValue {
        switch self {
        case .reference(let id): .string(id)
        case .embedded(let method): method.jsonValue
        }
    }

    /// The referenced or embedded method's id.
    public var id: String {
        switch self {
        case .reference(let id): id
        case .embedded(let method): method.id
        }
    }
}
