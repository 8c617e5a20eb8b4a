public import StrictJSON

/// A DID document (DID Core 1.0 §5) in its JSON form (§6.2 `application/did+json`, or §6.3
/// `application/did+ld+json` when it has an `@context`).
///
/// The core properties are typed; every other member is kept, and the order of members as
/// parsed is kept for serialisation.
public struct DIDDocument: Hashable, Sendable {
    /// `@context`, as written (a string, or an array of strings and objects).
    public var context: JSONValue?
    /// `id`: the DID the document describes (§5.1.1).
    public var id: DID
    /// `alsoKnownAs`: other URIs for the subject (§5.1.3), as written.
    public var alsoKnownAs: [String]?
    /// `controller`: one DID or a set of DIDs (§5.1.2).
    public var controller: [String]?
    /// Whether `controller` was written as a single string rather than a set.
    var controllerIsSingle = false
    /// `verificationMethod`: the methods defined in the document (§5.2).
    public var verificationMethod: [VerificationMethod]
    /// The verification relationships (§5.3) and their entries; a relationship without entries is absent.
    public var relationships: [VerificationRelationship: [VerificationMethodReference]]
    /// `service` entries, as written (§5.4).
    public var service: [JSONValue]?
    /// Members this type does not model, in order.
    public var additionalMembers: JSONObject
    /// The order of members as parsed, used when serialising.
    var memberOrder: [String] = []

    /// A document with the given core properties and no other members.
    ///
    /// - Parameters:
    ///   - context: `@context`, or `nil` for `application/did+json`.
    ///   - id: The DID the document describes.
    ///   - verificationMethod: The methods defined in the document.
    ///   - relationships: The entries of each verification relationship.
    public init(context: JSONValue? = nil, id: DID, verificationMethod: [VerificationMethod] = [],
                relationships: [VerificationRelationship: [VerificationMethodReference]] = [:]) {
        self.context = context
        self.id = id
        self.verificationMethod = verificationMethod
        self.relationships = relationships
        self.additionalMembers = JSONObject()
    }

    /// The entries of `relationship`, empty when it has none; setting an empty array removes it.
    public subscript(relationship: VerificationRelationship) -> [VerificationMethodReference] {
        get { relationships[relationship] ?? [] }
        set { relationships[relationship] = newValue.isEmpty ? nil : newValue }
    }

    /// Parses a DID document from JSON (DID Core 1.0 §5 and §6.2.2 consumption rules).
    public init(json: JSONValue) throws(DIDError) {
        guard let object = json.objectValue else { throw DIDError(.invalidDocument, "a DID document must be a JSON object") }
        guard let idText = object["id"]?.stringValue else { throw DIDError(.invalidDocument, "a DID document needs a string \"id\"") }
        do { id = try DID(parsing: idText) } catch { throw DIDError(.invalidDocument, "\"id\" is not a DID: \(error.message)") }
        context = object["@context"]
        alsoKnownAs = try object["alsoKnownAs"].map { value throws(DIDError) in try Self.strings(value, member: "alsoKnownAs") }
        if let value = object["controller"] {
            if let single = value.stringValue {
                controller = [single]
                controllerIsSingle = true
            } else {
                controller = try Self.strings(value, member: "controller")
            }
            for entry in controller! {
                do { _ = try DID(parsing: entry) } catch { throw DIDError(.invalidDocument, "controller \(entry) is not a DID") }
            }
        }
        verificationMethod = []
        if let value = object["verificationMethod"] {
            guard let array = value.arrayValue else { throw DIDError(.invalidDocument, "\"verificationMethod\" must be an array") }
            for entry in array { verificationMethod.append(try VerificationMethod(json: entry)) }
        }
        relationships = [:]
        for relationship in VerificationRelationship.allCases {
            guard let value = object[relationship.rawValue] else { continue }
            guard let array = value.arrayValue else { throw DIDError(.invalidDocument, "\"\(relationship.rawValue)\" must be an array") }
            var entries: [VerificationMethodReference] = []
            for entry in array { entries.append(try VerificationMethodReference(json: entry)) }
            relationships[relationship] = entries
        }
        if let value = object["service"] {
            guard let array = value.arrayValue else { throw DIDError(.invalidDocument, "\"service\" must be an array") }
            service = array
        }
        var rest = object
        for name in Self.modelledMembers { rest.removeValue(forKey: name) }
        additionalMembers = rest
        memberOrder = object.keys
    }

    /// Parses a DID document from bytes with the strict JSON parser.
    public init(jsonBytes: [UInt8]) throws(DIDError) {
        let value: JSONValue
        do { value = try JSONParser().parse(jsonBytes) } catch { throw DIDError(.invalidDocument, "\(error)") }
        try self.init(json: value)
    }

    static let modelledMembers = ["@context", "id", "alsoKnownAs", "controller", "verificationMethod"]
        + VerificationRelationship.allCases.map(\.rawValue) + ["service"]

    /// The default member order: DID Core's examples' order.
    static let defaultOrder = ["@context", "id", "alsoKnownAs", "controller", "verificationMethod",
                               "authentication", "assertionMethod", "capabilityDelegation", "capabilityInvocation",
                               "keyAgreement", "service"]

    /// The document as JSON, members in their parsed order (or the default order for new ones).
    public var jsonValue: JSONValue {
        var modelled = JSONObject()
        if let context { modelled["@context"] = context }
        modelled["id"] = .string(id.description)
        if let alsoKnownAs { modelled["alsoKnownAs"] = .array(alsoKnownAs.map { .string($0) }) }
        if let controller {
            modelled["controller"] = controllerIsSingle && controller.count == 1 ? .string(controller[0]) : .array(controller.map { .string($0) })
        }
        if !verificationMethod.isEmpty || memberOrder.contains("verificationMethod") {
            modelled["verificationMethod"] = .array(verificationMethod.map(\.jsonValue))
        }
        for relationship in VerificationRelationship.allCases {
            if let entries = relationships[relationship] {
                modelled[relationship.rawValue] = .array(entries.map(\.jsonValue))
            }
        }
        if let service { modelled["service"] = .array(service) }

        var output = JSONObject()
        let order = memberOrder.isEmpty ? Self.defaultOrder : memberOrder
        for name in order {
            if let value = modelled[name] ?? additionalMembers[name], output[name] == nil { output.append(key: name, value: value) }
        }
        for member in modelled where output[member.key] == nil { output.append(key: member.key, value: member.value) }
        for member in additionalMembers where output[member.key] == nil { output.append(key: member.key, value: member.value) }
        return .object(output)
    }

    // MARK: Finding methods

    /// The absolute form of a method id: `#frag` becomes `<id>#frag` (DID Core §5.2, relative DID URLs).
    public func absoluteId(_ methodId: String) -> String {
        methodId.utf8.first == UInt8(ascii: "#") ? id.description + methodId : methodId
    }

    /// The verification method with this id (absolute or relative), in `verificationMethod` or
    /// embedded in a relationship.
    public func verificationMethod(withId methodId: String) -> VerificationMethod? {
        let wanted = absoluteId(methodId)
        if let index = verificationMethod.firstIndex(where: { absoluteId($0.id) == wanted }) { return verificationMethod[index] }
        for entries in relationships.values {
            for case .embedded(let method) in entries where absoluteId(method.id) == wanted { return method }
        }
        return nil
    }

    /// The methods authorised for `relationship`, references resolved within this document.
    public func verificationMethods(for relationship: VerificationRelationship) -> [VerificationMethod] {
        self[relationship].compactMap { entry in
            switch entry {
            case .embedded(let method): method
            case .reference(let reference): verificationMethod.first { absoluteId($0.id) == absoluteId(reference) }
            }
        }
    }

    /// Whether the method with id `methodId` is listed under `relationship`.
    public func authorizes(_ methodId: String, for relationship: VerificationRelationship) -> Bool {
        let wanted = absoluteId(methodId)
        return self[relationship].contains { absoluteId($0.id) == wanted }
    }

    /// Documents are equal when their JSON forms are (member order does not matter).
    public static func == (lhs: DIDDocument, rhs: DIDDocument) -> Bool { lhs.jsonValue == rhs.jsonValue }
    /// Hashes the JSON form, consistently with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(jsonValue) }

    private static func strings(_ value: JSONValue, member: String) throws(DIDError) -> [String] {
        guard let array = value.arrayValue else { throw DIDError(.invalidDocument, "\"\(member)\" must be an array of strings") }
        var output: [String] = []
        for entry in array {
            guard let text = entry.stringValue else { throw DIDError(.invalidDocument, "\"\(member)\" must be an array of strings") }
            output.append(text)
        }
        return output
    }
}
