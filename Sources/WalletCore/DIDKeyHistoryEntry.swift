public import Foundation
public import StrictJSON

/// One key a wallet DID has used, as its DID record remembers it (`did:web`, whose keys rotate):
/// which verification method, which wallet key, when it was added to the document's
/// `authentication` and `assertionMethod`, and when a rotation retired it from them.
public struct DIDKeyHistoryEntry: Sendable, Hashable {
    /// The verification method's absolute id (`did:web:example.com#key-1`).
    public let verificationMethodId: String
    /// The wallet key (`key-<n>`); it stays in the wallet after the rotation.
    public let keyId: String
    /// The public key, as the document's `publicKeyMultibase` writes it.
    public let publicKeyMultibase: String
    /// When the key was added.
    public let added: Date
    /// When a rotation retired it; `nil` for the current key.
    public let retired: Date?

    /// An entry; `retired` is `nil` for the current key.
    public init(verificationMethodId: String, keyId: String, publicKeyMultibase: String, added: Date, retired: Date? = nil) {
        self.verificationMethodId = verificationMethodId
        self.keyId = keyId
        self.publicKeyMultibase = publicKeyMultibase
        self.added = added
        self.retired = retired
    }

    /// The same entry, retired at `date`.
    func retiring(at date: Date) -> DIDKeyHistoryEntry {
        DIDKeyHistoryEntry(verificationMethodId: verificationMethodId, keyId: keyId, publicKeyMultibase: publicKeyMultibase, added: added, retired: date)
    }

    /// The entry as JSON (in the DID record and `wallet did show --json`).
    public var jsonValue: JSONValue {
        var object: JSONObject = ["verificationMethod": .string(verificationMethodId), "keyId": .string(keyId),
                                  "publicKeyMultibase": .string(publicKeyMultibase), "added": .string(WalletDates.format(added))]
        if let retired { object["retired"] = .string(WalletDates.format(retired)) }
        return .object(object)
    }

    init(json: JSONValue) throws(WalletError) {
        guard let method = json["verificationMethod"]?.stringValue, let keyId = json["keyId"]?.stringValue,
              let multibase = json["publicKeyMultibase"]?.stringValue, let added = json["added"]?.stringValue.flatMap(WalletDates.parse) else {
            throw WalletError(.corrupted, "a DID key history entry is incomplete")
        }
        var retired: Date?
        if let text = json["retired"]?.stringValue {
            guard let date = WalletDates.parse(text) else { throw WalletError(.corrupted, "a DID key history entry has an invalid date") }
            retired = date
        }
        self.init(verificationMethodId: method, keyId: keyId, publicKeyMultibase: multibase, added: added, retired: retired)
    }
}
