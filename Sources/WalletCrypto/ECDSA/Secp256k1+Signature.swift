internal import CSecp256k1
public import Foundation

extension Secp256k1 {
    /// An ECDSA signature `r || s` (64 bytes, each half big-endian): the JOSE form (RFC 7518 §3.4).
    ///
    /// Only the length is checked when it is made; `r` and `s` outside 1…n−1 never verify.
    public struct Signature: Hashable, Sendable, CustomStringConvertible {
        /// The 64 bytes `r || s`.
        public let rawRepresentation: [UInt8]

        /// Wraps a 64-byte `r || s` signature; a DER signature or any other length is refused.
        public init(rawRepresentation: some ContiguousBytes) throws(CryptoError) {
            let bytes = rawRepresentation.withUnsafeBytes { Array($0) }
            guard bytes.count == Secp256k1.signatureLength else {
                throw CryptoError(.invalidSignatureLength, "a secp256k1 signature r || s has 64 bytes, got \(bytes.count)")
            }
            self.rawRepresentation = bytes
        }

        init(uncheckedBytes: [UInt8]) { self.rawRepresentation = uncheckedBytes }

        /// `r` (32 bytes).
        public var r: [UInt8] { Array(rawRepresentation[0..<32]) }
        /// `s` (32 bytes).
        public var s: [UInt8] { Array(rawRepresentation[32..<64]) }

        /// Whether `s ≤ n/2`. A signature with `s` at or above n is not low-S either.
        public var isLowS: Bool { ScalarBytes.hasLowS(rawRepresentation, halfOrder: Secp256k1.halfOrder) }

        /// The low-S twin `(r, n − s)` of a high-S signature; the signature itself when it is low-S
        /// already or `s` is not below n.
        public var lowSForm: Signature {
            Signature(uncheckedBytes: ScalarBytes.lowSForm(rawRepresentation, order: Secp256k1.order, halfOrder: Secp256k1.halfOrder))
        }

        /// The type and the hex encoding, for logs.
        public var description: String { "Secp256k1.Signature(\(Hex.encode(rawRepresentation)))" }
    }
}

extension Secp256k1.PublicKey {
    /// What one verification found; the throwing and the Boolean entry points both read it.
    enum Outcome { case valid, highS, invalid }

    /// Verifies `signature` over SHA-256(`message`) (ES256K, RFC 8812 §3.2); throws
    /// `invalidSignature`, or `signatureNotLowS` for a high-S signature that `lowS` refuses.
    public func verify(_ signature: Secp256k1.Signature, for message: some ContiguousBytes, lowS: Secp256k1.LowS = .required) throws(CryptoError) {
        try Self.check(outcome(signature.rawRepresentation, digest: SHA256.hash(message), lowS: lowS))
    }

    /// Verifies `signature` over a 32-byte `digest` the caller computed (for example Keccak-256
    /// or a protocol's own hashing); the digest must come from a cryptographic hash of the message.
    public func verify(_ signature: Secp256k1.Signature, forDigest digest: some ContiguousBytes, lowS: Secp256k1.LowS = .required) throws(CryptoError) {
        let digestBytes = try Secp256k1.checkedDigest(digest)
        try Self.check(outcome(signature.rawRepresentation, digest: digestBytes, lowS: lowS))
    }

    /// Whether `signature` (64 bytes `r || s`) is valid over SHA-256(`message`) under `lowS`.
    public func isValidSignature(_ signature: some ContiguousBytes, for message: some ContiguousBytes, lowS: Secp256k1.LowS = .required) -> Bool {
        let bytes = signature.withUnsafeBytes { Array($0) }
        guard bytes.count == Secp256k1.signatureLength else { return false }
        return outcome(bytes, digest: SHA256.hash(message), lowS: lowS) == .valid
    }

    /// Whether `signature` is valid over SHA-256(`message`) under `lowS`.
    public func isValidSignature(_ signature: Secp256k1.Signature, for message: some ContiguousBytes, lowS: Secp256k1.LowS = .required) -> Bool {
        outcome(signature.rawRepresentation, digest: SHA256.hash(message), lowS: lowS) == .valid
    }

    /// Whether `signature` (64 bytes) is valid over a 32-byte `digest` under `lowS`.
    public func isValidSignature(_ signature: some ContiguousBytes, forDigest digest: some ContiguousBytes, lowS: Secp256k1.LowS = .required) -> Bool {
        let bytes = signature.withUnsafeBytes { Array($0) }
        guard bytes.count == Secp256k1.signatureLength, let digestBytes = try? Secp256k1.checkedDigest(digest) else { return false }
        return outcome(bytes, digest: digestBytes, lowS: lowS) == .valid
    }

    private static func check(_ outcome: Outcome) throws(CryptoError) {
        switch outcome {
        case .valid: return
        case .highS: throw CryptoError(.signatureNotLowS, "the signature's s is above n/2 (the high-S form is refused)")
        case .invalid: throw CryptoError(.invalidSignature, "the secp256k1 signature does not verify")
        }
    }

    /// One verification: parse `r || s` (refusing r or s ≥ n), verify the low-S form, and only
    /// when that fails look at whether the normalised twin verifies, to name the high-S case.
    func outcome(_ signature: [UInt8], digest: [UInt8], lowS: Secp256k1.LowS) -> Outcome {
        let context = Secp256k1Context.shared.pointer
        var parsed = secp256k1_ecdsa_signature()
        guard secp256k1_ecdsa_signature_parse_compact(context, &parsed, signature) == 1 else { return .invalid }
        var key = point
        if secp256k1_ecdsa_verify(context, &parsed, digest, &key) == 1 { return .valid }
        var normalized = secp256k1_ecdsa_signature()
        guard secp256k1_ecdsa_signature_normalize(context, &normalized, &parsed) == 1,
              secp256k1_ecdsa_verify(context, &normalized, digest, &key) == 1 else { return .invalid }
        return lowS == .accepted ? .valid : .highS
    }
}

extension Secp256k1 {
    /// The bytes of a 32-byte digest, or `invalidDigestLength`.
    static func checkedDigest(_ digest: some ContiguousBytes) throws(CryptoError) -> [UInt8] {
        let bytes = digest.withUnsafeBytes { Array($0) }
        guard bytes.count == digestLength else {
            throw CryptoError(.invalidDigestLength, "a secp256k1 digest has 32 bytes, got \(bytes.count)")
        }
        return bytes
    }
}
