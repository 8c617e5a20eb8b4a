import DIDCore
import Foundation
public import StrictJSON
import WalletCrypto

/// An SD-JWT disclosure (RFC 9901 §4.2): base64url of the JSON array `[salt, name, value]` for
/// an object property, or `[salt, value]` for an array element.
public struct Disclosure: Sendable, Hashable {
    /// The disclosure as it travels (base64url); its digest is computed over these ASCII bytes.
    public let encoded: String
    /// The salt: at least 128 bits of randomness when this library issues (security requirement 21).
    public let salt: String
    /// The claim name, or `nil` for an array element.
    public let claimName: String?
    /// The disclosed value.
    public let value: JSONValue

    /// Parses a disclosure strictly (§4.2.1–4.2.2): canonical base64url, strict JSON (no
    /// duplicate names), two or three elements, a string salt, a string name other than `_sd`
    /// and `...`.
    public init(parsing encoded: String) throws(VCError) {
        let bytes: [UInt8]
        do { bytes = try Base64URL.decode(encoded) } catch {
            throw VCError(.invalidDisclosure, "a disclosure is not canonical base64url")
        }
        let json: JSONValue
        do { json = try JSONParser(options: .init(maxDepth: 64, maxBytes: 1 << 20)).parse(bytes) } catch {
            throw VCError(error.code == .duplicateKey ? .duplicateKey : .invalidDisclosure, "a disclosure is not strict JSON: \(error)")
        }
        guard let elements = json.arrayValue, elements.count == 2 || elements.count == 3 else {
            throw VCError(.invalidDisclosure, "a disclosure is a JSON array of two or three elements")
        }
        guard let salt = elements[0].stringValue else { throw VCError(.invalidDisclosure, "a disclosure's salt must be a string") }
        if elements.count == 3 {
            guard let name = elements[1].stringValue else { throw VCError(.invalidDisclosure, "a disclosure's claim name must be a string") }
            guard name != "_sd", name != "..." else {
                throw VCError(.invalidDisclosure, "the claim name \(name) may not be disclosed")
            }
            claimName = name
            value = elements[2]
        } else {
            claimName = nil
            value = elements[1]
        }
        self.encoded = encoded
        self.salt = salt
    }

    /// A new disclosure with a fresh 128-bit salt from the CSPRNG (security requirement 21).
    public init(claimName: String?, value: JSONValue, salt: String? = nil) {
        let salt = salt ?? Base64URL.encode(SecureRandom.bytes(count: 16))
        var elements: [JSONValue] = [.string(salt)]
        if let claimName { elements.append(.string(claimName)) }
        elements.append(value)
        self.encoded = Base64URL.encode(JSONSerializer().serialize(.array(elements)))
        self.salt = salt
        self.claimName = claimName
        self.value = value
    }

    /// `base64url(hash(ASCII(disclosure)))` (§4.2.3).
    public func digest(_ algorithm: SDHashAlgorithm = .sha256) -> String {
        var encoded = encoded
        return Base64URL.encode(encoded.withUTF8 { algorithm.hash(UnsafeRawBufferPointer($0)) })
    }
}

/// The `_sd_alg` values this library supports (IANA "Named Information Hash Algorithm" names).
/// libsodium offers SHA-256 and SHA-512; `sha-384` is refused with `unsupportedHashAlgorithm`.
public enum SDHashAlgorithm: String, Sendable, CaseIterable {
    /// SHA-256, the default.
    case sha256 = "sha-256"
    /// SHA-512.
    case sha512 = "sha-512"

    func hash(_ bytes: some ContiguousBytes) -> [UInt8] {
        switch self {
        case .sha256: SHA256.hash(bytes)
        case .sha512: SHA512.hash(bytes)
        }
    }
}
