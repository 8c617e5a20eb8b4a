import DIDCore
import StrictJSON
import WalletCrypto

/// The did:nda a holder makes from a secp256k1 key, and the document NDAChain's SDK would publish
/// for it (the NDA method spec; pilacorp/go-credential-sdk's `didv2`): the DID is
/// `did:nda:` + the key's lower-case Ethereum address (Keccak-256 of the uncompressed X || Y, last
/// 20 bytes), with one `EcdsaSecp256k1VerificationKey2019` method `#key-1` holding `publicKeyHex`
/// = `0x` + the SEC 1 compressed key, for authentication and assertion. The wallet does not
/// register the DID on chain.
enum NDAHolderDocument {
    /// The fragment of the holder's one verification method, as the SDK names it (`kid` of its JWTs).
    static let methodFragment = "key-1"

    /// The did:nda of `publicKey` and its document.
    static func didAndDocument(for publicKey: Secp256k1.PublicKey) throws -> (DID, DIDDocument) {
        let did = try DID(parsing: "did:nda:" + EthereumAddress(publicKey: publicKey).lowercased)
        let methodId = "\(did)#\(methodFragment)"
        let json: JSONValue = [
            "@context": ["https://w3id.org/security/v1", "https://www.w3.org/ns/did/v1"],
            "id": .string(did.description),
            "controller": .string(did.description),
            "verificationMethod": [[
                "id": .string(methodId), "type": "EcdsaSecp256k1VerificationKey2019", "controller": .string(did.description),
                "publicKeyHex": .string("0x" + Hex.encode(publicKey.compressedRepresentation)),
            ]],
            "authentication": [.string(methodId)],
            "assertionMethod": [.string(methodId)],
        ]
        return (did, try DIDDocument(json: json))
    }
}
