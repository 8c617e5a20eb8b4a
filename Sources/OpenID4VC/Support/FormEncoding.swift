/// `application/x-www-form-urlencoded` (the URL Standard §5; RFC 6749 Appendix B) and URL query
/// strings: encoding what the wallet sends, and decoding what it receives with bounds.
///
/// Decoding is strict: a parameter given twice is refused (RFC 6749 §3.1: "Request and response
/// parameters MUST NOT be included more than once"), as are invalid percent escapes and text that
/// is not UTF-8 once decoded.
public enum FormEncoding {
    /// The most parameters a form or query may carry.
    public static let maximumParameters = 64
    /// The longest form or query accepted, in bytes.
    public static let maximumBytes = 256 << 10

    /// `name=value&…`, each percent-encoded (space as `+`), in the order given.
    public static func encode(_ parameters: [(String, String)]) -> String {
        parameters.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    /// ``encode(_:)`` as bytes (a request body).
    public static func encodeBody(_ parameters: [(String, String)]) -> [UInt8] { Array(encode(parameters).utf8) }

    /// The parameters of a form body or query string (without `?`), in order.
    /// - Throws: ``OpenID4VCError/Code/messageTooLarge`` over the bounds,
    ///   ``OpenID4VCError/Code/invalidMessage`` for a repeated name or a bad escape.
    /// - Parameter text: The form body or query string, without `?`.
    /// - Parameter limit: The longest text accepted, in bytes (default ``maximumBytes``; a caller
    ///   that bounds its input itself, as the verifier's response endpoint does, passes its own).
    public static func decode(_ text: some StringProtocol, limit: Int = maximumBytes) throws(OpenID4VCError) -> [(String, String)] {
        guard text.utf8.count <= limit else {
            throw OpenID4VCError(.messageTooLarge, "a form of \(text.utf8.count) bytes (the limit is \(limit))")
        }
        var output: [(String, String)] = []
        var seen = Set<String>()
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            guard output.count < maximumParameters else {
                throw OpenID4VCError(.messageTooLarge, "a form with more than \(maximumParameters) parameters")
            }
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try unescape(parts[0])
            let value = parts.count > 1 ? try unescape(parts[1]) : ""
            guard seen.insert(name).inserted else {
                throw OpenID4VCError(.invalidMessage, "the parameter \(name.prefix(60)) is given more than once")
            }
            output.append((name, value))
        }
        return output
    }

    /// ``decode(_:limit:)`` of a body's bytes, which must be UTF-8.
    public static func decode(body: [UInt8]) throws(OpenID4VCError) -> [(String, String)] {
        guard body.count <= maximumBytes else {
            throw OpenID4VCError(.messageTooLarge, "a form of \(body.count) bytes (the limit is \(maximumBytes))")
        }
        guard let text = String(validating: body, as: UTF8.self) else { throw OpenID4VCError(.invalidMessage, "a form that is not UTF-8") }
        return try decode(text)
    }

    /// ``decode(_:limit:)`` as a dictionary (names are unique).
    public static func dictionary(_ text: some StringProtocol, limit: Int = maximumBytes) throws(OpenID4VCError) -> [String: String] {
        Dictionary(try decode(text, limit: limit), uniquingKeysWith: { first, _ in first })
    }

    /// Unreserved characters (RFC 3986 §2.3) stay; everything else is `%XX` of its UTF-8 bytes,
    /// space as `+`.
    public static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                output.append("+")
            default:
                output += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return output
    }

    /// Percent-decoding (`+` as a space); the bytes must be UTF-8.
    public static func unescape(_ text: some StringProtocol) throws(OpenID4VCError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw OpenID4VCError(.invalidMessage, "an invalid percent escape")
                }
                bytes.append(high << 4 | low)
            default:
                bytes.append(byte)
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw OpenID4VCError(.invalidMessage, "a percent-encoded value that is not UTF-8")
        }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
