/// `application/x-www-form-urlencoded` (WHATWG URL §5) for the presentation messages: request
/// query strings, the POST to `request_uri`, the response to `response_uri`.
enum PresentationForm {
    /// The most parameters a form may have here.
    static let maximumParameters = 64

    /// Decodes `a=b&c=d` (`+` is a space, `%XX` a byte; the bytes must be UTF-8). A name given
    /// twice is refused: OAuth parameters appear once (RFC 6749 §3.1).
    static func decode(_ text: Substring) throws(OpenID4VCError) -> [String: String] {
        var output: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            guard output.count < maximumParameters else {
                throw OpenID4VCError(.messageTooLarge, "a request has at most \(maximumParameters) parameters")
            }
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try percentDecode(parts[0]), value = parts.count > 1 ? try percentDecode(parts[1]) : ""
            guard output.updateValue(value, forKey: name) == nil else {
                throw OpenID4VCError(.invalidMessage, "the parameter \(name) appears twice")
            }
        }
        return output
    }

    /// Encodes parameters in the order given; everything but `A-Z a-z 0-9 * - . _` is escaped
    /// (a space as `+`).
    static func encode(_ parameters: [(String, String)]) -> String {
        parameters.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&")
    }

    static func percentEncode(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                output += "+"
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                output += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]], as: UTF8.self)
            }
        }
        return output
    }

    static func percentDecode(_ text: Substring) throws(OpenID4VCError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw OpenID4VCError(.invalidMessage, "a malformed percent escape")
                }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw OpenID4VCError(.invalidMessage, "a parameter is not UTF-8")
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
