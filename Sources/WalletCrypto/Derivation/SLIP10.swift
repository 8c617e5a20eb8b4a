/// SLIP-0010 hierarchical derivation for Ed25519: only hardened children exist.
///
///     master:  I = HMAC-SHA512(key: "ed25519 seed", seed);  k = I[0..<32], c = I[32..<64]
///     child i: I = HMAC-SHA512(key: c, 0x00 || k || ser32(i + 2^31))
public enum SLIP10 {
    /// The offset of hardened indexes (2^31).
    public static let hardenedOffset: UInt32 = 0x8000_0000

    /// A derived node: the private key (an Ed25519 seed) and its chain code, in secure memory.
    public struct Node: Sendable, CustomStringConvertible {
        /// The node's private key: a 32-byte Ed25519 seed (SLIP-0010, the left half of the HMAC-SHA512 output).
        public let privateKey: SecureBytes
        /// The node's 32-byte chain code (the right half), needed to derive children.
        public let chainCode: SecureBytes
        /// A redacted description: neither the key nor the chain code.
        public var description: String { "SLIP10.Node(redacted)" }
    }

    /// Parses a path such as `m/44'/0'/1'`; every component must be hardened (`'` or `h`).
    public static func parsePath(_ text: String) throws(CryptoError) -> [UInt32] {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.first == "m" else { throw CryptoError(.invalidDerivationPath, "a path starts with \"m\"") }
        var indexes: [UInt32] = []
        for part in parts.dropFirst() {
            guard part.hasSuffix("'") || part.hasSuffix("h"), let value = UInt32(part.dropLast()), value < hardenedOffset else {
                throw CryptoError(.invalidDerivationPath, "path component \"\(part)\" is not a hardened index below 2^31")
            }
            indexes.append(value + hardenedOffset)
        }
        return indexes
    }

    /// Derives the node at `path` (hardened indexes, each ≥ 2^31) from a BIP-39 seed.
    public static func derive(seed: SecureBytes, path: [UInt32]) throws(CryptoError) -> Node {
        var node = split(seed.withUnsafeBytes { HMACSHA512.secureAuthenticationCode(for: $0, key: Array("ed25519 seed".utf8)) })
        for index in path {
            guard index >= hardenedOffset else {
                throw CryptoError(.invalidDerivationPath, "Ed25519 derivation supports hardened indexes only")
            }
            let data = SecureBytes(count: 37) { buffer in
                node.privateKey.withUnsafeBytes { key in SecureBytes.copySecret(key, into: buffer, at: 1) }
                buffer[33] = UInt8(index >> 24 & 0xFF)
                buffer[34] = UInt8(index >> 16 & 0xFF)
                buffer[35] = UInt8(index >> 8 & 0xFF)
                buffer[36] = UInt8(index & 0xFF)
            }
            let mac = node.chainCode.withUnsafeBytes { chain in
                data.withUnsafeBytes { HMACSHA512.secureAuthenticationCode(for: $0, key: chain) }
            }
            node = split(mac)
        }
        return node
    }

    private static func split(_ mac: SecureBytes) -> Node {
        mac.withUnsafeBytes { bytes in
            Node(privateKey: SecureBytes(copying: UnsafeRawBufferPointer(rebasing: bytes[0..<32])),
                 chainCode: SecureBytes(copying: UnsafeRawBufferPointer(rebasing: bytes[32..<64])))
        }
    }
}
