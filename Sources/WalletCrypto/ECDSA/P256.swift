internal import Crypto
public import Foundation

/// ECDSA on NIST P-256 with SHA-256 (FIPS 186-5 §6; JOSE `ES256`, RFC 7518 §3.4), computed by
/// apple/swift-crypto (BoringSSL on Linux).
///
/// Signatures are the fixed-width `r || s` form (IEEE P1363, 64 bytes). Verification accepts
/// either `s` (FIPS 186-5 and RFC 7518 have no low-S rule, and RFC 7515's own ES256 example has a
/// high `s`); the signatures this type makes are always low-S. See
/// docs/decisions/0025-secp256k1-and-swift-crypto.md for what swift-crypto does with the secret.
public enum P256 {
    /// Length of a private scalar and of one coordinate.
    public static let privateKeyLength = 32
    /// Length of a SEC 1 compressed public key (`02`/`03` || X).
    public static let compressedPublicKeyLength = 32 + 1
    /// Length of a SEC 1 uncompressed public key (`04` || X || Y).
    public static let uncompressedPublicKeyLength = 2 * 32 + 1
    /// Length of a signature `r || s`.
    public static let signatureLength = 2 * 32

    /// The group order n (FIPS 186-5 / SP 800-186 §3.2.1), big-endian.
    static let order: [UInt8] = Hex.decode("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551")!
    /// ⌊n / 2⌋, the largest `s` of a low-S signature.
    static let halfOrder: [UInt8] = Hex.decode("7fffffff800000007fffffffffffffffde737d56d38bcf4279dce5617e3192a8")!
}

extension P256 {
    /// A P-256 public key: a point on the curve, validated when parsed.
    public struct PublicKey: Hashable, Sendable, CustomStringConvertible {
        /// swift-crypto's parsed key (kept so that verification does not parse again).
        let key: Crypto.P256.Signing.PublicKey
        /// The SEC 1 compressed encoding.
        public let compressedRepresentation: [UInt8]

        /// Parses a SEC 1 compressed key (`02` or `03` || X); X must be the x-coordinate of a
        /// point on the curve.
        public init(compressedRepresentation: some ContiguousBytes) throws(CryptoError) {
            let bytes = compressedRepresentation.withUnsafeBytes { Array($0) }
            guard bytes.count == P256.compressedPublicKeyLength else {
                throw CryptoError(.invalidKeyLength, "a compressed P-256 public key has \(P256.compressedPublicKeyLength) bytes, got \(bytes.count)")
            }
            guard bytes[0] == 0x02 || bytes[0] == 0x03,
                  let key = try? Crypto.P256.Signing.PublicKey(compressedRepresentation: bytes) else {
                throw CryptoError(.invalidPublicKey, "not a compressed point on P-256")
            }
            self.init(key: key)
        }

        /// Parses a SEC 1 uncompressed key (`04` || X || Y); the point must be on the curve.
        public init(uncompressedRepresentation: some ContiguousBytes) throws(CryptoError) {
            let bytes = uncompressedRepresentation.withUnsafeBytes { Array($0) }
            guard bytes.count == P256.uncompressedPublicKeyLength else {
                throw CryptoError(.invalidKeyLength, "an uncompressed P-256 public key has \(P256.uncompressedPublicKeyLength) bytes, got \(bytes.count)")
            }
            guard bytes[0] == 0x04, let key = try? Crypto.P256.Signing.PublicKey(x963Representation: bytes) else {
                throw CryptoError(.invalidPublicKey, "not an uncompressed point on P-256")
            }
            self.init(key: key)
        }

        /// Parses either SEC 1 form, chosen by length.
        public init(sec1Representation: some ContiguousBytes) throws(CryptoError) {
            let bytes = sec1Representation.withUnsafeBytes { Array($0) }
            if bytes.count == P256.compressedPublicKeyLength {
                try self.init(compressedRepresentation: bytes)
            } else {
                try self.init(uncompressedRepresentation: bytes)
            }
        }

        /// Takes the affine coordinates (a JWK's `x` and `y`, RFC 7518 §6.2.1.2: each exactly
        /// 32 bytes); the point must be on the curve.
        public init(x: some ContiguousBytes, y: some ContiguousBytes) throws(CryptoError) {
            let xBytes = x.withUnsafeBytes { Array($0) }, yBytes = y.withUnsafeBytes { Array($0) }
            guard xBytes.count == P256.privateKeyLength, yBytes.count == P256.privateKeyLength else {
                throw CryptoError(.invalidKeyLength, "P-256 coordinates have 32 bytes each, got \(xBytes.count) and \(yBytes.count)")
            }
            try self.init(uncompressedRepresentation: [0x04] + xBytes + yBytes)
        }

        init(key: Crypto.P256.Signing.PublicKey) {
            self.key = key
            self.compressedRepresentation = Array(key.compressedRepresentation)
        }

        /// The SEC 1 uncompressed encoding (`04` || X || Y).
        public var uncompressedRepresentation: [UInt8] { Array(key.x963Representation) }
        /// The x-coordinate (a JWK's `x`).
        public var x: [UInt8] { Array(uncompressedRepresentation[1...P256.privateKeyLength]) }
        /// The y-coordinate (a JWK's `y`).
        public var y: [UInt8] { Array(uncompressedRepresentation[(P256.privateKeyLength + 1)...]) }

        /// Whether `signature` (`r || s`, 64 bytes) is valid over SHA-256(`message`).
        public func isValidSignature(_ signature: some ContiguousBytes, for message: some ContiguousBytes) -> Bool {
            signature.withUnsafeBytes { signatureBytes in
                guard signatureBytes.count == P256.signatureLength,
                      let parsed = try? Crypto.P256.Signing.ECDSASignature(rawRepresentation: signatureBytes) else { return false }
                return message.withUnsafeBytes { key.isValidSignature(parsed, for: $0) }
            }
        }

        /// Whether `signature` is valid over SHA-256(`message`).
        public func isValidSignature(_ signature: Signature, for message: some ContiguousBytes) -> Bool {
            isValidSignature(signature.rawRepresentation, for: message)
        }

        /// Verifies `signature` over SHA-256(`message`); throws `invalidSignature` when it does not.
        public func verify(_ signature: Signature, for message: some ContiguousBytes) throws(CryptoError) {
            guard isValidSignature(signature.rawRepresentation, for: message) else {
                throw CryptoError(.invalidSignature, "the P-256 signature does not verify")
            }
        }

        /// Equal when the compressed encodings are equal.
        public static func == (lhs: PublicKey, rhs: PublicKey) -> Bool { lhs.compressedRepresentation == rhs.compressedRepresentation }
        /// Hashes the compressed encoding, as `==` compares.
        public func hash(into hasher: inout Hasher) { hasher.combine(compressedRepresentation) }
        /// The type and the hex encoding, for logs.
        public var description: String { "P256.PublicKey(\(Hex.encode(compressedRepresentation)))" }
    }

    /// An ECDSA signature `r || s` (64 bytes): the JOSE form. Only the length is checked when
    /// it is made; `r` and `s` outside 1…n−1 never verify.
    public struct Signature: Hashable, Sendable, CustomStringConvertible {
        /// The bytes `r || s`.
        public let rawRepresentation: [UInt8]

        /// Wraps an `r || s` signature; a DER signature or any other length is refused.
        public init(rawRepresentation: some ContiguousBytes) throws(CryptoError) {
            let bytes = rawRepresentation.withUnsafeBytes { Array($0) }
            guard bytes.count == P256.signatureLength else {
                throw CryptoError(.invalidSignatureLength, "a P-256 signature r || s has \(P256.signatureLength) bytes, got \(bytes.count)")
            }
            self.rawRepresentation = bytes
        }

        init(uncheckedBytes: [UInt8]) { self.rawRepresentation = uncheckedBytes }

        /// Whether `s ≤ n/2`.
        public var isLowS: Bool { ScalarBytes.hasLowS(rawRepresentation, halfOrder: P256.halfOrder) }

        /// The low-S twin `(r, n − s)` of a high-S signature; the signature itself otherwise.
        public var lowSForm: Signature {
            Signature(uncheckedBytes: ScalarBytes.lowSForm(rawRepresentation, order: P256.order, halfOrder: P256.halfOrder))
        }

        /// The type and the hex encoding, for logs.
        public var description: String { "P256.Signature(\(Hex.encode(rawRepresentation)))" }
    }

    /// A P-256 private key.
    ///
    /// The scalar lives in ``SecureBytes``. swift-crypto's key object (BoringSSL's `EC_KEY`, in
    /// ordinary heap memory that BoringSSL zeroes when it frees it) exists only for the moment of
    /// computing the public key or a signature, built from the secure bytes and released at once.
    /// The scalar leaves only through ``unsafeExportScalar()``.
    public struct PrivateKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
        private let scalar: SecureBytes
        /// The public key of this scalar.
        public let publicKey: PublicKey

        /// A new key from libsodium's CSPRNG (drawn again in the negligible case of 0 or ≥ n).
        public init() {
            while true {
                if let key = try? Self(scalar: SecureBytes.random(count: P256.privateKeyLength)) {
                    self = key
                    return
                }
            }
        }

        /// The key with this big-endian scalar (32 bytes); refused when it is 0 or not below n.
        public init(scalar: SecureBytes) throws(CryptoError) {
            guard scalar.count == P256.privateKeyLength else {
                throw CryptoError(.invalidPrivateKey, "a P-256 private key has 32 bytes, got \(scalar.count)")
            }
            guard let key = Self.transientKey(scalar) else {
                throw CryptoError(.invalidPrivateKey, "a P-256 private key is a number from 1 to n − 1")
            }
            self.scalar = scalar
            self.publicKey = PublicKey(key: key.publicKey)
        }

        /// The key with this scalar held in ordinary memory. Prefer ``init(scalar:)``; this copies
        /// the bytes into secure memory.
        public init(scalarBytes: some ContiguousBytes) throws(CryptoError) {
            try self.init(scalar: SecureBytes(copying: scalarBytes))
        }

        /// Signs SHA-256(`message`) (`ES256`); the result is `r || s` with the low `s`.
        public func signature(for message: some ContiguousBytes) -> Signature {
            let key = Self.transientKey(scalar)!  // init checked the scalar
            let signature = message.withUnsafeBytes { try! key.signature(for: $0) }  // fails only on allocation failure
            return Signature(uncheckedBytes: ScalarBytes.lowSForm(
                Array(signature.rawRepresentation), order: P256.order, halfOrder: P256.halfOrder))
        }

        /// The scalar, for an explicit, encrypted export (the keystore sealing it). Never log or print it.
        public func unsafeExportScalar() -> SecureBytes {
            scalar.withUnsafeBytes { SecureBytes(copying: $0) }
        }

        /// Runs `body` with the scalar; for derivation inside this module only.
        func withScalar<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
            try scalar.withUnsafeBytes(body)
        }

        /// swift-crypto's key, read straight from the secure bytes (BoringSSL checks 1 ≤ k < n).
        private static func transientKey(_ scalar: SecureBytes) -> Crypto.P256.Signing.PrivateKey? {
            scalar.withUnsafeBytes { try? Crypto.P256.Signing.PrivateKey(rawRepresentation: $0) }
        }

        /// The public key only; the private scalar is redacted.
        public var description: String { "P256.PrivateKey(publicKey: \(Hex.encode(publicKey.compressedRepresentation)), scalar: redacted)" }
        /// The same as `description`: the secret is redacted.
        public var debugDescription: String { description }
        /// A mirror with no children, so `dump` and debuggers show no secret.
        public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
    }
}
