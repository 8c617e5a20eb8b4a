import DIDCore
import Foundation
import GRDB
import WalletKeystore
import StrictJSON
import TestSupport
import Testing
import WalletCore
import WalletCrypto

/// Security requirement 7: a committed wallet (format v1, non-ASCII passphrase) always opens to
/// the same keys and DIDs. If this test fails, the on-disk format changed.
@Suite("Golden wallet Fixtures/keystore-v1")
struct GoldenWalletTests {
    static let expected = try! Fixtures.json("keystore-v1/expected.json")

    func copyOfGolden(_ directory: TemporaryDirectory) throws -> URL {
        let wallet = directory.appending("golden")
        try FileManager.default.createDirectory(at: wallet, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let target = WalletLocation.databaseURL(in: wallet)
        try Data(Fixtures.bytes("keystore-v1/wallet.sqlite")).write(to: target)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target.path)
        return wallet
    }

    @Test("Opens with the standard policy to the same DIDs, labels, keys and recovery phrase")
    func opens() async throws {
        let directory = TemporaryDirectory("golden")
        defer { directory.remove() }
        let wallet = try Wallet.open(at: try copyOfGolden(directory))
        let passphrase = Self.expected["passphrase"]!.stringValue!
        await #expect(throws: WalletError(.wrongPassphrase, "")) { try await wallet.unlock(Passphrase("Vi cua toi — ключ 🔑")) }
        // The same passphrase typed in decomposed form unlocks too (NFKD).
        try await wallet.unlock(Passphrase(passphrase.decomposedStringWithCanonicalMapping))
        let dids = try await wallet.dids()
        let expectedDIDs = Self.expected["dids"]!.arrayValue!
        #expect(dids.map(\.did.description) == expectedDIDs.map { $0["did"]!.stringValue! })
        #expect(dids.map { $0.label ?? "" } == expectedDIDs.map { $0["label"]?.stringValue ?? "" })
        #expect(dids.map(\.keyId) == expectedDIDs.map { $0["keyId"]!.stringValue! })
        let keys = try await wallet.keys()
        let expectedKeys = Self.expected["keys"]!.arrayValue!
        #expect(keys.map(\.publicKeyMultibase) == expectedKeys.map { $0["publicKeyMultibase"]!.stringValue! })
        #expect(keys.map(\.derivationPath) == expectedKeys.map { $0["derivationPath"]!.stringValue! })
        let phrase = try await wallet.recoveryPhrase().withUnsafePhrase { String(decoding: $0, as: UTF8.self) }
        #expect(phrase == Self.expected["recoveryPhrase"]!.stringValue!)
        // The stored keys still sign for their DIDs.
        let signer = try await wallet.signer(for: "Công dân")
        let signature = try await signer.sign([7])
        #expect(try await DIDResolverRegistry.standard.verificationMethod(signer.verificationMethodId).ed25519PublicKey()
            .isValidSignature(signature, for: [7] as [UInt8]))
    }

    @Test("The first unlock gives the version 1 wallet its commitment (header version 2): a kind deleted afterwards is corrupted")
    func upgradesToCommitment() async throws {
        let directory = TemporaryDirectory("golden-upgrade")
        defer { directory.remove() }
        let location = try copyOfGolden(directory)
        let database = WalletLocation.databaseURL(in: location)
        func headerVersion() throws -> UInt8 {
            let queue = try DatabaseQueue(path: database.path)
            defer { try? queue.close() }
            return try queue.read { db in Array(try Data.fetchOne(db, sql: "SELECT header FROM header")!)[5] }
        }
        #expect(try headerVersion() == 1)
        let passphrase = try Passphrase(Self.expected["passphrase"]!.stringValue!)
        let wallet = try Wallet.open(at: location)
        try await wallet.unlock(passphrase)
        let dids = try await wallet.dids()
        await wallet.close()
        #expect(try headerVersion() == 2)
        let again = try Wallet.open(at: location)
        try await again.unlock(passphrase)
        #expect(try await again.dids() == dids)
        await again.close()
        let queue = try DatabaseQueue(path: database.path)
        try await queue.write { db in
            try db.execute(sql: "DELETE FROM record WHERE kind = 'did'; DELETE FROM record_index WHERE kind = 'did'; DELETE FROM manifest WHERE kind = 'did'")
        }
        try queue.close()
        let tampered = try Wallet.open(at: location)
        await #expect(throws: WalletError(.corrupted, "")) { try await tampered.unlock(passphrase) }
        await tampered.close()
    }

    @Test("Its recovery phrase rebuilds the same DIDs in the same order")
    func recovers() async throws {
        let directory = TemporaryDirectory("golden-recover")
        defer { directory.remove() }
        let phrase = try Mnemonic(phrase: Self.expected["recoveryPhrase"]!.stringValue!)
        let rebuilt = try await makeWallet(directory, phrase: phrase)
        let first = try await rebuilt.createDID(method: .key)
        let second = try await rebuilt.createDID(method: .jwk)
        let expectedDIDs = Self.expected["dids"]!.arrayValue!.map { $0["did"]!.stringValue! }
        #expect([first.did.description, second.did.description] == expectedDIDs)
    }
}
