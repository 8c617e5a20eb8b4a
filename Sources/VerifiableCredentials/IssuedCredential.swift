public import StrictJSON

/// A secured credential or presentation as ``Issuer`` returns it, which
/// ``Verifier/verify(_:)-(IssuedCredential)`` accepts as it is.
public enum IssuedCredential: Sendable, Hashable {
    /// A compact JWT or SD-JWT.
    case compact(String)
    /// A JSON document with its Data Integrity proof(s).
    case document(JSONValue)

    /// The bytes to write or send: the compact form, or the document as JSON.
    public var bytes: [UInt8] {
        switch self {
        case .compact(let text): Array(text.utf8)
        case .document(let document): JSONSerializer().serialize(document)
        }
    }
}
