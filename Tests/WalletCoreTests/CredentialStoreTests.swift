import DIDCore
import Foundation
import WalletKeystore
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCore
import WalletCrypto

@Suite("Holder's credential store and disclosure log")
struct CredentialStoreTests {
    @Test("Listing by VerifiableCredential returns every W3C credential; the ninth type or subject and beyond are found too")
    func unindexedTypes() async throws {
        let directory = TemporaryDirectory("store-types")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory)
        let (issuerDID, signer) = try testIssuer(seed: 4)
        func store(types: [String], subjects: [String]) async throws -> String {
            let subject: JSONValue = subjects.count == 1 ? ["id": .string(subjects[0])] : .array(subjects.map { ["id": .string($0)] })
            let json = Issuer.credential(issuer: issuerDID.description, subject: subject, types: types,
                                         validFrom: DateTimeStamp(Date(timeIntervalSince1970: 1_700_000_000)))
            return try await wallet.storeCredential(Array(try await Issuer.issueJOSE(.object(json), signer: signer).utf8)).0.id
        }
        let many = try await store(types: (1...10).map { "Type\($0)" }, subjects: (1...9).map { "did:example:s\($0)" })
        let plain = try await store(types: ["Type1"], subjects: ["did:example:s1"])
        #expect(try await Set(wallet.credentials(type: "VerifiableCredential").map(\.id)) == [many, plain])
        #expect(try await Set(wallet.credentials(type: "Type1").map(\.id)) == [many, plain])
        #expect(try await wallet.credentials(type: "Type9").map(\.id) == [many])
        #expect(try await wallet.credentials(type: "Type10").map(\.id) == [many])
        #expect(try await wallet.credentials(subject: "did:example:s9").map(\.id) == [many])
        #expect(try await wallet.credentials(type: "Type11").isEmpty)
        #expect(try await wallet.credentials(type: "VerifiableCredential", subject: "did:example:s9").map(\.id) == [many])
        await wallet.close()
    }

    @Test("The store keeps the validity dates as written and decides isValid at the exact instant (security requirement 37)")
    func exactValidity() async throws {
        let directory = TemporaryDirectory("store-dates")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory)
        let (issuerDID, signer) = try testIssuer(seed: 4)
        let from = try #require(DateTimeStamp(parsing: "2025-03-01T08:00:00.5+07:00"))
        let until = try #require(DateTimeStamp(parsing: "2099-12-31T23:59:59.999999999Z"))
        let json = Issuer.credential(issuer: issuerDID.description, subject: ["id": "did:example:an"], validFrom: from, validUntil: until)
        let legacyJSON = Issuer.credential(issuer: issuerDID.description, subject: ["id": "did:example:an"], validFrom: from, validUntil: until,
                                           dataModel: .v1_1)
        let (stored, _) = try await wallet.storeCredential(Array(try await Issuer.issueJOSE(.object(json), signer: signer).utf8))
        let (legacy, _) = try await wallet.storeCredential(Array(try await Issuer.issueLegacyJWT(.object(legacyJSON), signer: signer).utf8))
        for credential in [stored, try await wallet.credential(stored.id)] {
            #expect(credential.validFrom?.text == "2025-03-01T08:00:00.5+07:00" && credential.validUntil?.text == "2099-12-31T23:59:59.999999999Z")
            #expect(credential.jsonValue["validUntil"]?.stringValue == "2099-12-31T23:59:59.999999999Z")
            #expect(credential.isValid(at: Date(timeIntervalSince1970: 2_524_608_000)))
            #expect(!credential.isValid(at: Date(timeIntervalSince1970: 4_102_444_800)))  // 2100-01-01T00:00:00Z
            #expect(credential.isValid(at: Date(timeIntervalSince1970: 4_102_444_799.999_999_5)))
            #expect(!credential.isValid(at: Date(timeIntervalSince1970: 1_740_790_800.25)) && credential.isValid(at: Date(timeIntervalSince1970: 1_740_790_800.5)))
        }
        // A VC 1.1 JWT is listed by its reconstructed credential: the dates as the issuer wrote them.
        #expect(legacy.validFrom?.text == "2025-03-01T08:00:00.5+07:00" && legacy.validUntil?.text == "2099-12-31T23:59:59.999999999Z")
        await wallet.close()
    }

    @Test("Store (verified first), list by type/issuer/subject, show, delete, log presentations")
    func store() async throws {
        let directory = TemporaryDirectory("store")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory)
        let (issuerDID, signer) = try testIssuer(seed: 4)
        func credential(_ type: String, subject: String, until: Date? = nil) async throws -> [UInt8] {
            let json = Issuer.credential(issuer: issuerDID.description, subject: ["id": .string(subject)], types: [type],
                                         validFrom: DateTimeStamp(Date(timeIntervalSince1970: 1_700_000_000)), validUntil: until.map { DateTimeStamp($0) })
            return Array(try await Issuer.issueJOSE(.object(json), signer: signer).utf8)
        }
        let (degree, report) = try await wallet.storeCredential(try await credential("UniversityDegree", subject: "did:example:an"))
        #expect(report.verified && degree.format == "vc+jwt" && degree.types.contains("UniversityDegree"))
        let (license, _) = try await wallet.storeCredential(try await credential("DrivingLicense", subject: "did:example:an"))
        // An expired credential does not verify, so storing it needs `force`.
        let expired = try await credential("DrivingLicense", subject: "did:example:binh", until: Date(timeIntervalSince1970: 1_750_000_000))
        await #expect(throws: WalletError(.invalidArgument, "")) { try await wallet.storeCredential(expired) }
        let (old, _) = try await wallet.storeCredential(expired, force: true)
        #expect(try await wallet.credentials().count == 3)
        #expect(try await wallet.credentials(type: "DrivingLicense").map(\.id).sorted() == [license.id, old.id].sorted())
        #expect(try await wallet.credentials(subject: "did:example:an").count == 2)
        #expect(try await wallet.credentials(issuer: issuerDID.description).count == 3)
        #expect(try await wallet.credentials(type: "DrivingLicense", subject: "did:example:binh").map(\.id) == [old.id])
        #expect(try await wallet.credentials(type: "Nothing").isEmpty)
        let oldStored = try await wallet.credential(old.id), licenseStored = try await wallet.credential(license.id)
        #expect(!oldStored.isValid() && licenseStored.isValid())
        let again = String(decoding: try await credential("UniversityDegree", subject: "did:example:an"), as: UTF8.self)
        #expect(try await wallet.credential(degree.id).raw == again)

        // An invalid credential is refused unless forced.
        var tampered = try await credential("UniversityDegree", subject: "did:example:an")
        tampered[tampered.count - 5] = tampered[tampered.count - 5] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        await #expect(throws: WalletError(.invalidArgument, "")) { try await wallet.storeCredential(tampered) }
        let (forced, forcedReport) = try await wallet.storeCredential(tampered, force: true)
        #expect(!forcedReport.verified)
        try await wallet.deleteCredential(forced.id)
        await #expect(throws: WalletError(.notFound, "")) { try await wallet.credential(forced.id) }

        // The disclosure log answers "who did I share what with".
        try await wallet.logPresentation(DisclosureLogEntry(audience: "https://bank.example", challenge: "c1", format: "vp+jwt",
                                                            credentials: [degree.id], disclosedClaims: ["*"]))
        try await wallet.logPresentation(DisclosureLogEntry(audience: "https://shop.example", challenge: "c2", format: "dc+sd-jwt",
                                                            credentials: [license.id], disclosedClaims: ["age_over_18"]))
        let log = try await wallet.disclosureLog()
        #expect(log.map(\.audience) == ["https://bank.example", "https://shop.example"])
        #expect(try await wallet.logEntry(log[1].id).disclosedClaims == ["age_over_18"])

        // A backup restores the store, searchable by type again.
        let backup = try await wallet.exportBackup(passphrase: Passphrase("correct horse battery staple"), kdf: TestKDF.parameters)
        let restored = try await Wallet.importBackup(backup, backupPassphrase: Passphrase("correct horse battery staple"), into: directory.appending("restored"),
                                                     passphrase: Passphrase("r"), kdf: TestKDF.parameters, policy: TestKDF.policy)
        #expect(try await restored.credentials(type: "DrivingLicense").map(\.id).sorted() == [license.id, old.id].sorted())
        #expect(try await restored.credential(degree.id).raw == again)
        #expect(try await restored.disclosureLog().count == 2)
        #expect(try await wallet.credentials().allSatisfy { $0.raw == nil })

        // Everything is sealed: the issuer, types and audience are not in the database in clear.
        await wallet.close()
        let bytes = try Data(contentsOf: WalletLocation.databaseURL(in: directory.appending("wallet")))
        for secret in ["DrivingLicense", "bank.example", "did:example:binh"] {
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) found in clear")
        }
    }
}
