internal import CSecp256k1
public import Foundation

extension Secp256k1 {
    /// A signature with the recovery id that names which of the candidate public keys signed
    /// (SEC 1 §4.1.6): the 65-byte `r || s || v` form Ethereum and NDAChain use.
    public struct RecoverableSignature: Hashable, Sendable {
        /// The `r || s` signature.
        public let signature: Signature
        /// The recovery id, 0…3 (bit 0: parity of R's y; bit 1: R's x was r + n, practically never).
        public let recoveryID: Int

        /// Pairs a signature with a recovery id in 0…3.
        public init(signature: Signature, recoveryID: Int) throws(CryptoError) {
            guard (0...3).contains(recoveryID) else {
                throw CryptoError(.invalidRecoveryID, "a recovery id is 0 to 3, got \(recoveryID)")
            }
            self.signature = signature
            self.recoveryID = recoveryID
        }

        /// Parses 65 bytes `r || s || v`, with `v` either the recovery id (0…3) or Ethereum's
        /// `27 + id` (27…30).
        public init(rawRepresentation: some ContiguousBytes) throws(CryptoError) {
            let bytes = rawRepresentation.withUnsafeBytes { Array($0) }
            guard bytes.count == Secp256k1.signatureLength + 1 else {
                throw CryptoError(.invalidSignatureLength, "a recoverable signature r || s || v has 65 bytes, got \(bytes.count)")
            }
            let v = Int(bytes[64])
            let recoveryID = v >= 27 ? v - 27 : v
            try self.init(signature: Signature(uncheckedBytes: Array(bytes[0..<64])), recoveryID: recoveryID)
        }

        /// `r || s || id` (65 bytes, the id as 0…3).
        public var rawRepresentation: [UInt8] { signature.rawRepresentation + [UInt8(recoveryID)] }
    }
}

extension Secp256k1.PublicKey {
    /// The public key that made `signature` over SHA-256(`message`); throws `recoveryFailed`
    /// when none did, or `signatureNotLowS` for a high-S signature that `lowS` refuses.
    public init(recoveringFrom signature: Secp256k1.RecoverableSignature, for message: some ContiguousBytes,
                lowS: Secp256k1.LowS = .required) throws(CryptoError) {
        try self.init(recoveringFrom: signature, forDigest: SHA256.hash(message), lowS: lowS)
    }

    /// The public key that made `signature` over a 32-byte `digest`. A key recovered this way is
    /// only as good as the check that follows: compare it (or its address) with the one expected.
    public init(recoveringFrom signature: Secp256k1.RecoverableSignature, forDigest digest: some ContiguousBytes,
                lowS: Secp256k1.LowS = .required) throws(CryptoError) {
        let digestBytes = try Secp256k1.checkedDigest(digest)
        guard let point = Self.recover(signature, digest: digestBytes) else {
            throw CryptoError(.recoveryFailed, "no public key can be recovered from this signature")
        }
        // libsecp256k1 recovers from either form; the rule is applied here, once the signature is known usable.
        if lowS == .required && !signature.signature.isLowS {
            throw CryptoError(.signatureNotLowS, "the signature's s is above n/2 (the high-S form is refused)")
        }
        self.init(point: point)
    }

    /// Every public key a 64-byte signature can come from, with its recovery id (JOSE's ES256K
    /// carries no `v`, so a verifier that knows only an address tries each and compares).
    public static func recoveryCandidates(for signature: Secp256k1.Signature, forDigest digest: some ContiguousBytes,
                                          lowS: Secp256k1.LowS = .required) throws(CryptoError) -> [(recoveryID: Int, publicKey: Secp256k1.PublicKey)] {
        let digestBytes = try Secp256k1.checkedDigest(digest)
        var candidates: [(recoveryID: Int, publicKey: Secp256k1.PublicKey)] = []
        for recoveryID in 0...3 {
            let recoverable = try Secp256k1.RecoverableSignature(signature: signature, recoveryID: recoveryID)
            if let point = recover(recoverable, digest: digestBytes) { candidates.append((recoveryID, Self(point: point))) }
        }
        if lowS == .required && !signature.isLowS && !candidates.isEmpty {
            throw CryptoError(.signatureNotLowS, "the signature's s is above n/2 (the high-S form is refused)")
        }
        return candidates
    }

    /// libsecp256k1's recovery; nil when r or s is out of range or no point has that x.
    private static func recover(_ signature: Secp256k1.RecoverableSignature, digest: [UInt8]) -> secp256k1_pubkey? {
        let context = Secp256k1Context.shared.pointer
        var parsed = secp256k1_ecdsa_recoverable_signature()
        guard secp256k1_ecdsa_recoverable_signature_parse_compact(
            context, &parsed, signature.signature.rawRepresentation, Int32(signature.recoveryID)) == 1 else { return nil }
        var point = secp256k1_pubkey()
        guard secp256k1_ecdsa_recover(context, &point, &parsed, digest) == 1 else { return nil }
        return point
    }
}
