extension CryptoError.Code {
    /// An ECDSA signature that does not verify (wrong key, wrong message, `r` or `s` zero or not
    /// below the group order, or tampered bytes).
    public static let invalidSignature = CryptoError.Code("invalidSignature")
    /// A secp256k1 signature whose `s` is above n/2. It would verify once `s` is replaced by
    /// n − s, but the rule in force requires the low-S form (the signature is malleable).
    public static let signatureNotLowS = CryptoError.Code("signatureNotLowS")
    /// A private scalar that is zero or not below the group order, or has the wrong length.
    public static let invalidPrivateKey = CryptoError.Code("invalidPrivateKey")
    /// A recovery id outside 0…3 (or 27…30 in the Ethereum `v` form).
    public static let invalidRecoveryID = CryptoError.Code("invalidRecoveryID")
    /// No public key could be recovered from the signature and digest.
    public static let recoveryFailed = CryptoError.Code("recoveryFailed")
    /// A digest for a raw ECDSA operation had the wrong number of bytes.
    public static let invalidDigestLength = CryptoError.Code("invalidDigestLength")
    /// An Ethereum address that is not `0x` and 40 hex digits.
    public static let invalidAddress = CryptoError.Code("invalidAddress")
    /// A mixed-case Ethereum address whose EIP-55 checksum does not match.
    public static let invalidAddressChecksum = CryptoError.Code("invalidAddressChecksum")
}
