public import Foundation

/// ECDSA on a NIST prime curve with its hash (FIPS 186-5 §6; JOSE `ES256`/`ES384`, RFC 7518
/// §3.4), computed by apple/swift-crypto (BoringSSL on Linux). Used as ``P256`` and ``P384``.
///
/// Signatures are the fixed-width `r || s` form (IEEE P1363: 64 bytes on P-256, 96 on P-384).
/// Verification accepts either `s` (FIPS 186-5 and RFC 7518 have no low-S rule, and RFC 7515's
/// own ES256 example has a high `s`); the signatures this type makes are always low-S. See
/// docs/decisions/0025-secp256k1-and-swift-crypto.md for what swift-crypto does with the secret.
public enum NISTECDSA<Curve: NISTCurve> {
    /// Length of a private scalar and of one coordinate.
    public static var privateKeyLength: Int { Curve.coordinateLength }
    /// Length of a SEC 1 compressed public key (`02`/`03` || X).
    public static var compressedPublicKeyLength: Int { Curve.coordinateLength + 1 }
    /// Length of a SEC 1 uncompressed public key (`04` || X || Y).
    public static var uncompressedPublicKeyLength: Int { 2 * Curve.coordinateLength + 1 }
    /// Length of a signature `r || s`.
    public static var signatureLength: Int { 2 * Curve.coordinateLength }

    /// The group order n (``NISTCurve/order``).
    static var order: [UInt8] { Curve.order }
    /// ⌊n / 2⌋ (``NISTCurve/halfOrder``).
    static var halfOrder: [UInt8] { Curve.halfOrder }

    /// `P256` or `P384`, for descriptions.
    static var typeName: String { Curve.name.replacingOccurrences(of: "-", with: "") }
}

extension NISTECDSA {
    /// A public key: a point on the curve, validated when parsed.
    public struct PublicKey: Hashable, Sendable, CustomStringConvertible {
        /// swift-crypto's parsed key (kept so that verification does not parse again).
        let key: NISTBackend.PublicKey
        /// The SEC 1 compressed encoding.
        public let compressedRepresentation: [UInt8]

        /// Parses a SEC 1 compressed key (`02` or `03` || X); X must be the x-coordinate of a
        /// point on the curve.
        public init(compressedRepresentation: some ContiguousBytes) throws(CryptoError) {
            let bytes = compressedRepresentation.withUnsafeBytes { Array($0) }
            guard bytes.count == NISTECDSA.compressedPublicKeyLength else {
                throw CryptoError(.invalidKeyLength, "a compressed \(Curve.name) public key has \(NISTECDSA.compressedPublicKeyLength) bytes, got \(bytes.count)")
            }
            guard bytes[0] == 0x02 || bytes[0] == 0x03, let key = NISTBackend(Curve.self).publicKey(compressed: bytes) else {
                throw CryptoError(.invalidPublicKey, "not a compressed point on \(Curve.name)")
            }
            self.init(key: key)
        }

        /// Parses a SEC 1 uncompressed key (`04` || X || Y); the point must be on the curve.
        public init(uncompressedRepresentation: some ContiguousBytes) throws(CryptoError) {
            let bytes = uncompressedRepresentation.withUnsafeBytes { Array($0) }
            guard bytes.count == NISTECDSA.uncompressedPublicKeyLength else {
                throw CryptoError(.invalidKeyLength, "an uncompressed \(Curve.name) public key has \(NISTECDSA.uncompressedPublicKeyLength) bytes, got \(bytes.count)")
            }
            guard bytes[0] == 0x04, let key = NISTBackend(Curve.self).publicKey(uncompressed: bytes) else {
                throw CryptoError(.invalidPublicKey, "not an uncompressed point on \(Curve.name)")
            }
            self.init(key: key)
        }

        /// Parses either SEC 1 form, chosen by length.
        public init(sec1Representation: some ContiguousBytes) throws(CryptoError) {
            let bytes = sec1Representation.withUnsafeBytes { Array($0) }
            if bytes.count == NISTECDSA.compressedPublicKeyLength {
                try self.init(compressedRepresentation: bytes)
            } else {
                try self.init(uncompressedRepresentation: bytes)
            }
        }

        /// Takes the affine coordinates (a JWK's `x` and `y`, RFC 7518 §6.2.1.2: each exactly
        /// ``NISTECDSA/privateKeyLength`` bytes); the point must be on the curve.
        public init(x: some ContiguousBytes, y: some ContiguousBytes) throws(CryptoError) {
            let xBytes = x.withUnsafeBytes { Array($0) }, yBytes = y.withUnsafeBytes { Array($0) }
            guard xBytes.count == NISTECDSA.privateKeyLength, yBytes.count == NISTECDSA.privateKeyLength else {
                throw CryptoError(.invalidKeyLength, "\(Curve.name) coordinates have \(NISTECDSA.privateKeyLength) bytes each, got \(xBytes.count) and \(yBytes.count)")
            }
            try self.init(uncompressedRepresentation: [0x04] + xBytes + yBytes)
        }

        init(key: NISTBackend.PublicKey) {
            self.key = key
            self.compressedRepresentation = key.compressedRepresentation
        }

        /// The SEC 1 uncompressed encoding (`04` || X || Y).
        public var uncompressedRepresentation: [UInt8] { key.x963Representation }
        /// The x-coordinate (a JWK's `x`).
        public var x: [UInt8] { Array(uncompressedRepresentation[1...NISTECDSA.privateKeyLength]) }
        /// The y-coordinate (a JWK's `y`).
        public var y: [UInt8] { Array(uncompressedRepresentation[(NISTECDSA.privateKeyLength + 1)...]) }

        /// Whether `signature` (`r || s`, ``NISTECDSA/signatureLength`` bytes) is valid over the
        /// curve's hash (SHA-256 or SHA-384) of `message`.
        public func isValidSignature(_ signature: some ContiguousBytes, for message: some ContiguousBytes) -> Bool {
            signature.withUnsafeBytes { signatureBytes in
                guard signatureBytes.count == NISTECDSA.signatureLength else { return false }
                return message.withUnsafeBytes { key.isValidSignature(signatureBytes, for: $0) }
            }
        }

        /// Whether `signature` is valid over the curve's hash of `message`.
        public func isValidSignature(_ signature: Signature, for message: some ContiguousBytes) -> Bool {
            isValidSignature(signature.rawRepresentation, for: message)
        }

        /// Verifies `signature` over the curve's hash of `message`; throws `invalidSignature` when
        /// it does not.
        public func verify(_ signature: Signature, for message: some ContiguousBytes) throws(CryptoError) {
            guard isValidSignature(signature.rawRepresentation, for: message) else {
                throw CryptoError(.invalidSignature, "the \(Curve.name) signature does not verify")
            }
        }

        /// Equal when the compressed encodings are equal.
        public static func == (lhs: PublicKey, rhs: PublicKey) -> Bool { lhs.compressedRepresentation == rhs.compressedRepresentation }
        /// Hashes the compressed encoding, as `==` compares.
        public func hash(into hasher: inout Hasher) { hasher.combine(compressedRepresentation) }
        /// The type and the hex encoding, for logs.
        public var description: String { "\(NISTECDSA.typeName).PublicKey(\(Hex.encode(compressedRepresentation)))" }
    }

    /// An ECDSA signature `r || s` (``NISTECDSA/signatureLength`` bytes): the JOSE form. Only the
    /// length is checked when it is made; `r` and `s` outside 1…n−1 never verify.
    public struct Signature: Hashable, Sendable, CustomStringConvertible {
        /// The bytes `r || s`.
        public let rawRepresentation: [UInt8]

        /// Wraps an `r || s` signature; a DER signature or any other length is refused.
        public init(rawRepresentation: some ContiguousBytes) throws(CryptoError) {
            let bytes = rawRepresentation.withUnsafeBytes { Array($0) }
            guard bytes.count == NISTECDSA.signatureLength else {
                throw CryptoError(.invalidSignatureLength, "a \(Curve.name) signature r || s has \(NISTECDSA.signatureLength) bytes, got \(bytes.count)")
            }
            self.rawRepresentation = bytes
        }

        init(uncheckedBytes: [UInt8]) { self.rawRepresentation = uncheckedBytes }

        /// Whether `s ≤ n/2`.
        public var isLowS: Bool { ScalarBytes.hasLowS(rawRepresentation, halfOrder: Curve.halfOrder) }

        /// The low-S twin `(r, n − s)` of a high-S signature; the signature itself otherwise.
        public var lowSForm: Signature {
            Signature(uncheckedBytes: ScalarBytes.lowSForm(rawRepresentation, order: Curve.order, halfOrder: Curve.halfOrder))
        }

        /// The type and the hex encoding, for logs.
        public var description: String { "\(NISTECDSA.typeName).Signature(\(Hex.encode(rawRepresentation)))" }
    }
}
