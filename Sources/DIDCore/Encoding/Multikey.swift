public import WalletCrypto

/// The Multikey encoding of a signing public key (Controlled Identifiers 1.0 §2.2.2):
/// `z` + base58btc(varint(multicodec) || key), with `ed25519-pub` (0xed) and the raw 32-byte key,
/// or `p256-pub` (0x1200), `p384-pub` (0x1201), `secp256k1-pub` (0xe7) and the SEC 1 compressed
/// point. did:key identifiers are the same string.
public enum Multikey {
    /// The multicodec of a key type.
    public static func codec(of key: PublicSigningKey) -> Multicodec {
        switch key {
        case .ed25519: .ed25519Public
        case .p256: .p256Public
        case .p384: .p384Public
        case .secp256k1: .secp256k1Public
        }
    }

    /// `z` base58btc of `varint(codec) || key` (compressed SEC 1 for the ECDSA curves).
    public static func encode(_ key: PublicSigningKey) -> String {
        Multibase.base58btc.encode(codec(of: key).prefixing(key.compactRepresentation))
    }

    /// Decodes a `publicKeyMultibase` value into a signing key.
    ///
    /// - Throws: ``DIDError`` `invalidMultibase`/`invalidBase58`/`invalidVarint` for a bad encoding;
    ///   `invalidPublicKey` for a wrong length, a point not on the curve, an uncompressed ECDSA key
    ///   or a codec that is not a public key; `methodNotSupported` for a known public key type that
    ///   cannot sign here (X25519, BLS12-381, P-521, RSA).
    public static func decode(_ text: String) throws(DIDError) -> PublicSigningKey {
        let bytes = try Multibase.decode(text, expecting: .base58btc)
        let (code, body) = try Multicodec.split(bytes)
        return try key(code: code, body: body)
    }

    /// The signing key of a multicodec-prefixed body (shared with did:key).
    static func key(code: UInt64, body: ArraySlice<UInt8>) throws(DIDError) -> PublicSigningKey {
        switch code {
        case Multicodec.ed25519Public.code:
            guard body.count == Ed25519.publicKeyLength else {
                throw DIDError(.invalidPublicKey, "an ed25519-pub key has 32 bytes, got \(body.count)")
            }
            // Small-order and non-canonical points never verify (libsodium's checks); a length
            // check keeps decoding cheap on the verification hot path.
            return .ed25519(try! Ed25519.PublicKey(rawRepresentation: Array(body)))  // length checked
        case Multicodec.p256Public.code:
            return try ecKey(Multicodec.p256Public, body, length: P256.compressedPublicKeyLength) { bytes throws(CryptoError) in
                .p256(try P256.PublicKey(compressedRepresentation: bytes))
            }
        case Multicodec.p384Public.code:
            return try ecKey(Multicodec.p384Public, body, length: P384.compressedPublicKeyLength) { bytes throws(CryptoError) in
                .p384(try P384.PublicKey(compressedRepresentation: bytes))
            }
        case Multicodec.secp256k1Public.code:
            return try ecKey(Multicodec.secp256k1Public, body, length: Secp256k1.compressedPublicKeyLength) { bytes throws(CryptoError) in
                .secp256k1(try Secp256k1.PublicKey(compressedRepresentation: bytes))
            }
        default:
            if let codec = Multicodec.known(code: code), codec != .ed25519Private {
                throw DIDError(.methodNotSupported, "\(codec.name) keys cannot sign here (supported: ed25519-pub, p256-pub, p384-pub, secp256k1-pub)")
            }
            throw DIDError(.invalidPublicKey, "multicodec 0x\(String(code, radix: 16)) is not a public key type")
        }
    }

    /// A compressed SEC 1 point of `length` bytes, parsed (and so checked to be on the curve).
    private static func ecKey(_ codec: Multicodec, _ body: ArraySlice<UInt8>, length: Int,
                              _ parse: ([UInt8]) throws(CryptoError) -> PublicSigningKey) throws(DIDError) -> PublicSigningKey {
        guard body.count == length else {
            throw DIDError(.invalidPublicKey, "a \(codec.name) key is a \(length)-byte compressed point, got \(body.count) bytes")
        }
        do { return try parse(Array(body)) } catch {
            throw DIDError(.invalidPublicKey, "the \(codec.name) key is not a point on the curve: \(error.message)")
        }
    }
}
