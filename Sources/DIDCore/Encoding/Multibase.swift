/// Multibase (draft-multiformats-multibase): a one-character prefix names the encoding.
///
/// Supported: `z` base58btc, `u` base64url, `U` base64urlpad, `m` base64, `M` base64pad,
/// `f`/`F` base16. Every other registered prefix is refused with `unsupportedMultibase`, and an
/// unregistered one with `invalidMultibase`.
public enum Multibase: Character, Sendable, CaseIterable {
    /// `z`: base58btc, the encoding of did:key and Multikey.
    case base58btc = "z"
    /// `u`: base64url without padding.
    case base64url = "u"
    /// `U`: base64url with padding.
    case base64urlpad = "U"
    /// `m`: base64 without padding.
    case base64 = "m"
    /// `M`: base64 with padding.
    case base64pad = "M"
    /// `f`: lowercase hexadecimal.
    case base16 = "f"
    /// `F`: uppercase hexadecimal.
    case base16upper = "F"

    /// Prefixes of the multibase table that this implementation does not decode.
    static let registeredButUnsupported: Set<Character> = [
        "0", "7", "9", "v", "V", "t", "T", "b", "B", "c", "C", "h", "k", "K", "R", "Z", "p", "🚀",
    ]

    /// `prefix || encoding(bytes)`.
    public func encode(_ bytes: [UInt8]) -> String {
        let body: String = switch self {
        case .base58btc: Base58.encode(bytes)
        case .base64url: Base64Codec.encode(bytes, alphabet: Base64Codec.urlAlphabet, padded: false)
        case .base64urlpad: Base64Codec.encode(bytes, alphabet: Base64Codec.urlAlphabet, padded: true)
        case .base64: Base64Codec.encode(bytes, alphabet: Base64Codec.standardAlphabet, padded: false)
        case .base64pad: Base64Codec.encode(bytes, alphabet: Base64Codec.standardAlphabet, padded: true)
        case .base16: bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        case .base16upper: bytes.map { String($0, radix: 16, uppercase: true).leftPadded(to: 2) }.joined()
        }
        return String(rawValue) + body
    }

    /// Decodes any supported multibase string, returning the encoding and the bytes.
    public static func decode(_ text: String) throws(DIDError) -> (encoding: Multibase, bytes: [UInt8]) {
        guard let prefix = text.first else {
            throw DIDError(.invalidMultibase, "empty multibase string")
        }
        guard let encoding = Multibase(rawValue: prefix) else {
            if registeredButUnsupported.contains(prefix) {
                throw DIDError(.unsupportedMultibase, "multibase prefix '\(prefix)' is not supported (supported: z, u, U, m, M, f, F)")
            }
            throw DIDError(.invalidMultibase, "unknown multibase prefix '\(prefix)'")
        }
        let body = Array(text.dropFirst().utf8)
        let bytes: [UInt8]
        do throws(DIDError) {
            switch encoding {
            case .base58btc: bytes = try Base58.decode(utf8: body)
            case .base64url: bytes = try Base64Codec.decode(body, tables: Base64Codec.urlDecoding, padding: .forbidden)
            case .base64urlpad: bytes = try Base64Codec.decode(body, tables: Base64Codec.urlDecoding, padding: .required)
            case .base64: bytes = try Base64Codec.decode(body, tables: Base64Codec.standardDecoding, padding: .forbidden)
            case .base64pad: bytes = try Base64Codec.decode(body, tables: Base64Codec.standardDecoding, padding: .required)
            case .base16, .base16upper: bytes = try decodeBase16(body)
            }
        } catch {
            throw DIDError(.invalidMultibase, "invalid \(encoding) multibase: \(error.message)")
        }
        return (encoding, bytes)
    }

    /// Decodes a string that must use `expected` (for example `z` in `publicKeyMultibase`).
    public static func decode(_ text: String, expecting expected: Multibase) throws(DIDError) -> [UInt8] {
        guard text.first == expected.rawValue else {
            throw DIDError(.invalidMultibase, "expected the multibase prefix '\(expected.rawValue)'")
        }
        return try decode(text).bytes
    }

    /// Hexadecimal, either case (multibase treats base16 case-insensitively).
    private static func decodeBase16(_ body: [UInt8]) throws(DIDError) -> [UInt8] {
        guard body.count % 2 == 0 else { throw DIDError(.invalidMultibase, "odd-length base16") }
        var output: [UInt8] = []
        output.reserveCapacity(body.count / 2)
        var index = 0
        while index < body.count {
            guard let high = hexValue(body[index]), let low = hexValue(body[index + 1]) else {
                throw DIDError(.invalidMultibase, "invalid base16 character")
            }
            output.append(high << 4 | low)
            index += 2
        }
        return output
    }

    private static func hexValue(_ character: UInt8) -> UInt8? {
        switch character {
        case 48...57: character - 48
        case 97...102: character - 87
        case 65...70: character - 55
        default: nil
        }
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
