import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCrypto

@Suite("Bitstring Status List")
struct BitstringStatusListTests {
    let issuer = TestParty(seed: 1)
    let listURL = "https://issuer.example/status/1"

    @Test("The spec's example list decodes: 131,072 entries, all clear; bit order is most significant first")
    func specExample() throws {
        let example = try Fixtures.json("bitstring-status-list/example-status-list-credential.json")
        let list = try BitstringStatusList(encodedList: example["credentialSubject"]!["encodedList"]!.stringValue!)
        #expect(list.count == 131_072)
        #expect(try (0..<list.count).allSatisfy { try list.status(at: $0) == 0 })
        var mine = BitstringStatusList()
        try mine.setStatus(1, at: 0)
        try mine.setStatus(1, at: 9)
        #expect(mine.bytes[0] == 0x80 && mine.bytes[1] == 0x40)
        let decoded = try BitstringStatusList(encodedList: mine.encodedList)
        #expect(try decoded.status(at: 0) == 1 && decoded.status(at: 9) == 1 && decoded.status(at: 1) == 0)
        #expect(mine.encodedList.hasPrefix("u") && mine.encodedList.count < 200)
        // Two-bit entries (statusPurpose message).
        var messages = BitstringStatusList(count: 65_536, statusSize: 2)
        try messages.setStatus(2, at: 5)
        #expect(try messages.status(at: 5) == 2 && messages.status(at: 4) == 0)
        #expect(throws: VCError(.invalidStatusList, "")) { try messages.setStatus(4, at: 1) }
        #expect(throws: VCError(.invalidStatusList, "")) { try mine.status(at: 131_072) }
        #expect(throws: VCError(.invalidStatusList, "")) { try mine.status(at: -1) }
        // Too short, not base64url, over the cap.
        let short = Multibase.base64url.encode(GZIP.compress([UInt8](repeating: 0, count: 1000)))
        #expect(throws: VCError(.invalidStatusList, "")) { try BitstringStatusList(encodedList: short) }
        #expect(throws: VCError(.invalidStatusList, "")) { try BitstringStatusList(encodedList: "zNotIt") }
        #expect(throws: VCError(.invalidStatusList, "")) { try BitstringStatusList(encodedList: mine.encodedList, maximumBytes: 1000) }
    }

    @Test("The spec's message entry (statusSize 2): its statusMessage is read and the value's message reported; statusSize 2 without statusMessage is refused")
    func messageEntries() async throws {
        let example = try Fixtures.json("bitstring-status-list/example-credential-message-entry.json")
        var entry = try #require(example["credentialStatus"]?.objectValue)
        let messages = (entry["statusMessage"]?.arrayValue ?? []).compactMap(StatusMessage.init(json:))
        #expect(messages == [StatusMessage(status: 0, message: "pending_review"), StatusMessage(status: 1, message: "accepted"),
                             StatusMessage(status: 2, message: "rejected")])
        #expect(StatusMessage.parseStatus("0x1F") == 31 && StatusMessage.parseStatus("1") == nil && StatusMessage.parseStatus("0x123") == nil)
        // The example's entry, pointed at a list of ours with entry 492847 set to 1.
        var list = BitstringStatusList(count: 500_000, statusSize: 2)
        try list.setStatus(1, at: 492_847)
        #expect(list.count == 500_000 && list.bytes.count == 125_000)
        entry["statusListCredential"] = .string(listURL)
        func issued(_ status: JSONObject) async throws -> String {
            var json = issuer.credential().objectValue!
            json["credentialStatus"] = .object(status)
            return try await Issuer.issueJOSE(.object(json), signer: issuer.signer)
        }
        let provider = StaticStatusListProvider(lists: [listURL: try await statusListCredential(list, purpose: "message")])
        let report = await Verifier(statusLists: provider).verify(try await issued(entry))
        #expect(report.verified && report.warnings.map(\.message) == ["status 0x1: accepted"], "\(report.jsonValue.prettyString)")
        entry.removeValue(forKey: "statusMessage")
        #expect(codes(await Verifier(statusLists: provider).verify(try await issued(entry))) == ["invalidStatusList"])
    }

    func statusListCredential(_ list: BitstringStatusList, purpose: String = "revocation", signer: InMemorySigner? = nil) async throws -> [UInt8] {
        let signer = signer ?? issuer.signer
        let did = try DIDURL(parsing: signer.verificationMethodId).did.description
        var credential = Issuer.credential(issuer: did, subject: ["id": .string("\(listURL)#list"), "type": "BitstringStatusList",
                                                                  "statusPurpose": .string(purpose), "encodedList": .string(list.encodedList)],
                                           types: ["BitstringStatusListCredential"], id: listURL, validFrom: DateTimeStamp(Date(timeIntervalSince1970: 1_700_000_000)))
        credential["id"] = .string(listURL)
        return Array(try await Issuer.issueJOSE(.object(credential), signer: signer).utf8)
    }

    func credential(index: Int, purpose: String = "revocation") async throws -> String {
        var json = issuer.credential().objectValue!
        json["credentialStatus"] = ["id": .string("\(listURL)#\(index)"), "type": "BitstringStatusListEntry", "statusPurpose": .string(purpose),
                                    "statusListIndex": .string(String(index)), "statusListCredential": .string(listURL)]
        return try await Issuer.issueJOSE(.object(json), signer: issuer.signer)
    }

    func codes(_ report: VerificationReport) -> [String] { report.errors.map(\.code.rawValue) }

    @Test("Verifying with a status list: valid, revoked, suspended, unknown, foreign issuer, wrong purpose")
    func verification() async throws {
        var list = BitstringStatusList()
        try list.setStatus(1, at: 94_023)
        let provider = StaticStatusListProvider(lists: [listURL: try await statusListCredential(list)])
        let verifier = Verifier(statusLists: provider)
        let good = await verifier.verify(try await credential(index: 201))
        #expect(good.verified && good.warnings.isEmpty, "\(good.jsonValue.prettyString)")
        #expect(good.checks.contains { $0.name == .statusList && $0.passed })
        #expect(codes(await verifier.verify(try await credential(index: 94_023))) == ["revoked"])
        // Without a provider the status is not checked, and the report says so.
        let unchecked = await Verifier().verify(try await credential(index: 94_023))
        #expect(unchecked.verified && unchecked.warnings.map(\.code.rawValue) == ["statusNotChecked"])
        // A list that cannot be had: status unknown, never valid.
        #expect(codes(await Verifier(statusLists: StaticStatusListProvider(lists: [:])).verify(try await credential(index: 201))) == ["statusUnknown"])
        // Suspension.
        let suspensions = StaticStatusListProvider(lists: [listURL: try await statusListCredential(list, purpose: "suspension")])
        #expect(codes(await Verifier(statusLists: suspensions).verify(try await credential(index: 94_023, purpose: "suspension"))) == ["suspended"])
        // The purpose must match.
        #expect(codes(await Verifier(statusLists: suspensions).verify(try await credential(index: 201))) == ["invalidStatusList"])
        // A list signed by someone else.
        let other = TestParty(seed: 9)
        let foreign = StaticStatusListProvider(lists: [listURL: try await statusListCredential(list, signer: other.signer)])
        #expect(codes(await Verifier(statusLists: foreign).verify(try await credential(index: 201))) == ["invalidStatusList"])
        // A tampered list credential does not verify: unknown.
        var tampered = try await statusListCredential(list)
        tampered[tampered.count - 3] = tampered[tampered.count - 3] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(codes(await Verifier(statusLists: StaticStatusListProvider(lists: [listURL: tampered])).verify(try await credential(index: 201))) == ["statusUnknown"])
        // An index past the end.
        #expect(codes(await verifier.verify(try await credential(index: 200_000))) == ["invalidStatusList"])
        // The status is checked only once the credential itself verifies.
        let forged = try await credential(index: 94_023).tamperingSegment(2)
        #expect(codes(await verifier.verify(forged)) == ["invalidSignature"])
    }
}
