public import Foundation

/// An Ethereum account address: the last 20 bytes of Keccak-256 of a secp256k1 public key's
/// 64-byte X || Y (Ethereum Yellow Paper, appendix F), as did:nda uses it.
public struct EthereumAddress: Hashable, Sendable, CustomStringConvertible {
    /// Length of an address in bytes.
    public static let length = 20

    /// The 20 address bytes.
    public let rawRepresentation: [UInt8]

    /// Wraps 20 address bytes.
    public init(rawRepresentation: some ContiguousBytes) throws(CryptoError) {
        let bytes = rawRepresentation.withUnsafeBytes { Array($0) }
        guard bytes.count == Self.length else {
            throw CryptoError(.invalidAddress, "an Ethereum address has 20 bytes, got \(bytes.count)")
        }
        self.rawRepresentation = bytes
    }

    /// The address of `publicKey`: Keccak-256(X || Y)[12..<32].
    public init(publicKey: Secp256k1.PublicKey) {
        self.rawRepresentation = Array(Keccak256.hash(publicKey.rawRepresentation)[12...])
    }

    /// Parses `0x` and 40 hex digits. All-lowercase and all-uppercase digits are taken as they
    /// are; mixed case must be the EIP-55 checksum form, or `invalidAddressChecksum` is thrown.
    public init(string: some StringProtocol) throws(CryptoError) {
        let utf8 = Array(string.utf8)
        guard utf8.count == 42, utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "x"),
              let bytes = Hex.decode(String(decoding: utf8[2...], as: UTF8.self)) else {
            throw CryptoError(.invalidAddress, "an Ethereum address is 0x and 40 hexadecimal digits")
        }
        self.rawRepresentation = bytes
        let digits = utf8[2...]
        let hasLower = digits.contains { (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
        let hasUpper = digits.contains { (UInt8(ascii: "A")...UInt8(ascii: "F")).contains($0) }
        if hasLower && hasUpper && String(decoding: digits, as: UTF8.self) != String(checksummed.dropFirst(2)) {
            throw CryptoError(.invalidAddressChecksum, "the mixed-case address does not match its EIP-55 checksum")
        }
    }

    /// `0x` and 40 lowercase hex digits (the form did:nda uses).
    public var lowercased: String { "0x" + Hex.encode(rawRepresentation) }

    /// The EIP-55 mixed-case checksum form: a letter is upper case when the matching nibble of
    /// Keccak-256(ASCII of the lowercase hex digits) is 8 or more.
    public var checksummed: String {
        let digits = Array(Hex.encode(rawRepresentation).utf8)
        let hash = Keccak256.hash(digits)
        var output = Array("0x".utf8)
        for (index, digit) in digits.enumerated() {
            let nibble = index % 2 == 0 ? hash[index / 2] >> 4 : hash[index / 2] & 0x0F
            let isLetter = digit >= UInt8(ascii: "a")
            output.append(isLetter && nibble >= 8 ? digit - 32 : digit)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The lowercase form.
    public var description: String { lowercased }
}
