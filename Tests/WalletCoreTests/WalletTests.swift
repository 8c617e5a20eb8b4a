import DIDCore
import Foundation
import WalletKeystore
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCore
import WalletCrypto

func makeWallet(_ directory: TemporaryDirectory, _ name: String = "wallet", passphrase: String = "pässwörd",
                phrase: Mnemonic? = nil) async throws -> Wallet {
    try await Wallet.create(at: directory.appending(name), passphrase: Passphrase(passphrase), kdf: TestKDF.parameters,
                            policy: TestKDF.policy, recoveryPhrase: phrase)
}

/// An issuer outside any wallet: a did:key from a fixed seed and an in-memory signer for it.
func testIssuer(seed: UInt8) throws -> (did: DID, signer: InMemorySigner) {
    let key = try Ed25519.PrivateKey(seedBytes: [UInt8](repeating: seed, count: 32))
    let did = DIDKey.did(for: key.publicKey)
    return (did, InMemorySigner(privateKey: key, verificationMethodId: "\(did)#\(did.methodSpecificId)"))
}

@Suite("Wallet: keys, DIDs, signing, recovery, backup")
struct WalletTests {
    @Test("Create DIDs of both methods, list and find them, sign through the Signer protocol")
    func didsAndSigning() async throws {
        let directory = TemporaryDirectory("wallet")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory)
        let first = try await wallet.createDID(method: .key, label: "work")
        let second = try await wallet.createDID(method: .jwk, label: "home")
        let third = try await wallet.createDID(method: .key)
        #expect(first.did.description.hasPrefix("did:key:z6Mk") && second.did.description.hasPrefix("did:jwk:"))
        #expect(try await wallet.dids().map(\.did) == [first.did, second.did, third.did])
        #expect(try await wallet.keys().map(\.id) == ["key-0", "key-1", "key-2"])
        #expect(try await wallet.keys().map(\.derivationPath) == ["m/7337'/0'/0'", "m/7337'/0'/1'", "m/7337'/0'/2'"])
        #expect(try await wallet.did("home").did == second.did)
        #expect(try await wallet.did(first.did.description).label == "work")
        await #expect(throws: WalletError(.notFound, "")) { try await wallet.did("nope") }
        await #expect(throws: WalletError(.alreadyExists, "")) { try await wallet.createDID(method: .key, label: "work") }
        await #expect(throws: WalletError(.invalidArgument, "")) { try await wallet.createDID(method: .key, label: "did:x") }

        for info in [first, second] {
            let signer = try await wallet.signer(for: info.did.description)
            let message = Array("sign me".utf8)
            let signature = try await signer.sign(message)
            // A verifier needs only the DID: resolve it and check with its assertion method.
            let method = try await DIDResolverRegistry.standard.verificationMethod(signer.verificationMethodId)
            let key = try method.ed25519PublicKey()
            #expect(.ed25519(key) == signer.publicKey)
            #expect(key.isValidSignature(signature, for: message))
            #expect(!key.isValidSignature(signature, for: message + [0]))
        }
        await #expect(throws: WalletError(.keyInUse, "")) { try await wallet.deleteKey("key-0") }
        try await wallet.deleteDID("work")
        try await wallet.deleteKey("key-0")
        #expect(try await wallet.keys().map(\.id) == ["key-1", "key-2"])
        // Locked: nothing works.
        await wallet.lock()
        await #expect(throws: WalletError(.locked, "")) { try await wallet.dids() }
        await #expect(throws: WalletError(.locked, "")) { try await wallet.signer(for: "home") }
    }

    @Test("The recovery phrase rebuilds the same keys and DIDs in the same order")
    func recovery() async throws {
        let directory = TemporaryDirectory("recover")
        defer { directory.remove() }
        let original = try await makeWallet(directory, "original")
        var dids: [String] = []
        for method in [Wallet.DIDMethod.key, .jwk, .key] { dids.append(try await original.createDID(method: method).did.description) }
        let phrase = try await original.recoveryPhrase()
        #expect(phrase.wordCount == 24)
        let text = phrase.withUnsafePhrase { String(decoding: $0, as: UTF8.self) }
        let rebuilt = try await makeWallet(directory, "rebuilt", passphrase: "another passphrase", phrase: try Mnemonic(phrase: text))
        var rebuiltDIDs: [String] = []
        for method in [Wallet.DIDMethod.key, .jwk, .key] { rebuiltDIDs.append(try await rebuilt.createDID(method: method).did.description) }
        #expect(rebuiltDIDs == dids)
        // A different phrase gives different keys.
        let other = try await makeWallet(directory, "other")
        #expect(try await other.createDID(method: .key).did.description != dids[0])
    }

    @Test("A stored seed that does not derive the stored public key fails with keyMismatch")
    func keyMismatch() async throws {
        let directory = TemporaryDirectory("mismatch")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory, passphrase: "p")
        let info = try await wallet.createDID(method: .key, label: "me")
        await wallet.close()
        // Replace the seed with another, properly sealed one.
        let keystore = try Keystore.open(at: directory.appending("wallet"), policy: TestKDF.policy)
        try await keystore.unlock(Passphrase("p"))
        try await keystore.save(kind: "key-seed", id: info.keyId, payload: SecureBytes.random(count: 32))
        try await keystore.close()
        let reopened = try Wallet.open(at: directory.appending("wallet"), policy: TestKDF.policy)
        try await reopened.unlock(Passphrase("p"))
        await #expect(throws: WalletError(.keyMismatch, "")) { try await reopened.signer(for: "me") }
        await #expect(throws: WalletError(.keyMismatch, "")) { try await reopened.sign([1], withKey: info.keyId) }
    }

    @Test("Backup export and import: identical keys, DIDs and recovery phrase; wrong passphrase refused; no silent overwrite")
    func backup() async throws {
        let directory = TemporaryDirectory("backup")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory, "source")
        let did = try await wallet.createDID(method: .key, label: "main")
        _ = try await wallet.createDID(method: .jwk)
        let backup = try await wallet.exportBackup(passphrase: Passphrase("correct horse battery staple"), kdf: TestKDF.parameters)
        #expect(backup.starts(with: Array("SDWB".utf8)))
        // The backup is encrypted: no DID or label in clear.
        #expect(!String(decoding: backup, as: UTF8.self).contains("did:key") && !String(decoding: backup, as: UTF8.self).contains("main"))

        await #expect(throws: WalletError(.wrongPassphrase, "")) {
            try await Wallet.importBackup(backup, backupPassphrase: Passphrase("wrong"), into: directory.appending("restored"),
                                          passphrase: Passphrase("new"), kdf: TestKDF.parameters, policy: TestKDF.policy)
        }
        let restored = try await Wallet.importBackup(backup, backupPassphrase: Passphrase("correct horse battery staple"), into: directory.appending("restored"),
                                                     passphrase: Passphrase("new"), kdf: TestKDF.parameters, policy: TestKDF.policy)
        #expect(try await restored.dids().map(\.did) == wallet.dids().map(\.did))
        #expect(try await restored.keys() == wallet.keys())
        #expect(try await restored.recoveryPhrase().seed().constantTimeEquals(try await wallet.recoveryPhrase().seed()))
        // Same private keys: the restored wallet's signatures verify under the original DID.
        let signer = try await restored.signer(for: "main")
        let signature = try await signer.sign([1, 2, 3])
        #expect(try await DIDResolverRegistry.standard.verificationMethod(signer.verificationMethodId).ed25519PublicKey()
            .isValidSignature(signature, for: [1, 2, 3] as [UInt8]))
        #expect(signer.verificationMethodId.hasPrefix(did.did.description))
        // The next key continues the same sequence.
        #expect(try await restored.createKey().id == "key-2")

        // Never overwrite without being told to.
        await #expect(throws: WalletError(.alreadyExists, "")) {
            try await Wallet.importBackup(backup, backupPassphrase: Passphrase("correct horse battery staple"), into: directory.appending("source"),
                                          passphrase: Passphrase("x"), kdf: TestKDF.parameters, policy: TestKDF.policy)
        }
        // A flipped byte anywhere in the backup is refused.
        var damaged = backup
        damaged[backup.count / 2] ^= 0x01
        await #expect(throws: WalletError(.wrongPassphrase, "")) {
            try await Wallet.importBackup(damaged, backupPassphrase: Passphrase("correct horse battery staple"), into: directory.appending("damaged"),
                                          passphrase: Passphrase("x"), kdf: TestKDF.parameters, policy: TestKDF.policy)
        }
        // The explicit plaintext form round-trips too.
        let plaintext = try await wallet.exportUnsafePlaintextBackup()
        let fromPlaintext = try await Wallet.importBackup(plaintext, backupPassphrase: nil, into: directory.appending("plain"),
                                                          passphrase: Passphrase("x"), kdf: TestKDF.parameters, policy: TestKDF.policy)
        #expect(try await fromPlaintext.dids().map(\.did) == wallet.dids().map(\.did))
        await #expect(throws: WalletError(.invalidBackup, "")) {
            try await Wallet.importBackup(Array("not a backup".utf8), backupPassphrase: nil, into: directory.appending("bad"),
                                          passphrase: Passphrase("x"), kdf: TestKDF.parameters, policy: TestKDF.policy)
        }
    }

    @Test("A marker seed and passphrase never appear in descriptions, dumps or errors")
    func redaction() async throws {
        let markerPassphrase = "MARKER-PASS-91f2"
        let directory = TemporaryDirectory("redaction")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory, passphrase: markerPassphrase)
        let info = try await wallet.createDID(method: .key, label: "m")
        let signer = try await wallet.signer(for: "m")
        let phrase = try await wallet.recoveryPhrase()
        let words = phrase.withUnsafePhrase { String(decoding: $0, as: UTF8.self) }
        var renderings: [String] = []
        for value in [signer as Any, phrase, info, wallet, try await wallet.keys()] {
            var dumped = ""
            dump(value, to: &dumped)
            renderings += [String(describing: value), String(reflecting: value), dumped]
        }
        do { try await wallet.changePassphrase(from: Passphrase(markerPassphrase + "!"), to: Passphrase("x")) } catch {
            renderings.append(String(reflecting: error))
        }
        for text in renderings {
            #expect(!text.contains(markerPassphrase))
            #expect(!text.contains(words))
        }
    }
}
