public import StrictJSON

/// A verifiable presentation (VC Data Model 2.0 §4.13): `VerifiablePresentation` type, an
/// optional `holder`, and `verifiableCredential` entries — secured credentials (JSON with a
/// proof), enveloped credentials (`EnvelopedVerifiableCredential` with a `data:` URL), or, in
/// VC 1.1 JWT presentations, compact JWTs.
public struct VerifiablePresentation: Sendable, Hashable {
    /// The presentation's members, exactly as given.
    public let json: JSONObject
    /// The data model version, from the first `@context` entry.
    public let dataModel: DataModelVersion

    /// Checks the data model's MUSTs (contexts, type, `id`, `holder`, entry kinds) and wraps the JSON.
    ///
    /// - Throws: ``VCError`` `invalidPresentation`, naming what is wrong.
    public init(json value: JSONValue) throws(VCError) {
        guard let object = value.objectValue else { throw VCError(.invalidPresentation, "a presentation is a JSON object") }
        dataModel = try DataModelChecks.contexts(object, kind: "presentation")
        try DataModelChecks.types(object, required: "VerifiablePresentation", code: .invalidPresentation)
        try DataModelChecks.optionalURL(object["id"], name: "id", code: .invalidPresentation)
        if let holder = object["holder"] {
            guard let id = holder.stringValue ?? holder["id"]?.stringValue, DataModelChecks.isURL(id) else {
                throw VCError(.invalidPresentation, "holder must be a URL or an object with an id that is a URL")
            }
        }
        if let credentials = object["verifiableCredential"] {
            for entry in credentials.arrayValue ?? [credentials] where entry.objectValue == nil && entry.stringValue == nil {
                throw VCError(.invalidPresentation, "verifiableCredential entries are objects (or compact JWTs in VC 1.1)")
            }
        }
        json = object
    }

    /// `id`, when present.
    public var id: String? { json["id"]?.stringValue }
    /// The `type` values.
    public var types: [String] { DataModelChecks.strings(json["type"]) }
    /// The holder's identifier: `holder` as a URL, or its `id`.
    public var holder: String? { json["holder"]?.stringValue ?? json["holder"]?["id"]?.stringValue }
    /// The `verifiableCredential` entries (one or many), unverified.
    public var credentials: [JSONValue] {
        guard let value = json["verifiableCredential"] else { return [] }
        return value.arrayValue ?? [value]
    }
    /// The presentation as JSON, members in their original order.
    public var jsonValue: JSONValue { .object(json) }
}
