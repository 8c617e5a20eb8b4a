import DIDCore
import Foundation
import WalletKeystore
import StrictJSON
import TestSupport
import VerifiableCredentials
import Testing
import WalletCore
import WalletCrypto

/// Security requirement 46 at the wallet level: keys of every type derive from the recovery
/// phrase by the schemes of decision 0024, and a wallet recovered from the phrase (or from a
/// backup) rebuilds every one of them.
@Suite("Wallet key types: P-256 and secp256k1 keys, their DIDs, recovery")
struct WalletKeyTypesTests {
    static let developmentPhrase = "test test test test test test test test test test test junk"

    /// The key of `type` at `index`, derived here straight from the BIP-32 / SLIP-0010 code
    /// (vector-tested in `BIP32Tests`), independently of the wallet's own bookkeeping.
    static func expectedKey(_ type: KeyType, index: UInt32, phrase: Mnemonic) throws -> PublicSigningKey {
        let seed = phrase.seed()
        switch type {
        case .ed25519:
            return .ed25519(try Ed25519.PrivateKey(seed: SLIP10.derive(seed: seed, path: SLIP10.parsePath("m/7337'/0'/\(index)'")).privateKey).publicKey)
        case .p256:
            let node = try BIP32.derive(seed: seed, curve: .nist256p1, path: BIP32.parsePath("m/7337'/0'/\(index)'"))
            return .p256(try P256.PrivateKey(scalar: node.privateKey).publicKey)
        case .secp256k1:
            let node = try BIP32.derive(seed: seed, curve: .secp256k1, path: BIP32.parsePath("m/44'/60'/0'/0/\(index)"))
            return .secp256k1(try Secp256k1.PrivateKey(scalar: node.privateKey).publicKey)
        }
    }

    @Test("Each type has its own counter, id, path and Multikey prefix; every key is the one its path derives")
    func typesCountersAndPaths() async throws {
        let directory = TemporaryDirectory("key-types")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory)
        let phrase = try await wallet.recoveryPhrase()
        var created: [KeyInfo] = []
        for type in [KeyType.p256, .ed25519, .secp256k1, .p256, .secp256k1, .ed25519, .secp256k1] {
            created.append(try await wallet.createKey(type: type))
        }
        #expect(created.map(\.id) == ["key-p256-0", "key-0", "key-secp256k1-0", "key-p256-1", "key-secp256k1-1", "key-1", "key-secp256k1-2"])
        #expect(created.map(\.index) == [0, 0, 0, 1, 1, 1, 2])
        #expect(created.map(\.derivationPath) == ["m/7337'/0'/0'", "m/7337'/0'/0'", "m/44'/60'/0'/0/0", "m/7337'/0'/1'",
                                                  "m/44'/60'/0'/0/1", "m/7337'/0'/1'", "m/44'/60'/0'/0/2"])
        for key in created {
            #expect(key.publicKey == (try Self.expectedKey(key.type, index: key.index, phrase: phrase)))
            let prefix = switch key.type { case .ed25519: "z6Mk"; case .p256: "zDn"; case .secp256k1: "zQ3s" }
            #expect(key.publicKeyMultibase.hasPrefix(prefix))
            #expect((key.ethereumAddress != nil) == (key.type == .secp256k1))
            #expect(key.jsonValue["type"]?.stringValue == key.type.rawValue)
        }
        // P-256 and Ed25519 share the path m/7337'/0'/n' but not the key (SLIP-0010 separates curves).
        #expect(created[0].publicKeyMultibase != created[1].publicKeyMultibase)
        #expect(try await wallet.keys().map(\.id).sorted() == created.map(\.id).sorted())
        let found = try await wallet.key("key-secp256k1-1")
        #expect(found.publicKey == created[4].publicKey && found.type == .secp256k1 && found.index == 1)
    }

    @Test("secp256k1 key n is Ethereum account n of the phrase (Hardhat accounts #0 and #1); did:nda is its address")
    func ethereumAccounts() async throws {
        let directory = TemporaryDirectory("key-types-eth")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory, phrase: try Mnemonic(phrase: Self.developmentPhrase))
        let addresses = try Fixtures.json("keccak/ethereum-addresses.json")["vectors"]!.arrayValue!
        for note in ["account #0", "account #1"] {
            let vector = try #require(addresses.first { $0["note"]?.stringValue?.contains("Hardhat/Anvil default development \(note)") == true })
            let info = try await wallet.createDID(method: .nda)
            let key = try await wallet.key(info.keyId)
            #expect(key.type == .secp256k1)
            #expect(key.ethereumAddress?.checksummed == vector["addressEip55"]!.stringValue!)
            #expect(info.did.description == "did:nda:" + vector["address"]!.stringValue!.lowercased())
            #expect(info.document.verificationMethods(for: .assertionMethod).map(\.id) == ["\(info.did)#key-1"])
            let method = try #require(info.document.verificationMethod.first)
            #expect(method.type == "EcdsaSecp256k1VerificationKey2019")
            #expect(method.additionalMembers["publicKeyHex"]?.stringValue == "0x" + vector["publicKeyCompressedHex"]!.stringValue!)
        }
    }

    @Test("did:key and did:jwk over P-256 and secp256k1 keys resolve to the wallet's key; a did:nda and a did:key can share a key")
    func ecDIDs() async throws {
        let directory = TemporaryDirectory("key-types-dids")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory)
        let p256Key = try await wallet.createDID(method: .key, keyType: .p256)
        let k1JWK = try await wallet.createDID(method: .jwk, keyType: .secp256k1)
        let p256JWK = try await wallet.createDID(method: .jwk, keyType: .p256)
        let k1Key = try await wallet.createDID(method: .key, keyType: .secp256k1, label: "k1")
        #expect(p256Key.did.description.hasPrefix("did:key:zDn") && k1Key.did.description.hasPrefix("did:key:zQ3s"))
        for info in [p256Key, k1JWK, p256JWK, k1Key] {
            let key = try await wallet.key(info.keyId)
            let method = try #require(info.document.verificationMethods(for: .assertionMethod).first)
            #expect(try method.publicSigningKey() == key.publicKey)
            let resolved = await DIDResolverRegistry.standard.resolve(info.did.description)
            #expect(resolved.didDocument == info.document)
            // The signer the wallet hands out verifies against the resolved method.
            let signer = try await wallet.signer(for: info.did.description)
            let resolvedKey = try await DIDResolverRegistry.standard.verificationMethod(signer.verificationMethodId).publicSigningKey()
            #expect(resolvedKey == key.publicKey && signer.publicKey == key.publicKey)
            #expect(resolvedKey.isValidSignature(try await signer.sign([4, 2]), for: [4, 2]))
        }
        // The did:nda of the secp256k1 key behind the did:key: same key, no new one.
        let nda = try await wallet.createDID(method: .nda, existingKey: k1Key.keyId)
        #expect(nda.keyId == k1Key.keyId)
        #expect(nda.did.description == "did:nda:" + (try await wallet.key(k1Key.keyId)).ethereumAddress!.lowercased)
        #expect(try await wallet.keys().count == 4)
        await #expect(throws: WalletError(.alreadyExists, "")) { try await wallet.createDID(method: .nda, existingKey: "k1") }
        await #expect(throws: WalletError(.invalidArgument, "")) { try await wallet.createDID(method: .nda, keyType: .p256) }
        await #expect(throws: WalletError(.invalidArgument, "")) { try await wallet.createDID(method: .nda, existingKey: p256Key.keyId) }
        await #expect(throws: WalletError(.invalidArgument, "")) {
            try await wallet.createDID(method: .key, keyType: .ed25519, existingKey: p256Key.keyId)
        }
        await #expect(throws: WalletError(.notFound, "")) { try await wallet.createDID(method: .key, existingKey: "key-p256-9") }
        #expect(try await wallet.keys().count == 4)
    }

    @Test("A holder's did:nda signs an NDA-form VC-JWT (ES256K, kid did#key-1, typ JWT); the signature recovers to the DID's address")
    func ndaHolderJWT() async throws {
        let directory = TemporaryDirectory("key-types-nda-jwt")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory, phrase: try Mnemonic(phrase: Self.developmentPhrase))
        let nda = try await wallet.createDID(method: .nda)
        let signer = try await wallet.signer(for: nda.did.description)
        #expect(signer.verificationMethodId == "\(nda.did)#key-1")
        // A VC 2.0 credential in the VC 1.1 JWT envelope, as NDAChain's SDK issues them.
        let credential: JSONValue = [
            "@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
            "issuer": .string(nda.did.description), "validFrom": "2026-01-01T00:00:00Z",
            "credentialSubject": ["id": "did:example:holder", "name": "An"],
        ]
        let jwt = try await Issuer.issueLegacyJWT(credential, signer: signer)
        let parts = jwt.split(separator: ".").map(String.init)
        let header = try JSONValue(parsing: Base64URL.decode(parts[0]))
        #expect(header["alg"] == "ES256K" && header["typ"] == "JWT" && header["kid"]?.stringValue == "\(nda.did)#key-1")
        let payload = try JSONValue(parsing: Base64URL.decode(parts[1]))
        #expect(payload["iss"]?.stringValue == nda.did.description && payload["vc"]?["issuer"]?.stringValue == nda.did.description)
        // What an NDA verifier does offline: recover the key from the signature, compare addresses.
        func recoveredAddresses(_ signingInput: String, _ signature: [UInt8]) throws -> [String] {
            let candidates = try Secp256k1.PublicKey.recoveryCandidates(for: Secp256k1.Signature(rawRepresentation: signature),
                                                                        forDigest: SHA256.hash(Array(signingInput.utf8)))
            return candidates.map { "did:nda:" + EthereumAddress(publicKey: $0.publicKey).lowercased }
        }
        let signature = try Base64URL.decode(parts[2])
        #expect(try recoveredAddresses(parts[0] + "." + parts[1], signature).contains(nda.did.description))
        let otherPayload = Base64URL.encode(Array(#"{"iss":"\#(nda.did)","vc":{}}"#.utf8))
        #expect(!(try recoveredAddresses(parts[0] + "." + otherPayload, signature).contains(nda.did.description)))
    }

    @Test("EC keys sign inside the wallet: ES256 and ES256K verify, low S always, secp256k1 deterministic (RFC 6979)")
    func ecSigning() async throws {
        let directory = TemporaryDirectory("key-types-sign")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory)
        let phrase = try await wallet.recoveryPhrase()
        for type in [KeyType.p256, .secp256k1] {
            let key = try await wallet.createKey(type: type)
            #expect(key.publicKey.algorithm == (type == .p256 ? .es256 : .es256k))
            let info = try await wallet.createDID(method: .jwk, existingKey: key.id)
            let signer = try await wallet.signer(for: info.did.description)
            #expect(signer.publicKey == key.publicKey && signer.algorithm == key.publicKey.algorithm)
            for round in 0..<24 {
                let message = Array("message \(round)".utf8)
                let signature = round.isMultiple(of: 2) ? try await wallet.signature(for: message, withKey: key.id) : try await signer.sign(message)
                #expect(signature.count == 64)
                #expect(key.publicKey.isValidSignature(signature, for: message))
                #expect(!key.publicKey.isValidSignature(signature, for: message + [0]))
                let lowS = type == .p256 ? try P256.Signature(rawRepresentation: signature).isLowS
                    : try Secp256k1.Signature(rawRepresentation: signature).isLowS
                #expect(lowS)
            }
            if type == .secp256k1 {
                // RFC 6979: the signature is a function of key and message, the one an independent
                // derivation of the same key makes.
                let message = Array("deterministic".utf8)
                let node = try BIP32.derive(seed: phrase.seed(), curve: .secp256k1, path: BIP32.ethereumPath(index: 0))
                let independent = try Secp256k1.PrivateKey(scalar: node.privateKey).signature(for: message).rawRepresentation
                #expect(try await wallet.signature(for: message, withKey: key.id) == independent)
            }
            await #expect(throws: WalletError(.invalidArgument, "")) { try await wallet.sign([1], withKey: key.id) }
        }
        // Ed25519 keys sign through the same call.
        let ed = try await wallet.createKey()
        #expect(ed.publicKey.isValidSignature(try await wallet.signature(for: [5], withKey: ed.id), for: [5]))
    }

    @Test("Recovery from the phrase rebuilds keys of every type and the same DIDs, whatever order the types come in")
    func recoveryRebuildsEveryType() async throws {
        let directory = TemporaryDirectory("key-types-recover")
        defer { directory.remove() }
        let original = try await makeWallet(directory, "original")
        var originalDIDs: [DIDInfo] = []
        originalDIDs.append(try await original.createDID(method: .key))
        originalDIDs.append(try await original.createDID(method: .jwk, keyType: .p256))
        originalDIDs.append(try await original.createDID(method: .nda))
        originalDIDs.append(try await original.createDID(method: .key, keyType: .p256))
        originalDIDs.append(try await original.createDID(method: .key, keyType: .secp256k1))
        originalDIDs.append(try await original.createDID(method: .jwk))
        let originalKeys = try await original.keys()
        let phrase = try await original.recoveryPhrase()

        // Rebuilt by creating DIDs again, the types in another interleaving.
        let recovered = try await makeWallet(directory, "recovered", phrase: phrase)
        var recoveredDIDs: [DIDInfo] = []
        recoveredDIDs.append(try await recovered.createDID(method: .nda))
        recoveredDIDs.append(try await recovered.createDID(method: .key, keyType: .secp256k1))
        recoveredDIDs.append(try await recovered.createDID(method: .jwk, keyType: .p256))
        recoveredDIDs.append(try await recovered.createDID(method: .key, keyType: .p256))
        recoveredDIDs.append(try await recovered.createDID(method: .key))
        recoveredDIDs.append(try await recovered.createDID(method: .jwk))
        #expect(Set(recoveredDIDs.map(\.did)) == Set(originalDIDs.map(\.did)))
        func keyTable(_ keys: [KeyInfo]) -> [String: PublicSigningKey] { Dictionary(uniqueKeysWithValues: keys.map { ($0.id, $0.publicKey) }) }
        #expect(keyTable(try await recovered.keys()) == keyTable(originalKeys))
        #expect(keyTable(originalKeys).count == 6)

        // Rebuilt by walking each counter: the same keys, and DIDs made from them are the same.
        let walked = try await makeWallet(directory, "walked", phrase: phrase)
        let rebuilt = try await walked.rebuildKeys([.ed25519: 2, .p256: 2, .secp256k1: 2])
        #expect(rebuilt.count == 6)
        #expect(keyTable(try await walked.keys()) == keyTable(originalKeys))
        #expect(try await walked.rebuildKeys([.p256: 1, .secp256k1: 2]).isEmpty)  // already there: nothing added
        await #expect(throws: WalletError(.invalidArgument, "")) { try await walked.rebuildKeys([.ed25519: Wallet.maximumRebuildCount + 1]) }
        for info in originalDIDs {
            let method = Wallet.DIDMethod(rawValue: info.did.method)!
            #expect(try await walked.createDID(method: method, existingKey: info.keyId).did == info.did)
        }
        // The next key of a type continues that type's counter.
        #expect(try await walked.createKey(type: .p256).id == "key-p256-2")
        #expect(try await walked.createKey(type: .ed25519).id == "key-2")
    }

    @Test("A backup restores keys of every type; each still signs and still matches its path")
    func backupRestoresEveryType() async throws {
        let directory = TemporaryDirectory("key-types-backup")
        defer { directory.remove() }
        let original = try await makeWallet(directory, "original")
        let dids = [try await original.createDID(method: .key, keyType: .p256), try await original.createDID(method: .nda),
                    try await original.createDID(method: .jwk)]
        let backup = try await original.exportBackup(passphrase: Passphrase("a long backup passphrase for tests"), kdf: TestKDF.parameters)
        let restored = try await Wallet.importBackup(backup, backupPassphrase: Passphrase("a long backup passphrase for tests"),
                                                      into: directory.appending("restored"), passphrase: Passphrase("p"),
                                                      kdf: TestKDF.parameters, policy: TestKDF.policy)
        try await restored.unlock(Passphrase("p"))
        #expect(try await restored.keys() == (try await original.keys()))
        #expect(try await restored.dids() == (try await original.dids()))
        let phrase = try await restored.recoveryPhrase()
        for info in dids {
            let key = try await restored.key(info.keyId)
            #expect(key.publicKey == (try Self.expectedKey(key.type, index: key.index, phrase: phrase)))
            #expect(key.publicKey.isValidSignature(try await restored.signature(for: [1, 2, 3], withKey: key.id), for: [1, 2, 3]))
            let signer = try await restored.signer(for: info.did.description)
            let signature = try await signer.sign([3])
            #expect(signer.publicKey == key.publicKey && key.publicKey.isValidSignature(signature, for: [3]))
        }
        // The counters came back too: the next secp256k1 key is index 1.
        #expect(try await restored.createKey(type: .secp256k1).id == "key-secp256k1-1")
    }
}

/// Records written before key types existed keep working (docs/keystore-format.md §8).
@Suite("Wallet key types: wallets and backups made before key types")
struct WalletKeyTypesLegacyTests {
    static let expected = try! Fixtures.json("keystore-v1/expected.json")
    static let backupPassphrase = "backup passphrase made by the ed25519-only wallet"

    @Test("The golden wallet's keys read as Ed25519; new types start their own counters beside the old one")
    func goldenWallet() async throws {
        let directory = TemporaryDirectory("key-types-golden")
        defer { directory.remove() }
        let wallet = try Wallet.open(at: try GoldenWalletTests().copyOfGolden(directory))
        try await wallet.unlock(Passphrase(Self.expected["passphrase"]!.stringValue!))
        let keys = try await wallet.keys()
        #expect(keys.map(\.type) == [.ed25519, .ed25519, .ed25519])
        #expect(keys.map(\.publicKeyMultibase) == Self.expected["keys"]!.arrayValue!.map { $0["publicKeyMultibase"]!.stringValue! })
        #expect(try await wallet.createKey(type: .p256).id == "key-p256-0")
        #expect(try await wallet.createKey(type: .secp256k1).id == "key-secp256k1-0")
        #expect(try await wallet.createKey().id == "key-3")
        // An untyped key the golden wallet holds makes a new DID too.
        let spare = try await wallet.createDID(method: .jwk, existingKey: "key-2")
        #expect(spare.keyId == "key-2" && spare.did == DIDJWK.did(for: keys[2].publicKey))
        let phrase = try await wallet.recoveryPhrase()
        for key in try await wallet.keys() {
            #expect(key.publicKey == (try WalletKeyTypesTests.expectedKey(key.type, index: key.index, phrase: phrase)))
        }
    }

    @Test("A backup made by the Ed25519-only wallet (records without `type`) imports, lists, signs, and takes new key types")
    func backupBeforeKeyTypes() async throws {
        let directory = TemporaryDirectory("key-types-old-backup")
        defer { directory.remove() }
        let bytes = try Fixtures.bytes("keystore-v1/backup-ed25519-only.backup")
        // The fixture really holds untyped key records.
        let entries = try KeystoreBackup.open(bytes, passphrase: Passphrase(Self.backupPassphrase))
        let keyRecords = entries.filter { $0.kind == "key" }
        #expect(keyRecords.count == 3)
        for record in keyRecords {
            let json = try record.payload.withUnsafeBytes { try JSONValue(parsing: $0) }
            #expect(json["type"] == nil && json["publicKeyMultibase"] != nil)
        }
        let wallet = try await Wallet.importBackup(bytes, backupPassphrase: Passphrase(Self.backupPassphrase), into: directory.appending("w"),
                                                   passphrase: Passphrase("p"), kdf: TestKDF.parameters, policy: TestKDF.policy)
        try await wallet.unlock(Passphrase("p"))
        let keys = try await wallet.keys()
        #expect(keys.map(\.type) == [.ed25519, .ed25519, .ed25519])
        #expect(keys.map(\.publicKeyMultibase) == Self.expected["keys"]!.arrayValue!.map { $0["publicKeyMultibase"]!.stringValue! })
        #expect(try await wallet.dids().map(\.did.description) == Self.expected["dids"]!.arrayValue!.map { $0["did"]!.stringValue! })
        let signer = try await wallet.signer(for: "holder")
        let signature = try await signer.sign([9])
        #expect(signer.publicKey.algorithm == .eddsa && signer.publicKey.isValidSignature(signature, for: [9]))
        #expect(try await wallet.createDID(method: .nda).keyId == "key-secp256k1-0")
        #expect(try await wallet.createKey().id == "key-3")
    }
}
