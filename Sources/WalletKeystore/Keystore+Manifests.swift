import Foundation
import GRDB
import WalletCrypto

/// Per-kind manifests (docs/keystore-format.md §6) and the commitment over all of them (§6.1).
///
/// A manifest detects a row of its kind removed, added or changed; the commitment detects a
/// whole manifest removed, added, or replaced by an older copy — the rows of a kind deleted or
/// rolled back together with their manifest.
extension Keystore {
    static let manifestKind = "_manifest"

    static func loadManifest(_ db: Database, kind: String, keys: KeystoreKeys, walletId: [UInt8]) throws -> Manifest {
        guard let sealed = try Data.fetchOne(db.cachedStatement(sql: "SELECT sealed FROM manifest WHERE kind = ?"), arguments: [kind]) else {
            return .empty
        }
        let bytes = try RecordSealing.open(Array(sealed), keys: keys, walletId: walletId, kind: manifestKind, id: kind)
        return try Manifest(decoding: bytes, kind: kind)
    }

    static func storeManifest(_ db: Database, _ manifest: Manifest, kind: String, keys: KeystoreKeys, walletId: [UInt8]) throws {
        let sealed = RecordSealing.seal(manifest.encoded, keys: keys, walletId: walletId, kind: manifestKind, id: kind)
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO manifest (kind, sealed) VALUES (?, ?)").execute(arguments: [kind, Data(sealed)])
    }

    /// Every manifest row as stored (without the commitment, the row with the empty kind), ordered by kind (UTF-8 bytes: SQLite's BINARY collation).
    static func sealedManifests(_ db: Database) throws -> [(kind: String, sealed: [UInt8])] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT kind, sealed FROM manifest WHERE kind <> '' ORDER BY kind")).map { row in
            let sealed: Data = try row.keystoreColumn("sealed")
            return (try row.keystoreColumn("kind"), Array(sealed))
        }
    }

    /// `HMAC-SHA-256(commitment_key, "swift-did-wallet/v2/commitment" || wallet_id || u32(n) ||
    /// (lp(kind) || SHA-256(sealed manifest))*n)` over the manifests in kind order.
    static func commitment(over manifests: [(kind: String, sealed: [UInt8])], keys: KeystoreKeys, walletId: [UInt8]) -> [UInt8] {
        var message = Array("swift-did-wallet/v2/commitment".utf8)
        message += walletId
        message.appendBigEndian(UInt32(manifests.count))
        for manifest in manifests.sorted(by: { $0.kind.utf8.lexicographicallyPrecedes($1.kind.utf8) }) {
            message.appendLengthPrefixed(manifest.kind)
            message += SHA256.hash(manifest.sealed)
        }
        return keys.commitmentKey.withUnsafeBytes { HMACSHA256.authenticationCode(for: message, key: $0) }
    }

    /// The commitment is the `manifest` row with the empty kind (no record kind is empty): it
    /// shares the manifests' page, so keeping it current costs a commit no extra page write.
    static func storeCommitment(_ db: Database, _ mac: [UInt8]) throws {
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO manifest (kind, sealed) VALUES ('', ?)").execute(arguments: [Data(mac)])
    }

    /// Checks the stored commitment against the manifests; returns them. `corrupted` on any
    /// difference, or when the commitment is missing.
    @discardableResult
    static func verifyCommitment(_ db: Database, keys: KeystoreKeys, walletId: [UInt8]) throws -> [(kind: String, sealed: [UInt8])] {
        let manifests = try sealedManifests(db)
        guard let stored = try Data.fetchOne(db.cachedStatement(sql: "SELECT sealed FROM manifest WHERE kind = ''")) else {
            throw KeystoreError(.corrupted, "the wallet's commitment over its manifests is missing")
        }
        guard ConstantTime.equals(commitment(over: manifests, keys: keys, walletId: walletId), Array(stored)) else {
            throw KeystoreError(.corrupted, "the wallet's manifests do not match their commitment: a kind of record was removed, added or rolled back")
        }
        return manifests
    }
}
