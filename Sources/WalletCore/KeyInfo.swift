public import Foundation
public import WalletCrypto
public import DIDCore
public import StrictJSON

/// A key in the wallet, without its private part.
public struct KeyInfo: Sendable, Hashable {
    /// The key's id in the wallet: `key-<index>` for Ed25519, `key-p256-<index>`, `key-secp256k1-<index>`.
    public let id: String
    /// The key's type (its curve and algorithm). Records written before key types existed are Ed25519.
    public let type: KeyType
    /// The derivation index: the n-th key of a type a wallet creates derives from index n.
    public let index: UInt32
    /// The label given when the key was created, if any.
    public let label: String?
    /// The public key, of the key's type.
    public let publicKey: PublicSigningKey
    /// The path it derives from (docs/keystore-format.md §8, decision 0024).
    public let derivationPath: String
    /// When the key was created.
    public let created: Date

    /// The Multikey encoding of the public key (`z6Mk…` Ed25519, `zDn…` P-256, `zQ3s…` secp256k1).
    public var publicKeyMultibase: String { Self.multikey(publicKey) }

    /// The Ethereum address of a secp256k1 key (its did:nda address), `nil` for the other types.
    public var ethereumAddress: EthereumAddress? {
        if case .secp256k1(let key) = publicKey { return EthereumAddress(publicKey: key) }
        return nil
    }

    /// The Ed25519 public key of an Ed25519 key, `nil` for the other types.
    public var ed25519PublicKey: Ed25519.PublicKey? {
        if case .ed25519(let key) = publicKey { return key }
        return nil
    }

    var json: JSONValue {
        var object: JSONObject = [
            "id": .string(id), "type": .string(type.rawValue), "index": .number(JSONNumber(Int(index))),
            "publicKeyMultibase": .string(publicKeyMultibase), "derivationPath": .string(derivationPath),
            "created": .string(WalletDates.format(created)),
        ]
        if let label { object["label"] = .string(label) }
        if let ethereumAddress { object["address"] = .string(ethereumAddress.lowercased) }
        return .object(object)
    }

    /// Reads a key record. A record without `type` is Ed25519 (every record written before key
    /// types existed); the Multikey's codec must be the type's.
    init(json: JSONValue) throws(WalletError) {
        guard let id = json["id"]?.stringValue, let index = json["index"]?.numberValue?.int64Value, let multibase = json["publicKeyMultibase"]?.stringValue,
              let path = json["derivationPath"]?.stringValue, let created = json["created"]?.stringValue.flatMap(WalletDates.parse),
              let index = UInt32(exactly: index) else {
            throw WalletError(.corrupted, "a key record is incomplete")
        }
        let type: KeyType
        switch json["type"] {
        case nil: type = .ed25519
        case .string(let name)?:
            guard let known = KeyType(rawValue: name) else { throw WalletError(.corrupted, "key record \(id) has an unknown type \(name)") }
            type = known
        default: throw WalletError(.corrupted, "key record \(id) has an invalid type")
        }
        guard let bytes = try? Multibase.decode(multibase, expecting: .base58btc), let split = try? Multicodec.split(bytes),
              let key = Self.publicKey(type: type, codec: split.code, bytes: Array(split.body)) else {
            throw WalletError(.corrupted, "key record \(id) holds an invalid \(type) public key")
        }
        self.init(id: id, type: type, index: index, label: json["label"]?.stringValue, publicKey: key, derivationPath: path, created: created)
    }

    init(id: String, type: KeyType, index: UInt32, label: String?, publicKey: PublicSigningKey, derivationPath: String, created: Date) {
        self.id = id
        self.type = type
        self.index = index
        self.label = label
        self.publicKey = publicKey
        self.derivationPath = derivationPath
        self.created = created
    }

    /// The key as JSON (what `wallet key show --json` prints).
    public var jsonValue: JSONValue { json }

    /// `z` base58btc of the multicodec-prefixed key: raw Ed25519, SEC 1 compressed for ECDSA.
    static func multikey(_ key: PublicSigningKey) -> String {
        switch key {
        case .ed25519(let key): Multibase.base58btc.encode(Multicodec.ed25519Public.prefixing(key.rawRepresentation))
        case .p256(let key): Multibase.base58btc.encode(Multicodec.p256Public.prefixing(key.compressedRepresentation))
        case .p384(let key): Multibase.base58btc.encode(Multicodec.p384Public.prefixing(key.compressedRepresentation))
        case .secp256k1(let key): Multibase.base58btc.encode(Multicodec.secp256k1Public.prefixing(key.compressedRepresentation))
        }
    }

    /// The public key of `type` in a Multikey body, or `nil` when the codec or the bytes do not fit.
    private static func publicKey(type: KeyType, codec: UInt64, bytes: [UInt8]) -> PublicSigningKey? {
        switch type {
        case .ed25519:
            guard codec == Multicodec.ed25519Public.code, let key = try? Ed25519.PublicKey(rawRepresentation: bytes) else { return nil }
            return .ed25519(key)
        case .p256:
            guard codec == Multicodec.p256Public.code, let key = try? P256.PublicKey(compressedRepresentation: bytes) else { return nil }
            return .p256(key)
        case .secp256k1:
            guard codec == Multicodec.secp256k1Public.code, let key = try? Secp256k1.PublicKey(compressedRepresentation: bytes) else { return nil }
            return .secp256k1(key)
        }
    }
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

    /// The DID method name (`key`, `jwk`, `nda`, ...).
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
