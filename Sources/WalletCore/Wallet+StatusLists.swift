import Foundation
import DIDCore
import WalletCrypto
import WalletKeystore
public import StrictJSON
public import VerifiableCredentials

/// An issuer's status list kept in the wallet: the bitstring, which indexes are taken, and
/// where it will be published.
public struct StatusListInfo: Sendable, Hashable {
    /// The URL the list credential is published at (its `id`).
    public let url: String
    /// `revocation`, `suspension` or `message`.
    public let purpose: String
    /// What each status value means, on a `message` list (copied into every entry).
    public let messages: [StatusMessage]
    /// The issuer DID that signs the list and the credentials pointing at it.
    public let issuer: String
    /// The list's bits as the wallet holds them.
    public internal(set) var list: BitstringStatusList
    /// Indexes given to credentials so far.
    public internal(set) var allocated: Int

    var json: JSONValue {
        ["url": .string(url), "purpose": .string(purpose), "issuer": .string(issuer), "statusSize": .number(JSONNumber(list.statusSize)),
         "statusMessage": .array(messages.map(\.jsonValue)), "encodedList": .string(list.encodedList), "allocated": .number(JSONNumber(allocated))]
    }

    /// What `wallet status list --json` shows (without the bitstring).
    public var summary: JSONValue {
        var summary: JSONObject = ["url": .string(url), "purpose": .string(purpose), "issuer": .string(issuer), "entries": .number(JSONNumber(list.count)),
                                   "allocated": .number(JSONNumber(allocated))]
        if purpose == "message" {
            summary["statusSize"] = .number(JSONNumber(list.statusSize))
            summary["statusMessage"] = .array(messages.map(\.jsonValue))
        }
        return .object(summary)
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
        let messages = (json["statusMessage"]?.arrayValue ?? []).compactMap(StatusMessage.init(json:))
        self.init(url: url, purpose: purpose, issuer: issuer, list: list, messages: messages, allocated: Int(allocated))
    }

    init(url: String, purpose: String, issuer: String, list: BitstringStatusList, messages: [StatusMessage] = [], allocated: Int) {
        self.url = url
        self.purpose = purpose
        self.messages = messages
        self.issuer = issuer
        self.list = list
        self.allocated = allocated
    }
}

extension Wallet {
    static let statusListKind = "status-list", statusEntryKind = "status-entry"

    /// Creates a status list of at least 131,072 entries for `issuer` (one of the wallet's DIDs).
    ///
    /// `revocation` and `suspension` lists have one bit per credential. A `message` list has
    /// `statusSize` bits (1–8) and needs `messages`, the meaning of each value it will use
    /// (W3C Bitstring Status List §2.1: `statusMessage` is required when `statusSize` > 1).
    public func createStatusList(url: String, purpose: String, issuer reference: String,
                                 statusSize: Int = 1, messages: [StatusMessage] = []) async throws(WalletError) -> StatusListInfo {
        switch purpose {
        case "revocation", "suspension":
            guard statusSize == 1, messages.isEmpty else {
                throw WalletError(.invalidArgument, "a \(purpose) list has one bit per credential and no status messages")
            }
        case "message":
            guard (1...8).contains(statusSize) else { throw WalletError(.invalidArgument, "statusSize must be 1 to 8 bits, not \(statusSize)") }
            guard !messages.isEmpty else { throw WalletError(.invalidArgument, "a message list needs a status message for each value it uses") }
            guard messages.allSatisfy({ $0.status < 1 << statusSize }) else {
                throw WalletError(.invalidArgument, "a status value does not fit in \(statusSize) bit(s) (0 to \((1 << statusSize) - 1))")
            }
            guard Set(messages.map(\.status)).count == messages.count else { throw WalletError(.invalidArgument, "two status messages share a value") }
            guard messages.contains(where: { $0.status == 0 }) else {
                throw WalletError(.invalidArgument, "a message list needs a message for 0x0, the status every new entry starts with")
            }
        default:
            throw WalletError(.invalidArgument, "statusPurpose \(purpose) is not supported (revocation, suspension, message)")
        }
        guard url.contains(":") else { throw WalletError(.invalidArgument, "the status list URL must be absolute") }
        let issuer = try await did(reference).did.description
        let info = StatusListInfo(url: url, purpose: purpose, issuer: issuer, list: BitstringStatusList(statusSize: statusSize),
                                  messages: messages.sorted { $0.status < $1.status }, allocated: 0)
        let payload = Array(info.json.compactString.utf8)
        try await keystoreCall { try await $0.insert(kind: Self.statusListKind, id: url, payload: payload, indexes: ["issuer": issuer]) }
        return info
    }

    /// The status lists this wallet issues, with their allocation state.
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
        // The list's counter, the indexes taken and the new entry: one transaction, so two
        // issuers at once never take the same index.
        let (info, index) = try await transaction { transaction in
            var info = try StatusListInfo(json: try Self.decode(try transaction.payload(kind: Self.statusListKind, id: url)))
            let capacity = info.list.count
            guard info.allocated < capacity else { throw WalletError(.invalidArgument, "the status list \(url) is full") }
            let taken = Set(try transaction.records(kind: Self.statusEntryKind).compactMap { record -> Int? in
                guard let json = try? JSONValue(parsing: record.payload), json["url"]?.stringValue == url else { return nil }
                return json["index"]?.numberValue?.int64Value.map(Int.init)
            })
            var index = Int(SecureRandomIndex.next(below: capacity))
            while taken.contains(index) { index = Int(SecureRandomIndex.next(below: capacity)) }
            info.allocated += 1
            let entry: JSONValue = ["url": .string(url), "index": .number(JSONNumber(index)), "purpose": .string(info.purpose)]
            try transaction.insert(kind: Self.statusEntryKind, id: credentialId, payload: Array(entry.compactString.utf8))
            try transaction.save(kind: Self.statusListKind, id: url, payload: Array(info.json.compactString.utf8), indexes: ["issuer": info.issuer])
            return (info, index)
        }
        var statusEntry: JSONObject = ["id": .string("\(url)#\(index)"), "type": "BitstringStatusListEntry", "statusPurpose": .string(info.purpose),
                                       "statusListIndex": .string(String(index)), "statusListCredential": .string(url)]
        if info.purpose == "message" {
            statusEntry["statusSize"] = .number(JSONNumber(info.list.statusSize))
            statusEntry["statusMessage"] = .array(info.messages.map(\.jsonValue))
        }
        return statusEntry
    }

    /// What an issuer does to a credential's status. Revocation is final (§2.1: "not
    /// reversible"), so only a suspension can be resumed, and `set` is for message lists.
    public enum StatusChange: Sendable, Hashable {
        /// Revokes (final), suspends, or lifts a suspension.
        case revoke, suspend, resume
        /// Sets a `message` list entry to one of the list's status values.
        case set(Int)
    }

    /// Changes the status of a credential issued with `allocateStatus`, checking that the change
    /// fits the list's purpose.
    public func changeStatus(credentialId: String, _ change: StatusChange) async throws(WalletError) -> StatusListInfo {
        let entry = try Self.decode(try await keystoreCall { try await $0.payload(kind: Self.statusEntryKind, id: credentialId) })
        guard let url = entry["url"]?.stringValue else { throw WalletError(.corrupted, "the status entry of \(credentialId) is incomplete") }
        let info = try await statusList(url)
        let value: Int
        switch (change, info.purpose) {
        case (.revoke, "revocation"), (.suspend, "suspension"): value = 1
        case (.resume, "suspension"): value = 0
        case (.set(let requested), "message"):
            guard info.messages.contains(where: { $0.status == requested }) else {
                throw WalletError(.invalidArgument, "\(url) defines no status message for 0x\(String(requested, radix: 16)) (it has \(info.messages.map { "0x" + String($0.status, radix: 16) }.joined(separator: ", ")))")
            }
            value = requested
        case (.resume, "revocation"):
            throw WalletError(.invalidArgument, "\(credentialId) is on a revocation list; revocation cannot be undone")
        default:
            throw WalletError(.invalidArgument, "\(credentialId) is on a \(info.purpose) list, which does not take this change")
        }
        return try await setStatus(credentialId: credentialId, value: value)
    }

    /// Writes `value` into the entry of a credential issued with `allocateStatus`, whatever the
    /// list's purpose (``changeStatus(credentialId:_:)`` is the checked form).
    func setStatus(credentialId: String, value: Int) async throws(WalletError) -> StatusListInfo {
        // Read, changed and written in one transaction: a concurrent change to another entry of
        // the same list is never overwritten by a stale copy.
        try await transaction { transaction in
            let entry = try Self.decode(try transaction.payload(kind: Self.statusEntryKind, id: credentialId))
            guard let url = entry["url"]?.stringValue, let index = entry["index"]?.numberValue?.int64Value else {
                throw WalletError(.corrupted, "the status entry of \(credentialId) is incomplete")
            }
            var info = try StatusListInfo(json: try Self.decode(try transaction.payload(kind: Self.statusListKind, id: url)))
            do throws(VCError) { try info.list.setStatus(value, at: Int(index)) } catch { throw WalletError(.invalidArgument, error.message) }
            try transaction.save(kind: Self.statusListKind, id: url, payload: Array(info.json.compactString.utf8), indexes: ["issuer": info.issuer])
            return info
        }
    }

    /// The signed `BitstringStatusListCredential` (`vc+jwt`) for publishing at the list's URL.
    public func publishStatusList(_ url: String, validUntil: DateTimeStamp? = nil) async throws(WalletError) -> String {
        let info = try await statusList(url)
        let signer = try await signer(for: info.issuer)
        var credential = Issuer.credential(issuer: info.issuer, subject: ["id": .string("\(url)#list"), "type": "BitstringStatusList",
                                                                          "statusPurpose": .string(info.purpose), "encodedList": .string(info.list.encodedList)],
                                           types: ["BitstringStatusListCredential"], id: url, validFrom: DateTimeStamp(wholeSecondsOf: Date()),
                                           validUntil: validUntil)
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
