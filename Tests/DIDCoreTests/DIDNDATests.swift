import DIDCore
import StrictJSON
import TestSupport
import Testing
import WalletCrypto

/// did:nda syntax and keys (the did:nda method specification §3, §5; decision 0028).
@Suite("did:nda")
struct DIDNDATests {
    static let keys = try! Fixtures.json("did-nda/keys.json")["keys"]!.arrayValue!

    @Test("Each key's did:nda and did:nda:testnet name its address", arguments: keys)
    func keyToDID(entry: JSONValue) throws {
        let key = try Secp256k1.PublicKey(compressedRepresentation: hexBytes(entry["publicKeyCompressedHex"]!.stringValue!))
        let address = entry["address"]!.stringValue!
        let plain = try DIDNDA(parsing: entry["didNda"]!.stringValue!)
        let testnet = try DIDNDA(parsing: entry["didNdaTestnet"]!.stringValue!)
        #expect(plain.address.lowercased == address && testnet.address == plain.address)
        #expect(!plain.isTestnet && testnet.isTestnet)
        #expect(plain.isAddress(of: key) && testnet.isAddress(of: key))
        #expect(DIDNDA.did(for: plain.address).description == entry["didNda"]!.stringValue!)
        #expect(DIDNDA.did(for: plain.address, testnet: true).description == entry["didNdaTestnet"]!.stringValue!)
        // Every case form names the same address (the method allows both cases and no checksum).
        let checksummed = try DIDNDA(parsing: "did:nda:" + entry["addressEip55"]!.stringValue!)
        #expect(checksummed.address == plain.address && checksummed.isEIP55)
        let upper = try DIDNDA(parsing: "did:nda:0x" + address.dropFirst(2).uppercased())
        #expect(upper.address == plain.address && upper.isEIP55)
    }

    @Test("A mixed-case identifier without a valid EIP-55 checksum is read, and says so")
    func badChecksum() throws {
        let did = try DIDNDA(parsing: "did:nda:0x084CE14EF7C6E76a5FF3D58C160De7E1D385D9eE")
        #expect(!did.isEIP55)
        #expect(did.address.lowercased == "0x084ce14ef7c6e76a5ff3d58c160de7e1d385d9ee")
    }

    @Test("Not a did:nda", arguments: [
        "did:nda:0x084ce14ef7c6e76a5ff3d58c160de7e1d385d9e",     // 39 digits
        "did:nda:0x084ce14ef7c6e76a5ff3d58c160de7e1d385d9ee0",   // 41 digits
        "did:nda:084ce14ef7c6e76a5ff3d58c160de7e1d385d9ee00",    // no 0x
        "did:nda:0x084ce14ef7c6e76a5ff3d58c160de7e1d385d9eg",    // not hex
        "did:nda:mainnet:0x084ce14ef7c6e76a5ff3d58c160de7e1d385d9ee",
        "did:nda:testnet:testnet:0x084ce14ef7c6e76a5ff3d58c160de7e1d385d9ee",
        "did:ethr:0x084ce14ef7c6e76a5ff3d58c160de7e1d385d9ee",
    ])
    func invalid(text: String) {
        #expect(throws: DIDError(.invalidDid, "")) { try DIDNDA(parsing: text) }
    }

    @Test("Keys of verification methods: 0x-compressed publicKeyHex, uncompressed, JWK; the spec's example is not a key")
    func methodKeys() throws {
        let entry = Self.keys[0]
        let did = entry["didNda"]!.stringValue!
        func method(_ members: JSONObject, jwk: JWK? = nil) -> VerificationMethod {
            VerificationMethod(id: did + "#key-1", type: "EcdsaSecp256k1VerificationKey2019", controller: did, publicKeyJwk: jwk, additionalMembers: members)
        }
        let nda = try DIDNDA(parsing: did)
        for hex in [entry["sdkPublicKeyHex"]!.stringValue!, entry["publicKeyUncompressedHex"]!.stringValue!, entry["publicKeyCompressedHex"]!.stringValue!] {
            #expect(nda.isAddress(of: try DIDNDA.publicKey(of: method(["publicKeyHex": .string(hex)]))))
        }
        let jwk = try JWK(json: entry["publicKeyJwk"]!)
        #expect(nda.isAddress(of: try DIDNDA.publicKey(of: method([:], jwk: jwk))))
        let spec = try DIDDocument(json: Fixtures.json("did-nda/did-documents/spec-example-nda-1.json"))
        #expect(throws: DIDError(.invalidPublicKey, "")) { try DIDNDA.publicKey(of: spec.verificationMethod[0]) }
        #expect(throws: DIDError(.invalidPublicKey, "")) { try DIDNDA.publicKey(of: method([:])) }
        #expect(throws: DIDError(.invalidPublicKey, "")) { try DIDNDA.publicKey(of: method(["publicKeyHex": .string("0x05" + String(repeating: "00", count: 32))])) }
    }
}
