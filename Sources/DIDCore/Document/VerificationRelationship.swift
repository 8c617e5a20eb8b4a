public import StrictJSON

/// The verification relationships of DID Core 1.0 §5.3.
public enum VerificationRelationship: String, Sendable, CaseIterable, Hashable {
    /// `authentication`: proving control of the DID, as a holder does when presenting (§5.3.1).
    case authentication
    /// `assertionMethod`: issuing claims, as an issuer does when signing credentials (§5.3.2).
    case assertionMethod
    /// `keyAgreement`: establishing encrypted channels (§5.3.3).
    case keyAgreement
    /// `capabilityInvocation`: invoking a capability, such as updating the document (§5.3.4).
    case capabilityInvocation
    /// `capabilityDelegation`: delegating a capability (§5.3.5).
    case capabilityDelegation
}

/// One entry of a verification relationship: a reference to a method by DID URL (possibly
/// relative), or a method embedded in place (DID Core 1.0 §5.3).
public enum VerificationMethodReference: Hashable, Sendable {
    /// A reference by DID URL, possibly relative to the document (`#key-1`).
    case reference(String)
    /// A method written in place.
    case embedded(VerificationMethod)

    /// Parses one entry: a string is a reference, an object an embedded method.
    ///
    /// - Throws: ``DIDError`` `invalidDocument` for any other JSON type, or the method's error.
    public init(json: JSONValue) throws(DIDError) {
        if let text = json.stringValue {
            self = .reference(text)
        } else if json.objectValue != nil {
            self = .embedded(try VerificationMethod(json: json))
        } else {
            throw DIDError(.invalidDocument, "a verification relationship entry must be a string or an object")
        }
    }

    /// The entry as JSON: the reference string or the method object.
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
