import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCore

/// The issuer side of Bitstring Status Lists kept in the wallet: purposes, message lists with
/// `statusSize` > 1, and which changes each purpose allows.
@Suite("Issuer status lists in the wallet")
struct StatusListIssuerTests {
    static let url = "https://agency.example/status/msg"

    /// Issues a vc+jwt with a status entry on `list`, signed by the wallet's `issuer` DID.
    static func issue(_ wallet: Wallet, issuer: String, list: String, id: String) async throws -> (JSONObject, [UInt8]) {
        var credential = Issuer.credential(issuer: issuer, subject: ["id": "did:example:holder"], types: ["BillOfLadingExampleCredential"],
                                           id: id, validFrom: DateTimeStamp(Date(timeIntervalSince1970: 1_700_000_000)))
        let entry = try await wallet.allocateStatus(list: list, credentialId: id)
        credential["credentialStatus"] = .object(entry)
        let jwt = try await Issuer.issueJOSE(.object(credential), signer: try await wallet.signer(for: issuer))
        return (entry, Array(jwt.utf8))
    }

    @Test("A message list with statusSize 2: entries carry statusSize and statusMessage; set values are reported")
    func messageList() async throws {
        let directory = TemporaryDirectory("status-message")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory)
        let issuer = try await wallet.createDID(method: .key, label: "agency").did.description
        let messages = [StatusMessage(status: 2, message: "rejected"), StatusMessage(status: 0, message: "pending_review"),
                        StatusMessage(status: 1, message: "accepted")]
        let info = try await wallet.createStatusList(url: Self.url, purpose: "message", issuer: "agency", statusSize: 2, messages: messages)
        // 131,072 entries of two bits each.
        #expect(info.list.statusSize == 2 && info.list.count == 131_072 && info.messages.map(\.status) == [0, 1, 2])

        let (entry, credential) = try await Self.issue(wallet, issuer: issuer, list: Self.url, id: "urn:uuid:bill-1")
        #expect(entry["statusPurpose"] == "message" && entry["statusSize"] == .number(JSONNumber(2)))
        #expect(entry["statusMessage"]?.arrayValue?.compactMap(StatusMessage.init(json:)) == messages.sorted { $0.status < $1.status })
        #expect(entry["statusMessage"]?[1]?["status"] == "0x1")

        func report() async throws -> VerificationReport {
            let list = Array(try await wallet.publishStatusList(Self.url).utf8)
            return await Verifier(statusLists: StaticStatusListProvider(lists: [Self.url: list])).verify(credential)
        }
        var checked = try await report()
        #expect(checked.verified && checked.warnings.map(\.message) == ["status 0x0: pending_review"])
        _ = try await wallet.changeStatus(credentialId: "urn:uuid:bill-1", .set(2))
        checked = try await report()
        // A message status informs; it does not invalidate the credential.
        #expect(checked.verified && checked.warnings.map(\.message) == ["status 0x2: rejected"])
        // Only values the list defines; no revocation or suspension verbs on a message list.
        await #expect(throws: WalletError(.invalidArgument, "")) { try await wallet.changeStatus(credentialId: "urn:uuid:bill-1", .set(3)) }
        await #expect(throws: WalletError(.invalidArgument, "")) { try await wallet.changeStatus(credentialId: "urn:uuid:bill-1", .revoke) }
        await #expect(throws: WalletError(.invalidArgument, "")) { try await wallet.changeStatus(credentialId: "urn:uuid:bill-1", .resume) }
        // The list survives a reopen with its messages.
        #expect(try await wallet.statusLists().first?.messages == messages.sorted { $0.status < $1.status })
        await wallet.close()
    }

    @Test("Lists that cannot be made are refused with invalidArgument", arguments: [
        ("message", 2, [StatusMessage(status: 1, message: "accepted")]),                                    // no 0x0
        ("message", 1, [StatusMessage(status: 0, message: "a"), StatusMessage(status: 2, message: "b")]),   // 2 needs two bits
        ("message", 2, [StatusMessage(status: 0, message: "a"), StatusMessage(status: 0, message: "b")]),   // duplicate value
        ("message", 2, []),                                                                                 // no messages
        ("message", 9, [StatusMessage(status: 0, message: "a")]),                                           // too wide
        ("revocation", 2, []),                                                                              // revocation is one bit
        ("suspension", 1, [StatusMessage(status: 0, message: "a")]),                                        // messages only on message lists
        ("refresh", 1, []),                                                                                 // unknown purpose
    ])
    func refused(_ purpose: String, _ size: Int, _ messages: [StatusMessage]) async throws {
        let directory = TemporaryDirectory("status-refused")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory)
        _ = try await wallet.createDID(method: .key, label: "agency")
        await #expect(throws: WalletError(.invalidArgument, "")) {
            try await wallet.createStatusList(url: Self.url, purpose: purpose, issuer: "agency", statusSize: size, messages: messages)
        }
        #expect(try await wallet.statusLists().isEmpty)
        await wallet.close()
    }

    @Test("Revocation is final; suspension can be lifted; each verb fits only its purpose")
    func purposes() async throws {
        let directory = TemporaryDirectory("status-purposes")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory)
        let issuer = try await wallet.createDID(method: .key, label: "agency").did.description
        _ = try await wallet.createStatusList(url: "https://a.example/rev", purpose: "revocation", issuer: "agency")
        _ = try await wallet.createStatusList(url: "https://a.example/sus", purpose: "suspension", issuer: "agency")
        let (_, revocable) = try await Self.issue(wallet, issuer: issuer, list: "https://a.example/rev", id: "urn:uuid:r")
        let (_, suspendable) = try await Self.issue(wallet, issuer: issuer, list: "https://a.example/sus", id: "urn:uuid:s")
        func codes(_ credential: [UInt8]) async throws -> [String] {
            var lists: [String: [UInt8]] = [:]
            for url in ["https://a.example/rev", "https://a.example/sus"] { lists[url] = Array(try await wallet.publishStatusList(url).utf8) }
            return await Verifier(statusLists: StaticStatusListProvider(lists: lists)).verify(credential).errors.map(\.code.rawValue)
        }
        await #expect(throws: WalletError(.invalidArgument, "")) { try await wallet.changeStatus(credentialId: "urn:uuid:r", .suspend) }
        await #expect(throws: WalletError(.invalidArgument, "")) { try await wallet.changeStatus(credentialId: "urn:uuid:s", .revoke) }
        await #expect(throws: WalletError(.invalidArgument, "")) { try await wallet.changeStatus(credentialId: "urn:uuid:r", .set(0)) }
        _ = try await wallet.changeStatus(credentialId: "urn:uuid:r", .revoke)
        _ = try await wallet.changeStatus(credentialId: "urn:uuid:s", .suspend)
        let (revokedCodes, suspendedCodes) = (try await codes(revocable), try await codes(suspendable))
        #expect(revokedCodes == ["revoked"] && suspendedCodes == ["suspended"])
        await #expect(throws: WalletError(.invalidArgument, "")) { try await wallet.changeStatus(credentialId: "urn:uuid:r", .resume) }
        _ = try await wallet.changeStatus(credentialId: "urn:uuid:s", .resume)
        let (stillRevoked, resumed) = (try await codes(revocable), try await codes(suspendable))
        #expect(stillRevoked == ["revoked"] && resumed == [])
        await wallet.close()
    }
}
