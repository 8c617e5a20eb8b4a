public import Foundation
import DIDCore
import WalletCrypto
import Keystore
public import StrictJSON
public import VerifiableCredentials

/// An issuer's status list kept in the wallet: the bitstring, which indexes are taken, and
/// where it will be published.
public struct StatusListInfo: Sendable, Hashable {
    /// The URL the list credential is published at (its `id`).
    public let url: String
    /// `revocation` or `suspension`.
    public let purpose: String
    /// The issuer DID that signs the list and the credentials pointing at it.
    public let issuer: String
    public internal(set) var list: BitstringStatusList
    /// Indexes given to credentials so far.
    public internal(set) var allocated: Int

    var json: JSONValue {
        ["url": .string(url), "purpose": .string(purpose), "issuer": .string(issuer), "statusSize": .number(JSONNumber(list.statusSize)),
         "encodedList": .string(list.encodedList), "allocated": .number(JSONNumber(allocated))]
    }

    /// What `wallet status list --json` shows (without the bitstring).
    public var summary: JSONValue {
        ["url": .string(url), "purpose": .string(purpose), "issuer": .string(issuer), "entries": .number(JSONNumber(list.count)),
         "allocated": .number(JSONNumber(allocated))]
    }

    init(json: JSONValue) throws(WalletError) {
        guard let url = json["url"]?.stringValue, let purpose = json["purpose"]?.stringValue, let issuer = json["issuer"]?.stringValue,
              let encoded = json["encodedList"]?.stringValue, let allocated = json["allocated"]?.numberValue?.int64Value else {
            throw WalletError(.corrupted, "a status list record is incomplete")
        }
        let size = Int(json["statusSize"]?.numberValue?.int64Value ?? 1)
        guard let list = try? BitstringStatusList(encodedList: encoded, statusSize: size) else {
            throw WalletError(.corrupted, "the stored status list \(url) does not decode")
        }
        self.init(url: url, purpose: purpose, issuer: issuer, list: list, allocated: Int(allocated))
    }

    init(url: String, purpose: String, issuer: String, list: BitstringStatusList, allocated: Int) {
        self.url = url
        self.purpose = purpose
        self.issuer = issuer
        self.list = list
        self.allocated = allocated
    }
}

extension Wallet {
    static let statusListKind = "status-list", statusEntryKind = "status-entry"

    /// Creates a status list of at least 131,072 entries for `issuer` (one of the wallet's DIDs).
    public func createStatusList(url: String, purpose: String, issuer reference: String) async throws(WalletError) -> StatusListInfo {
        guard ["revocation", "suspension"].contains(purpose) else {
            throw WalletError(.invalidArgument, "statusPurpose \(purpose) is not supported here (revocation, suspension)")
        }
        guard url.contains(":") else { throw WalletError(.invalidArgument, "the status list URL must be absolute") }
        let issuer = try await did(reference).did.description
        let info = StatusListInfo(url: url, purpose: purpose, issuer: issuer, list: BitstringStatusList(), allocated: 0)
        let payload = Array(info.json.compactString.utf8)
        try await keystoreCall { try await $0.insert(kind: Self.statusListKind, id: url, payload: payload, indexes: ["issuer": issuer]) }
        return info
    }

    public func statusLists() async throws(WalletError) -> [StatusListInfo] {
        var output: [StatusListInfo] = []
        for record in try await keystoreCall({ try await $0.records(kind: Self.statusListKind) }) {
            output.append(try StatusListInfo(json: try Self.decode(record.payload)))
        }
        return output
    }

    func statusList(_ url: String) async throws(WalletError) -> StatusListInfo {
        try StatusListInfo(json: try Self.decode(try await keystoreCall { try await $0.payload(kind: Self.statusListKind, id: url) }))
    }

    /// A `BitstringStatusListEntry` for credential `credentialId` at a random unused index of the
    /// list (§2.1: random allocation, so an index says nothing about issuance order). The wallet
    /// remembers the entry for `setStatus`.
    public func allocateStatus(list url: String, credentialId: String) async throws(WalletError) -> JSONObject {
        var info = try await statusList(url)
        let capacity = info.list.count
        guard info.allocated < capacity else { throw WalletError(.invalidArgument, "the status list \(url) is full") }
        let taken = Set(try await keystoreCall { try await $0.records(kind: Self.statusEntryKind) }.compactMap { record -> Int? in
            guard let json = try? JSONValue(parsing: record.payload), json["url"]?.stringValue == url else { return nil }
            return json["index"]?.numberValue?.int64Value.map(Int.init)
        })
        var index = Int(SecureRandomIndex.next(below: capacity))
        while taken.contains(index) { index = Int(SecureRandomIndex.next(below: capacity)) }
        info.allocated += 1
        let entry: JSONValue = ["url": .string(url), "index": .number(JSONNumber(index)), "purpose": .string(info.purpose)]
        let listPayload = Array(info.json.compactString.utf8), entryPayload = Array(entry.compactString.utf8)
        try await keystoreCall { keystore in
            try await keystore.insert(kind: Self.statusEntryKind, id: credentialId, payload: entryPayload)
            try await keystore.save(kind: Self.statusListKind, id: url, payload: listPayload, indexes: ["issuer": info.issuer])
        }
        return ["id": .string("\(url)#\(index)"), "type": "BitstringStatusListEntry", "statusPurpose": .string(info.purpose),
                "statusListIndex": .string(String(index)), "statusListCredential": .string(url)]
    }

    /// Sets the status of a credential issued with `allocateStatus` (1 revoked/suspended, 0 clear).
    public func setStatus(credentialId: String, value: Int) async throws(WalletError) -> StatusListInfo {
        let entry = try Self.decode(try await keystoreCall { try await $0.payload(kind: Self.statusEntryKind, id: credentialId) })
        guard let url = entry["url"]?.stringValue, let index = entry["index"]?.numberValue?.int64Value else {
            throw WalletError(.corrupted, "the status entry of \(credentialId) is incomplete")
        }
        var info = try await statusList(url)
        do { try info.list.setStatus(value, at: Int(index)) } catch { throw WalletError(.invalidArgument, error.message) }
        let payload = Array(info.json.compactString.utf8)
        try await keystoreCall { try await $0.save(kind: Self.statusListKind, id: url, payload: payload, indexes: ["issuer": info.issuer]) }
        return info
    }

    /// The signed `BitstringStatusListCredential` (`vc+jwt`) for publishing at the list's URL.
    public func publishStatusList(_ url: String, validUntil: Date? = nil) async throws(WalletError) -> String {
        let info = try await statusList(url)
        let signer = try await signer(for: info.issuer)
        var credential = Issuer.credential(issuer: info.issuer, subject: ["id": .string("\(url)#list"), "type": "BitstringStatusList",
                                                                          "statusPurpose": .string(info.purpose), "encodedList": .string(info.list.encodedList)],
                                           types: ["BitstringStatusListCredential"], id: url, validFrom: Date(), validUntil: validUntil)
        credential["id"] = .string(url)
        do { return try await Issuer.issueJOSE(.object(credential), signer: signer) } catch {
            throw WalletError(.invalidArgument, error.message)
        }
    }
}

/// Uniform random indexes from libsodium's CSPRNG.
enum SecureRandomIndex {
    static func next(below bound: Int) -> UInt32 {
        WalletCrypto.SecureRandom.uniform(UInt32(bound))
    }
}
