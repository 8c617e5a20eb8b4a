/// A DID URL (DID Core 1.0 §3.2):
///
///     did-url = did path-abempty [ "?" query ] [ "#" fragment ]
///
/// with `path-abempty`, `query` and `fragment` as in RFC 3986 §3.3–3.5.
public struct DIDURL: Hashable, Sendable, CustomStringConvertible {
    /// The DID the URL starts with.
    public let did: DID
    /// The path, starting with "/" when present, else empty.
    public let path: String
    /// The query without its "?", or `nil` when there is none.
    public let query: String?
    /// The fragment without its "#", or `nil` when there is none.
    public let fragment: String?

    /// Parses a DID URL (DID Core 1.0 §3.2).
    ///
    /// - Throws: ``DIDError`` `invalidDidUrl` when the text does not follow the grammar.
    public init(parsing text: String) throws(DIDError) {
        var text = text
        self = try text.withUTF8 { bytes in Result { () throws(DIDError) in try DIDURL(utf8: bytes) } }.get()
    }

    init(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(DIDError) {
        guard bytes.count <= DID.maximumLength else {
            throw DIDError(.invalidDidUrl, "a DID URL longer than \(DID.maximumLength) bytes")
        }
        let didEnd = bytes.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? bytes.count
        do throws(DIDError) {
            self.did = try DID(utf8: UnsafeBufferPointer(rebasing: bytes[..<didEnd]))
        } catch {
            throw DIDError(.invalidDidUrl, error.message)
        }
        var index = didEnd
        let pathStart = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "?"), bytes[index] != UInt8(ascii: "#") {
            try Self.checkCharacter(bytes, at: &index, allowingQuestionMark: false, part: "path")
        }
        self.path = String(decoding: UnsafeBufferPointer(rebasing: bytes[pathStart..<index]), as: UTF8.self)
        if index < bytes.count, bytes[index] == UInt8(ascii: "?") {
            index += 1
            let queryStart = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "#") {
                try Self.checkCharacter(bytes, at: &index, allowingQuestionMark: true, part: "query")
            }
            self.query = String(decoding: UnsafeBufferPointer(rebasing: bytes[queryStart..<index]), as: UTF8.self)
        } else {
            self.query = nil
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "#") {
            index += 1
            let fragmentStart = index
            while index < bytes.count {
                try Self.checkCharacter(bytes, at: &index, allowingQuestionMark: true, part: "fragment")
            }
            self.fragment = String(decoding: UnsafeBufferPointer(rebasing: bytes[fragmentStart...]), as: UTF8.self)
        } else {
            self.fragment = nil
        }
    }

    /// `did` with a fragment, for verification method ids.
    public init(did: DID, fragment: String) {
        self.did = did
        self.path = ""
        self.query = nil
        self.fragment = fragment
    }

    /// One character of a path (pchar or '/'), query or fragment (pchar, '/' or '?'), RFC 3986 §3.3–3.5.
    @inline(__always)
    private static func checkCharacter(_ bytes: UnsafeBufferPointer<UInt8>, at index: inout Int, allowingQuestionMark: Bool, part: StaticString) throws(DIDError) {
        let byte = bytes[index]
        if byte == UInt8(ascii: "%") {
            guard DIDSyntax.isPercentEncoding(bytes, at: index) else {
                throw DIDError(.invalidDidUrl, "'%' in the \(part) must be followed by two hexadecimal digits")
            }
            index += 3
        } else if DIDSyntax.isPChar(byte) || byte == UInt8(ascii: "/") || (allowingQuestionMark && byte == UInt8(ascii: "?")) {
            index += 1
        } else {
            throw DIDError(.invalidDidUrl, "character '\(DIDSyntax.describe(byte))' is not allowed in the \(part)")
        }
    }

    /// The DID URL as text: the DID, then the path, `?query` and `#fragment` when present.
    public var description: String {
        var text = did.description + path
        if let query { text += "?" + query }
        if let fragment { text += "#" + fragment }
        return text
    }
}
