import StrictJSON

/// Reading the JSON messages of OpenID4VCI / OAuth: strict RFC 8259 JSON (no duplicate member)
/// within size and depth bounds, required and optional members with their types checked, and the
/// OAuth error response (RFC 6749 §5.2).
enum JSONBody {
    /// Bounds for every message read: 1 MiB, 32 levels.
    static let options = JSONParser.Options(maxDepth: 32, maxBytes: 1 << 20)

    /// The message as a JSON object.
    static func object(_ bytes: [UInt8], _ what: String) throws(OpenID4VCError) -> JSONObject {
        guard bytes.count <= options.maxBytes else {
            throw OpenID4VCError(.messageTooLarge, "the \(what) is \(bytes.count) bytes (the limit is \(options.maxBytes))")
        }
        let value: JSONValue
        do { value = try JSONParser(options: options).parse(bytes) } catch {
            throw OpenID4VCError(.invalidMessage, "the \(what) is not strict JSON: \(error.code)")
        }
        guard let object = value.objectValue else { throw OpenID4VCError(.invalidMessage, "the \(what) is not a JSON object") }
        return object
    }

    /// ``object(_:_:)`` of text.
    static func object(text: String, _ what: String) throws(OpenID4VCError) -> JSONObject {
        try object(Array(text.utf8), what)
    }

    /// A required string member.
    static func string(_ object: JSONObject, _ key: String, _ what: String) throws(OpenID4VCError) -> String {
        guard let value = object[key] else { throw OpenID4VCError(.invalidMessage, "the \(what) has no \(key)") }
        guard let text = value.stringValue, !text.isEmpty else { throw OpenID4VCError(.invalidMessage, "the \(what)'s \(key) is not a non-empty string") }
        return text
    }

    /// An optional string member (absent is `nil`; present, it must be a string).
    static func optionalString(_ object: JSONObject, _ key: String, _ what: String) throws(OpenID4VCError) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw OpenID4VCError(.invalidMessage, "the \(what)'s \(key) is not a string") }
        return text
    }

    /// An optional array of strings (absent is `nil`).
    static func optionalStrings(_ object: JSONObject, _ key: String, _ what: String) throws(OpenID4VCError) -> [String]? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let array = value.arrayValue, array.count <= 256 else {
            throw OpenID4VCError(.invalidMessage, "the \(what)'s \(key) is not an array (of at most 256 strings)")
        }
        var output: [String] = []
        for element in array {
            guard let text = element.stringValue else { throw OpenID4VCError(.invalidMessage, "the \(what)'s \(key) holds a non-string") }
            output.append(text)
        }
        return output
    }

    /// An optional object member.
    static func optionalObject(_ object: JSONObject, _ key: String, _ what: String) throws(OpenID4VCError) -> JSONObject? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let member = value.objectValue else { throw OpenID4VCError(.invalidMessage, "the \(what)'s \(key) is not an object") }
        return member
    }

    /// An optional non-negative integer member.
    static func optionalInteger(_ object: JSONObject, _ key: String, _ what: String) throws(OpenID4VCError) -> Int? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let number = value.numberValue?.int64Value, number >= 0, number <= Int64(Int32.max) else {
            throw OpenID4VCError(.invalidMessage, "the \(what)'s \(key) is not a non-negative integer")
        }
        return Int(number)
    }

    /// The OAuth error of a response (RFC 6749 §5.2), as a ``OpenID4VCError/Code/peerError``: its
    /// `error` code, and its `error_description` cut to 200 characters of printable ASCII.
    static func peerError(status: Int, body: [UInt8], _ what: String) -> OpenID4VCError {
        guard let (error, description) = oauthError(body) else {
            return OpenID4VCError(.peerError, "the \(what) answered HTTP \(status) without an OAuth error")
        }
        return OpenID4VCError(.peerError, "the \(what) answered \(error)\(description.map { ": " + $0 } ?? "")")
    }

    /// The `error` and `error_description` of an OAuth error body, as printable ASCII (at most 200
    /// characters each), or `nil` when the body is not one.
    static func oauthError(_ body: [UInt8]) -> (String, String?)? {
        guard let object = try? object(body, "error response"), let error = object["error"]?.stringValue else { return nil }
        let printable = { (text: String) in String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7F }.prefix(200)) }
        return (printable(error), object["error_description"]?.stringValue.map(printable))
    }
}
