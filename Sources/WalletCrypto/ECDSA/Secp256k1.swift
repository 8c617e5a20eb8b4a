internal import CSecp256k1
public import Foundation

/// ECDSA on secp256k1 (SEC 2 §2.4.1), computed by libsecp256k1.
///
/// Signatures are the fixed-width `r || s` form (IEEE P1363) that JOSE's `ES256K` uses
/// (RFC 8812 §3.2, RFC 7518 §3.4); messages are hashed with SHA-256 unless a caller passes a
/// 32-byte digest itself. Signing uses RFC 6979 deterministic nonces and always produces the
/// low-S form. Verification requires low S by default (``LowS/required``): a signature whose `s`
/// is above n/2 is refused with `signatureNotLowS`, so a caller can report that case apart from a
/// plain invalid signature.
public enum Secp256k1 {
    /// Length of a private scalar, of a digest, and of one coordinate.
    public static let privateKeyLength = 32
    /// Length of a SEC 1 compressed public key (`02`/`03` || X).
    public static let compressedPublicKeyLength = 33
    /// Length of a SEC 1 uncompressed public key (`04` || X || Y).
    public static let uncompressedPublicKeyLength = 65
    /// Length of a signature `r || s`.
    public static let signatureLength = 64
    /// Length of the digest that raw signing, verification and recovery take.
    public static let digestLength = 32

    /// The group order n (SEC 2 §2.4.1), big-endian.
    static let order: [UInt8] = Hex.decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")!
    /// ⌊n / 2⌋, the largest `s` of a low-S signature.
    static let halfOrder: [UInt8] = Hex.decode("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0")!

    /// Whether verification accepts a signature whose `s` is above n/2.
    ///
    /// ECDSA itself accepts both `s` and n − s; Bitcoin, Ethereum and libsecp256k1 sign with the
    /// low one and refuse the other, so that a signature cannot be altered into a second valid
    /// one. The wallet's JOSE use requires low S; ``accepted`` exists for a named dialect that
    /// reports the case (and for checking plain-ECDSA test vectors).
    public enum LowS: Sendable, Hashable {
        /// A high-S signature is refused with `signatureNotLowS`.
        case required
        /// A high-S signature verifies as its low-S twin would.
        case accepted
    }
}

extension Secp256k1 {
    /// A secp256k1 public key: a point on the curve, validated when parsed.
    public struct PublicKey: Hashable, Sendable, CustomStringConvertible {
        /// libsecp256k1's parsed point (kept so that verification does not parse again).
        let point: secp256k1_pubkey
        /// The SEC 1 compressed encoding (33 bytes).
        public let compressedRepresentation: [UInt8]

        /// Parses a SEC 1 compressed key (33 bytes, `02` or `03` || X); X must be the x-coordinate
        /// of a point on the curve.
        public init(compressedRepresentation: some ContiguousBytes) throws(CryptoError) {
            let bytes = compressedRepresentation.withUnsafeBytes { Array($0) }
            guard bytes.count == Secp256k1.compressedPublicKeyLength else {
                throw CryptoError(.invalidKeyLength, "a compressed secp256k1 public key has 33 bytes, got \(bytes.count)")
            }
            guard bytes[0] == 0x02 || bytes[0] == 0x03 else {
                throw CryptoError(.invalidPublicKey, "a compressed secp256k1 public key starts with 02 or 03")
            }
            try self.init(parsing: bytes)
        }

        /// Parses a SEC 1 uncompressed key (65 bytes, `04` || X || Y); the point must be on the
        /// curve. The hybrid forms (`06`, `07`) are refused.
        public init(uncompressedRepresentation: some ContiguousBytes) throws(CryptoError) {
            let bytes = uncompressedRepresentation.withUnsafeBytes { Array($0) }
            guard bytes.count == Secp256k1.uncompressedPublicKeyLength else {
                throw CryptoError(.invalidKeyLength, "an uncompressed secp256k1 public key has 65 bytes, got \(bytes.count)")
            }
            guard bytes[0] == 0x04 else {
                throw CryptoError(.invalidPublicKey, "an uncompressed secp256k1 public key starts with 04")
            }
            try self.init(parsing: bytes)
        }

        /// Parses either SEC 1 form, chosen by length (as `publicKeyHex` values come).
        public init(sec1Representation: some ContiguousBytes) throws(CryptoError) {
            let bytes = sec1Representation.withUnsafeBytes { Array($0) }
            if bytes.count == Secp256k1.compressedPublicKeyLength {
                try self.init(compressedRepresentation: bytes)
            } else {
                try self.init(uncompressedRepresentation: bytes)
            }
        }

        /// Takes the affine coordinates (as a JWK's `x` and `y`, RFC 7518 §6.2.1.2: each exactly
        /// 32 bytes); the point must be on the curve.
        public init(x: some ContiguousBytes, y: some ContiguousBytes) throws(CryptoError) {
            let xBytes = x.withUnsafeBytes { Array($0) }, yBytes = y.withUnsafeBytes { Array($0) }
            guard xBytes.count == 32, yBytes.count == 32 else {
                throw CryptoError(.invalidKeyLength, "secp256k1 coordinates have 32 bytes each, got \(xBytes.count) and \(yBytes.count)")
            }
            try self.init(parsing: [0x04] + xBytes + yBytes)
        }

        private init(parsing bytes: [UInt8]) throws(CryptoError) {
            let context = Secp256k1Context.shared.pointer
            var point = secp256k1_pubkey()
            guard secp256k1_ec_pubkey_parse(context, &point, bytes, bytes.count) == 1 else {
                throw CryptoError(.invalidPublicKey, "not a point on secp256k1")
            }
            self.init(point: point)
        }

        init(point: secp256k1_pubkey) {
            self.point = point
            self.compressedRepresentation = Self.serialize(point, compressed: true)
        }

        /// The SEC 1 uncompressed encoding (65 bytes, `04` || X || Y).
        public var uncompressedRepresentation: [UInt8] { Self.serialize(point, compressed: false) }

        /// X || Y (64 bytes): the uncompressed encoding without its `04` prefix, as Ethereum
        /// addresses hash it.
        public var rawRepresentation: [UInt8] { Array(uncompressedRepresentation.dropFirst()) }

        /// The x-coordinate (32 bytes, a JWK's `x`).
        public var x: [UInt8] { Array(uncompressedRepresentation[1..<33]) }

        /// The y-coordinate (32 bytes, a JWK's `y`).
        public var y: [UInt8] { Array(uncompressedRepresentation[33..<65]) }

        private static func serialize(_ point: secp256k1_pubkey, compressed: Bool) -> [UInt8] {
            var point = point
            var output = [UInt8](repeating: 0, count: compressed ? 33 : 65)
            var length = output.count
            _ = secp256k1_ec_pubkey_serialize(
                Secp256k1Context.shared.pointer, &output, &length, &point,
                UInt32(compressed ? SECP256K1_EC_COMPRESSED : SECP256K1_EC_UNCOMPRESSED)
            )
            return output
        }

        /// Equal when the compressed encodings are equal.
        public static func == (lhs: PublicKey, rhs: PublicKey) -> Bool { lhs.compressedRepresentation == rhs.compressedRepresentation }
        /// Hashes the compressed encoding, as `==` compares.
        public func hash(into hasher: inout Hasher) { hasher.combine(compressedRepresentation) }
        /// The type and the hex encoding, for logs.
        public var description: String { "Secp256k1.PublicKey(\(Hex.encode(compressedRepresentation)))" }
    }
}
