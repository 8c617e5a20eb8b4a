/// BIP-32 hierarchical derivation of private keys for the ECDSA curves, with SLIP-0010's rules
/// (a master or child value that is not a valid scalar is hashed again rather than skipped, so
/// every index has a key; for secp256k1 this is BIP-32 itself, short of a 2^-127 event).
///
///     master:   I = HMAC-SHA512(key: curve seed string, S); retry with S := I while I_L ∉ 1…n−1
///     hardened: I = HMAC-SHA512(key: c, 0x00 || k || ser32(i)),  i ≥ 2^31
///     normal:   I = HMAC-SHA512(key: c, serP(point(k)) || ser32(i))
///     child:    k_i = I_L + k mod n, c_i = I_R; if I_L ≥ n or k_i = 0:
///               I = HMAC-SHA512(key: c, 0x01 || I_R || ser32(i)) and try again
///
/// Every private value (keys, chain codes, HMAC inputs and outputs) stays in ``SecureBytes``.
public enum BIP32 {
    /// The offset of hardened indexes (2^31).
    public static let hardenedOffset: UInt32 = 0x8000_0000

    /// The curves, by their SLIP-0010 names.
    public enum Curve: Sendable, Hashable {
        /// secp256k1, master key string "Bitcoin seed" (BIP-32).
        case secp256k1
        /// NIST P-256, master key string "Nist256p1 seed" (SLIP-0010).
        case nist256p1

        var masterKeyString: [UInt8] {
            switch self {
            case .secp256k1: Array("Bitcoin seed".utf8)
            case .nist256p1: Array("Nist256p1 seed".utf8)
            }
        }

        var order: [UInt8] {
            switch self {
            case .secp256k1: Secp256k1.order
            case .nist256p1: P256.order
            }
        }

        /// serP(point(k)): the SEC 1 compressed public key of a valid scalar.
        func compressedPublicKey(_ scalar: SecureBytes) -> [UInt8] {
            switch self {
            case .secp256k1: try! Secp256k1.PrivateKey(scalar: scalar).publicKey.compressedRepresentation
            case .nist256p1: try! P256.PrivateKey(scalar: scalar).publicKey.compressedRepresentation
            }
        }
    }

    /// A derived node: the private scalar and chain code in secure memory, and the compressed
    /// public key.
    public struct Node: Sendable, CustomStringConvertible {
        /// The curve the scalar belongs to.
        public let curve: Curve
        /// The 32-byte private scalar k.
        public let privateKey: SecureBytes
        /// The 32-byte chain code c.
        public let chainCode: SecureBytes
        /// serP(point(k)): the 33-byte SEC 1 compressed public key.
        public let publicKey: [UInt8]

        /// The curve and the public key; the private key and chain code are redacted.
        public var description: String { "BIP32.Node(\(curve), publicKey: \(Hex.encode(publicKey)), redacted)" }
    }

    /// The Ethereum account path of BIP-44 (coin type 60, SLIP-0044): m/44'/60'/0'/0/`index`.
    public static func ethereumPath(index: UInt32) throws(CryptoError) -> [UInt32] {
        guard index < hardenedOffset else { throw CryptoError(.invalidDerivationPath, "an address index is below 2^31") }
        return [44 + hardenedOffset, 60 + hardenedOffset, hardenedOffset, 0, index]
    }

    /// Parses a path such as `m/44'/60'/0'/0/7`: `'` or `h` marks a hardened index; every index
    /// is below 2^31 as written.
    public static func parsePath(_ text: String) throws(CryptoError) -> [UInt32] {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.first == "m" else { throw CryptoError(.invalidDerivationPath, "a path starts with \"m\"") }
        var indexes: [UInt32] = []
        for part in parts.dropFirst() {
            let hardened = part.hasSuffix("'") || part.hasSuffix("h")
            let digits = hardened ? part.dropLast() : part[...]
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = UInt32(digits), value < hardenedOffset else {
                throw CryptoError(.invalidDerivationPath, "path component \"\(part)\" is not an index below 2^31")
            }
            indexes.append(hardened ? value + hardenedOffset : value)
        }
        return indexes
    }

    /// Derives the node at `path` on `curve` from a BIP-39 seed (16 to 64 bytes).
    public static func derive(seed: SecureBytes, curve: Curve, path: [UInt32]) throws(CryptoError) -> Node {
        guard (16...64).contains(seed.count) else {
            throw CryptoError(.invalidParameter, "a BIP-32 seed has 16 to 64 bytes, got \(seed.count)")
        }
        var node = master(seed: seed, curve: curve)
        for index in path { node = child(of: node, index: index) }
        return node
    }

    private static func master(seed: SecureBytes, curve: Curve) -> Node {
        var mac = seed.withUnsafeBytes { HMACSHA512.secureAuthenticationCode(for: $0, key: curve.masterKeyString) }
        while true {
            if let scalar = validScalar(mac, curve: curve) {
                return makeNode(curve: curve, privateKey: scalar, chainCode: mac)
            }
            mac = mac.withUnsafeBytes { HMACSHA512.secureAuthenticationCode(for: $0, key: curve.masterKeyString) }
        }
    }

    private static func child(of parent: Node, index: UInt32) -> Node {
        let data = SecureBytes(count: 37) { buffer in
            if index >= hardenedOffset {
                parent.privateKey.withUnsafeBytes { SecureBytes.copySecret($0, into: buffer, at: 1) }  // buffer[0] stays 0x00
            } else {
                parent.publicKey.withUnsafeBytes { SecureBytes.copySecret($0, into: buffer, at: 0) }
            }
            writeIndex(index, into: buffer)
        }
        var mac = parent.chainCode.withUnsafeBytes { chain in data.withUnsafeBytes { HMACSHA512.secureAuthenticationCode(for: $0, key: chain) } }
        while true {
            if let scalar = childScalar(mac, parent: parent.privateKey, curve: parent.curve) {
                return makeNode(curve: parent.curve, privateKey: scalar, chainCode: mac)
            }
            // I_L ≥ n or k_i = 0: SLIP-0010 hashes 0x01 || I_R || ser32(i) under the same chain code.
            let retry = SecureBytes(count: 37) { buffer in
                buffer[0] = 0x01
                mac.withUnsafeBytes { SecureBytes.copySecret(UnsafeRawBufferPointer(rebasing: $0[32..<64]), into: buffer, at: 1) }
                writeIndex(index, into: buffer)
            }
            mac = parent.chainCode.withUnsafeBytes { chain in retry.withUnsafeBytes { HMACSHA512.secureAuthenticationCode(for: $0, key: chain) } }
        }
    }

    /// I_L as a scalar when it is in 1…n−1.
    private static func validScalar(_ mac: SecureBytes, curve: Curve) -> SecureBytes? {
        let valid = mac.withUnsafeBytes { bytes in
            let left = UnsafeRawBufferPointer(rebasing: bytes[0..<32])
            return curve.order.withUnsafeBytes { ScalarBytes.isLess(left, than: $0) } && !ScalarBytes.isZero(left)
        }
        return valid ? mac.prefix(32) : nil
    }

    /// I_L + k mod n when I_L < n and the sum is not 0.
    private static func childScalar(_ mac: SecureBytes, parent: SecureBytes, curve: Curve) -> SecureBytes? {
        var valid = false
        let sum = SecureBytes(count: 32) { output in
            // The subtraction's intermediate goes to a second secure buffer, released at once.
            _ = SecureBytes(count: 32) { scratch in
                mac.withUnsafeBytes { bytes in
                    let left = UnsafeRawBufferPointer(rebasing: bytes[0..<32])
                    curve.order.withUnsafeBytes { order in
                        guard ScalarBytes.isLess(left, than: order) else { return }
                        parent.withUnsafeBytes { ScalarBytes.addModulo(left, $0, modulus: order, into: output, scratch: scratch) }
                        valid = !ScalarBytes.isZero(UnsafeRawBufferPointer(output))
                    }
                }
            }
        }
        return valid ? sum : nil
    }

    private static func makeNode(curve: Curve, privateKey: SecureBytes, chainCode mac: SecureBytes) -> Node {
        let chainCode = mac.withUnsafeBytes { SecureBytes(copying: UnsafeRawBufferPointer(rebasing: $0[32..<64])) }
        return Node(curve: curve, privateKey: privateKey, chainCode: chainCode, publicKey: curve.compressedPublicKey(privateKey))
    }

    /// ser32(i) into the last four bytes of a 37-byte HMAC input.
    private static func writeIndex(_ index: UInt32, into buffer: UnsafeMutableRawBufferPointer) {
        buffer[33] = UInt8(index >> 24 & 0xFF)
        buffer[34] = UInt8(index >> 16 & 0xFF)
        buffer[35] = UInt8(index >> 8 & 0xFF)
        buffer[36] = UInt8(index & 0xFF)
    }
}
