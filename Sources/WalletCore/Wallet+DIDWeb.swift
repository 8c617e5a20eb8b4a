public import DIDCore
import Foundation
import WalletKeystore
import StrictJSON
import WalletCrypto

/// `did:web` DIDs: the wallet makes the document to publish at the DID's URL and rotates its key.
///
/// A did:web's document is whatever its web server serves (did:web §"Update"): the wallet keeps
/// the one it last wrote in the DID record, with the history of the keys it listed. Each key is
/// a wallet key (Ed25519 unless asked otherwise), derived from the recovery phrase like every other;
/// a rotation gives the DID a fresh key of the type its current key has.
///
/// A rotation follows DID Core 1.0 §5.3 (a method is authorised for a purpose only when a
/// verification relationship lists it): the new key is added to `verificationMethod` and becomes
/// the only entry of `authentication` and `assertionMethod`; the old key's method stays in
/// `verificationMethod`, listed under no relationship, and its private key stays in the wallet.
/// A credential signed before the rotation then fails verification with
/// `verificationMethodNotAuthorized` (the key is the DID's, but no longer authorised) once
/// verifiers fetch the new document — not with `verificationMethodNotFound`, which would not
/// tell a retired key from a forged reference (decision 0027).
extension Wallet {
    /// The `@context` of the documents the wallet writes: DID Core, and the Multikey vocabulary
    /// of their verification methods.
    static let webDocumentContext: JSONValue = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]

    /// Creates a `did:web` for the document URL base `url` (`https://host[:port][/path]`), with a
    /// fresh key of `keyType` (Ed25519 by default; P-256 for verifiers that require ES256) as
    /// `#key-1` under `authentication` and `assertionMethod`. Publish
    /// ``DIDInfo/document`` at `DIDWeb.Location.documentURL`.
    ///
    /// - Throws: `invalidArgument` for a URL no did:web can have (`DIDWeb.did(forURL:)`),
    ///   `alreadyExists` when the wallet already holds the DID or the label.
    public func createWebDID(url: String, keyType: KeyType = .ed25519, label: String? = nil) async throws(WalletError) -> DIDInfo {
        try Self.checkLabel(label)
        let did: DID
        do { did = try DIDWeb.did(forURL: url) } catch { throw WalletError(.invalidArgument, "\(url): \(error.message)") }
        return try await transaction { transaction in
            if let label, !(try transaction.ids(kind: Self.didKind, field: "label", value: label)).isEmpty {
                throw WalletError(.alreadyExists, "a DID is already labelled \(label)")
            }
            if !(try transaction.ids(kind: Self.didKind, field: "did", value: did.description)).isEmpty {
                throw WalletError(.alreadyExists, "the wallet already holds \(did)")
            }
            let key = try Self.createKey(type: keyType, label: label, in: transaction)
            let now = Self.wholeSecondNow()
            let entry = DIDKeyHistoryEntry(verificationMethodId: "\(did)#key-1", keyId: key.id, publicKeyMultibase: key.publicKeyMultibase, added: now)
            var document = DIDDocument(context: Self.webDocumentContext, id: did)
            Self.authorize(entry, in: &document, replacing: [])
            let info = DIDInfo(recordId: UUID().uuidString.lowercased(), did: did, keyId: key.id, label: label, created: now,
                               document: document, keyHistory: [entry])
            try Self.save(info, in: transaction, new: true)
            return info
        }
    }

    /// Rotates the key of the `did:web` `reference` names (the DID or its label): a fresh key
    /// becomes the only one under `authentication` and `assertionMethod`, the current one is
    /// retired (its method stays in `verificationMethod`, authorised for nothing; its private key
    /// stays in the wallet). Read, key creation and write are one transaction. Publish the
    /// returned ``DIDInfo/document``: until then, verifiers still see the old key.
    ///
    /// With `removingRetiredMethods`, every retired key's method is also taken out of the
    /// document (after a key leaked: a verifier that ignored relationships could still accept an
    /// old method; ours then reports `verificationMethodNotFound` for it). The keys stay in the
    /// wallet and in ``DIDInfo/keyHistory`` either way.
    ///
    /// - Throws: `notFound` for no such DID; `invalidArgument` for a DID that is not a did:web.
    public func rotateKey(of reference: String, removingRetiredMethods: Bool = false) async throws(WalletError) -> DIDInfo {
        let found = try await did(reference)
        guard found.did.method == DIDWeb.methodName else {
            throw WalletError(.invalidArgument, "\(found.did) is a did:\(found.did.method), whose key is the DID itself: only a did:web rotates")
        }
        return try await transaction { transaction in
            // Read again inside the transaction: a concurrent rotation is never lost.
            let stored = try DIDInfo(recordId: found.recordId, json: try Self.parse(try transaction.payload(kind: Self.didKind, id: found.recordId)))
            let key = try Self.createKey(type: try Self.keyType(of: stored), label: nil, in: transaction)
            let now = Self.wholeSecondNow()
            var history = stored.keyHistory
            var document = stored.document
            var ordinal = history.count + 1
            while document.verificationMethod(withId: "\(stored.did)#key-\(ordinal)") != nil { ordinal += 1 }
            let entry = DIDKeyHistoryEntry(verificationMethodId: "\(stored.did)#key-\(ordinal)", keyId: key.id,
                                           publicKeyMultibase: key.publicKeyMultibase, added: now)
            let current = Set(history.filter { $0.retired == nil }.map(\.verificationMethodId))
            Self.authorize(entry, in: &document, replacing: current)
            history = history.map { $0.retired == nil ? $0.retiring(at: now) : $0 } + [entry]
            if removingRetiredMethods { Self.remove(Set(history.filter { $0.retired != nil }.map(\.verificationMethodId)), from: &document) }
            let updated = DIDInfo(recordId: stored.recordId, did: stored.did, keyId: key.id, label: stored.label, created: stored.created,
                                  document: document, keyHistory: history)
            try Self.save(updated, in: transaction, new: false)
            return updated
        }
    }

    /// Takes the methods `ids` out of `document`: from `verificationMethod` and from every relationship.
    static func remove(_ ids: Set<String>, from document: inout DIDDocument) {
        let original = document
        document.verificationMethod.removeAll { ids.contains(original.absoluteId($0.id)) }
        for relationship in VerificationRelationship.allCases {
            document[relationship] = original[relationship].filter { !ids.contains(original.absoluteId($0.id)) }
        }
    }

    /// The type of the did:web's current key (from its multikey), which its next key keeps.
    static func keyType(of info: DIDInfo) throws(WalletError) -> KeyType {
        guard let current = info.keyHistory.last(where: { $0.retired == nil }) ?? info.keyHistory.last else {
            throw WalletError(.corrupted, "\(info.did) has no key history")
        }
        let key: PublicSigningKey
        do { key = try Multikey.decode(current.publicKeyMultibase) } catch {
            throw WalletError(.corrupted, "\(info.did)'s key \(current.verificationMethodId): \(error.message)")
        }
        switch key {
        case .ed25519: return .ed25519
        case .p256: return .p256
        case .secp256k1: return .secp256k1
        case .p384: throw WalletError(.corrupted, "\(info.did)'s key is a P-384 key, which the wallet does not make")
        }
    }

    /// Adds `entry`'s method to `document` and makes it the `authentication` and
    /// `assertionMethod` entry in place of the methods in `retired` (other entries are kept).
    static func authorize(_ entry: DIDKeyHistoryEntry, in document: inout DIDDocument, replacing retired: Set<String>) {
        document.verificationMethod.append(VerificationMethod(id: entry.verificationMethodId, type: "Multikey", controller: document.id.description,
                                                              publicKeyMultibase: entry.publicKeyMultibase))
        for relationship in [VerificationRelationship.authentication, .assertionMethod] {
            let kept = document[relationship].filter { !retired.contains(document.absoluteId($0.id)) }
            document[relationship] = kept + [.reference(entry.verificationMethodId)]
        }
    }

    /// The current time to the second, as records store it: what a call returns is what a later read gives.
    static func wholeSecondNow() -> Date { Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)) }

    /// Writes a DID record with its search fields (the DID, the label).
    static func save(_ info: DIDInfo, in transaction: KeystoreTransaction, new: Bool) throws {
        var indexes = ["did": info.did.description]
        if let label = info.label { indexes["label"] = label }
        let payload = info.json.compactString.utf8Bytes
        if new {
            try transaction.insert(kind: didKind, id: info.recordId, payload: payload, indexes: indexes)
        } else {
            try transaction.save(kind: didKind, id: info.recordId, payload: payload, indexes: indexes)
        }
    }
}
