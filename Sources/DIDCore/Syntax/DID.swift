#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A decentralized identifier (DID Core 1.0 §3.1):
///
///     did                = "did:" method-name ":" method-specific-id
///     method-name        = 1*method-char            ; %x61-7A / DIGIT
///     method-specific-id = *( *idchar ":" ) 1*idchar
///     idchar             = ALPHA / DIGIT / "." / "-" / "_" / pct-encoded
public struct DID: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// The method name, for example `key` or `jwk`.
    public let method: String
    /// The method-specific identifier, exactly as written (percent-encodings are not decoded).
    public let methodSpecificId: String

    /// The longest DID accepted, to bound the work done on hostile input.
    public static let maximumLength = 8192

    /// Parses `text` as a DID; fails with `invalidDid` and a message that says what is wrong.
    public init(parsing text: String) throws(DIDError) {
        var text = text
        self = try text.withUTF8 { bytes in Result { () throws(DIDError) in try DID(utf8: bytes) } }.get()
    }

    /// Parses a DID given as UTF-8 bytes (also a DID URL's first part, without a copy).
    init(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(DIDError) {
        guard bytes.count <= DID.maximumLength else {
            throw DIDError(.invalidDid, "a DID longer than \(DID.maximumLength) bytes")
        }
        var index = 0
        guard bytes.count >= 4, bytes[index] == UInt8(ascii: "d"), bytes[index + 1] == UInt8(ascii: "i"),
              bytes[index + 2] == UInt8(ascii: "d"), bytes[index + 3] == UInt8(ascii: ":") else {
            throw DIDError(.invalidDid, "a DID starts with \"did:\"")
        }
        index += 4
        let methodStart = index
        while index < bytes.count, DIDSyntax.isMethodChar(bytes[index]) { index += 1 }
        guard index > methodStart else {
            throw DIDError(.invalidDid, "the method name is empty or not lowercase letters and digits")
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
            throw DIDError(.invalidDid, "the method name must be lowercase letters and digits followed by ':'")
        }
        let method = String(decoding: UnsafeBufferPointer(rebasing: bytes[methodStart..<index]), as: UTF8.self)
        index += 1
        let idStart = index
        guard index < bytes.count else { throw DIDError(.invalidDid, "the method-specific identifier is empty") }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard DIDSyntax.isPercentEncoding(bytes, at: index) else {
                    throw DIDError(.invalidDid, "'%' must be followed by two hexadecimal digits")
                }
                index += 3
            } else if byte == UInt8(ascii: ":") || DIDSyntax.isIdChar(byte) {
                index += 1
            } else {
                throw DIDError(.invalidDid, "character '\(DIDSyntax.describe(byte))' is not allowed in a method-specific identifier")
            }
        }
        guard bytes.last != UInt8(ascii: ":") else {
            throw DIDError(.invalidDid, "the method-specific identifier must not end with ':'")
        }
        self.method = method
        self.methodSpecificId = String(decoding: UnsafeBufferPointer(rebasing: bytes[idStart...]), as: UTF8.self)
    }

    /// Builds a DID from parts already known to be valid (the methods' own constructors).
    init(uncheckedMethod method: String, methodSpecificId: String) {
        self.method = method
        self.methodSpecificId = methodSpecificId
    }

    /// The DID as text: `did:<method>:<method-specific-id>`.
    public var description: String { "did:\(method):\(methodSpecificId)" }

    /// Whether `text` is exactly this DID, code unit for code unit, without building the DID's
    /// text. (`description == text` would apply Unicode canonical equivalence: U+212A KELVIN
    /// SIGN would pass for "K".)
    public func isWritten(as text: String) -> Bool {
        var (text, method, id) = (text, method, methodSpecificId)
        let methodEnd = 4 + method.utf8.count
        guard text.utf8.count == methodEnd + 1 + id.utf8.count else { return false }
        return text.withUTF8 { written in
            method.withUTF8 { method in
                id.withUTF8 { id in
                    written[0] == UInt8(ascii: "d") && written[1] == UInt8(ascii: "i") && written[2] == UInt8(ascii: "d")
                        && written[3] == UInt8(ascii: ":") && written[methodEnd] == UInt8(ascii: ":")
                        && method.baseAddress.map { memcmp(written.baseAddress! + 4, $0, method.count) == 0 } ?? true
                        && id.baseAddress.map { memcmp(written.baseAddress! + methodEnd + 1, $0, id.count) == 0 } ?? true
                }
            }
        }
    }

    /// Orders DIDs by their text, for stable listings.
    public static func < (lhs: DID, rhs: DID) -> Bool { lhs.description < rhs.description }
}

/// Character classes of DID Core §3.1 and RFC 3986 §3.3–3.5.
enum DIDSyntax {
    @inline(__always) static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isHex(_ b: UInt8) -> Bool { isDigit(b) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x66) }

    @inline(__always) static func isMethodChar(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || isDigit(b) }

    @inline(__always) static func isIdChar(_ b: UInt8) -> Bool {
        isAlpha(b) || isDigit(b) || b == UInt8(ascii: ".") || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
    }

    @inline(__always) static func isPercentEncoding(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        index + 2 < bytes.count && isHex(bytes[index + 1]) && isHex(bytes[index + 2])
    }

    /// RFC 3986 `pchar` less `pct-encoded`: unreserved, sub-delims, ':' and '@'.
    @inline(__always) static func isPChar(_ b: UInt8) -> Bool {
        if isAlpha(b) || isDigit(b) { return true }
        switch b {
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"),  // unreserved
             UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
             UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"),
             UInt8(ascii: "="),  // sub-delims
             UInt8(ascii: ":"), UInt8(ascii: "@"):
            return true
        default:
            return false
        }
    }

    static func describe(_ byte: UInt8) -> String {
        byte >= 0x21 && byte < 0x7F ? String(Character(Unicode.Scalar(byte))) : "0x" + String(byte, radix: 16)
    }
}
