import StrictJSON
public import WalletCrypto

extension VerificationMethod {
    /// The signing key this method holds, whatever its type and representation.
    ///
    /// - `Multikey` (Controlled Identifiers 1.0 §2.2.2): `ed25519-pub`, `p256-pub`, `p384-pub`,
    ///   `secp256k1-pub` (compressed SEC 1).
    /// - `Ed25519VerificationKey2020` (`publicKeyMultibase`), `Ed25519VerificationKey2018`
    ///   (`publicKeyBase58`): Ed25519 only.
    /// - `JsonWebKey2020` / `JsonWebKey`: OKP Ed25519, EC P-256, P-384, secp256k1.
    /// - `EcdsaSecp256k1VerificationKey2019`: `publicKeyJwk`, `publicKeyMultibase` (Multikey form)
    ///   or `publicKeyHex` (SEC 1, either form, an optional `0x`); secp256k1 only.
    ///
    /// - Throws: ``DIDError`` `invalidVerificationMethod` for a type that holds no signing key or
    ///   holds one of another type than it names; `invalidPublicKey` / `invalidJwk` for a malformed
    ///   key or a point not on its curve; `methodNotSupported` for a Multikey of a type that cannot
    ///   sign here.
    public func publicSigningKey() throws(DIDError) -> PublicSigningKey {
        switch type {
        case "Multikey":
            return try Multikey.decode(requiredMultibase())
        case "Ed25519VerificationKey2020", "Ed25519VerificationKey2018":
            return .ed25519(try ed25519PublicKey())
        case "JsonWebKey2020", "JsonWebKey":
            guard let publicKeyJwk else { throw DIDError(.invalidVerificationMethod, "\(type) needs publicKeyJwk") }
            return try publicKeyJwk.publicSigningKey()
        case "EcdsaSecp256k1VerificationKey2019":
            let key = try secp256k1VerificationKey2019()
            guard case .secp256k1 = key else {
                throw DIDError(.invalidVerificationMethod, "\(type) holds a \(key.curveName) key, not secp256k1")
            }
            return key
        default:
            throw DIDError(.invalidVerificationMethod, "verification method type \(type) holds no signing key this library verifies")
        }
    }

    /// `publicKeyHex`, when the method has it (EcdsaSecp256k1VerificationKey2019, as did:nda documents write it).
    public var publicKeyHex: String? { additionalMembers["publicKeyHex"]?.stringValue }

    private func requiredMultibase() throws(DIDError) -> String {
        guard let publicKeyMultibase else { throw DIDError(.invalidVerificationMethod, "\(type) needs publicKeyMultibase") }
        return publicKeyMultibase
    }

    /// The key of an `EcdsaSecp256k1VerificationKey2019` method, from whichever one member it has.
    private func secp256k1VerificationKey2019() throws(DIDError) -> PublicSigningKey {
        if let publicKeyJwk { return try publicKeyJwk.publicSigningKey() }
        if let publicKeyMultibase { return try Multikey.decode(publicKeyMultibase) }
        guard let hex = publicKeyHex else {
            throw DIDError(.invalidVerificationMethod, "\(type) needs publicKeyJwk, publicKeyMultibase or publicKeyHex")
        }
        let digits = hex.hasPrefix("0x") || hex.hasPrefix("0X") ? String(hex.dropFirst(2)) : hex
        guard digits.utf8.count <= 2 * Secp256k1.uncompressedPublicKeyLength, let bytes = Hex.decode(digits) else {
            throw DIDError(.invalidPublicKey, "\(id): publicKeyHex is not a hex SEC 1 key")
        }
        do { return .secp256k1(try Secp256k1.PublicKey(sec1Representation: bytes)) } catch {
            throw DIDError(.invalidPublicKey, "\(id): publicKeyHex is not a secp256k1 point: \(error.message)")
        }
    }
}
