public import Foundation
public import WalletCrypto
public import DIDCore
public import StrictJSON

/// A key in the wallet, without its private part.
public struct KeyInfo: Sendable, Hashable {
    /// The key's id in the wallet: `key-<index>`.
    public let id: String
    /// The derivation index: the n-th key a wallet creates derives from index n.
    public let index: UInt32
    /// The label given when the key was created, if any.
    public let label: String?
    /// The Ed25519 public key.
    public let publicKey: Ed25519.PublicKey
    /// The SLIP-0010 path it derives from (docs/keystore-format.md §8).
    public let derivationPath: String
    /// When the key was created.
    public let created: Date

    /// The Multikey encoding of the public key (`z6Mk…`).
    public var publicKeyMultibase: String { DIDKey.multibase(publicKey) }

    var json: JSONValue {
        var object: JSONObject = [
            "id": .string(id), "index": .number(JSONNumber(Int(index))),
            "publicKeyMultibase": .string(publicKeyMultibase), "derivationPath": .string(derivationPath),
            "created": .string(WalletDates.format(created)),
        ]
        if let label { object["label"] = .string(label) }
        return .object(object)
    }

    init(json: JSONValue) throws(WalletError) {
        guard let id = json["id"]?.stringValue, let index = json["index"]?.numberValue?.int64Value, let multibase = json["publicKeyMultibase"]?.stringValue,
              let path = json["derivationPath"]?.stringValue, let created = json["created"]?.stringValue.flatMap(WalletDates.parse),
              let index = UInt32(exactly: index) else {
            throw WalletError(.corrupted, "a key record is incomplete")
        }
        guard let bytes = try? Multibase.decode(multibase, expecting: .base58btc), let split = try? Multicodec.split(bytes),
              split.code == Multicodec.ed25519Public.code, let key = try? Ed25519.PublicKey(rawRepresentation: Array(split.body)) else {
            throw WalletError(.corrupted, "key record \(id) holds an invalid public key")
        }
        self.init(id: id, index: index, label: json["label"]?.stringValue, publicKey: key, derivationPath: path, created: created)
    }

    init(id: String, index: UInt32, label: String?, publicKey: Ed25519.PublicKey, derivationPath: String, created: Date) {
        self.id = id
        self.index = index
        self.label = label
        self.publicKey = publicKey
        self.derivationPath = derivationPath
        self.created = created
    }

    /// The key as JSON (what `wallet key show --json` prints).
    public var jsonValue: JSONValue { json }
}

/// A DID held by the wallet.
public struct DIDInfo: Sendable, Hashable {
    /// The record's id in the wallet (random).
    public let recordId: String
    /// The DID.
    public let did: DID
    /// The id of the wallet key the DID's verification method uses.
    public let keyId: String
    /// The label given when the DID was created, if any.
    public let label: String?
    /// When the DID was created.
    public let created: Date
    /// The DID document as resolved when the DID was created (for `did:web`, as last published).
    public let document: DIDDocument
    /// The keys a `did:web` has used, oldest first (the last one current); empty for `did:key`
    /// and `did:jwk`, whose one key never changes. Records written before rotation existed have none.
    public let keyHistory: [DIDKeyHistoryEntry]

    /// The DID method name (`key` or `jwk`).
    public var method: String { did.method }

    var json: JSONValue {
        var object: JSONObject = [
            "did": .string(did.description), "method": .string(did.method), "keyId": .string(keyId),
            "created": .string(WalletDates.format(created)), "recordId": .string(recordId),
        ]
        if let label { object["label"] = .string(label) }
        object["document"] = document.jsonValue
        if !keyHistory.isEmpty { object["keyHistory"] = .array(keyHistory.map(\.jsonValue)) }
        return .object(object)
    }

    init(recordId: String, json: JSONValue) throws(WalletError) {
        guard let didText = json["did"]?.stringValue, let did = try? DID(parsing: didText), let keyId = json["keyId"]?.stringValue,
              let created = json["created"]?.stringValue.flatMap(WalletDates.parse), let documentJSON = json["document"],
              let document = try? DIDDocument(json: documentJSON) else {
            throw WalletError(.corrupted, "DID record \(recordId) is incomplete")
        }
        var history: [DIDKeyHistoryEntry] = []
        if let entries = json["keyHistory"] {
            guard let array = entries.arrayValue else { throw WalletError(.corrupted, "DID record \(recordId) has an invalid key history") }
            for entry in array { history.append(try DIDKeyHistoryEntry(json: entry)) }
        }
        self.init(recordId: recordId, did: did, keyId: keyId, label: json["label"]?.stringValue, created: created, document: document,
                  keyHistory: history)
    }

    init(recordId: String, did: DID, keyId: String, label: String?, created: Date, document: DIDDocument, keyHistory: [DIDKeyHistoryEntry] = []) {
        self.recordId = recordId
        self.did = did
        self.keyId = keyId
        self.label = label
        self.created = created
        self.document = document
        self.keyHistory = keyHistory
    }

    /// The DID as JSON (what `wallet did show --json` prints).
    public var jsonValue: JSONValue { json }
}

/// RFC 3339 timestamps in UTC with second precision.
enum WalletDates {
    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
