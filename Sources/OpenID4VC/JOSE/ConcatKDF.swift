import Crypto

/// The Concat KDF of NIST SP 800-56A §5.8.1 with SHA-256, as JWE's ECDH-ES uses it (RFC 7518
/// §4.6.2): `SHA-256(counter || Z || OtherInfo)` for counters 1, 2, … until `keyLength` bytes.
enum ConcatKDF {
    /// Derives `keyLength` bytes (at most 64 here) from the shared secret `z`.
    ///
    /// `OtherInfo` is `AlgorithmID || PartyUInfo || PartyVInfo || SuppPubInfo`, each of the
    /// first three a 32-bit big-endian length then the bytes; `SuppPubInfo` is the key length in
    /// bits, 32-bit big-endian; `SuppPrivInfo` is empty.
    static func derive(sharedSecret z: [UInt8], keyLength: Int, algorithmID: String, partyUInfo: [UInt8], partyVInfo: [UInt8]) -> [UInt8] {
        precondition(keyLength > 0 && keyLength <= 64, "the JWE content keys are 16 to 64 bytes")
        var otherInfo = lengthPrefixed(Array(algorithmID.utf8))
        otherInfo += lengthPrefixed(partyUInfo)
        otherInfo += lengthPrefixed(partyVInfo)
        otherInfo += bigEndian(UInt32(keyLength * 8))
        var output: [UInt8] = []
        var counter: UInt32 = 1
        while output.count < keyLength {
            var hash = Crypto.SHA256()
            hash.update(data: bigEndian(counter))
            hash.update(data: z)
            hash.update(data: otherInfo)
            output += Array(hash.finalize())
            counter += 1
        }
        return Array(output.prefix(keyLength))
    }

    private static func lengthPrefixed(_ bytes: [UInt8]) -> [UInt8] { bigEndian(UInt32(bytes.count)) + bytes }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
