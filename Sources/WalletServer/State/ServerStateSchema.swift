import GRDB

/// The tables of ``ServerStateDatabase``, version 1 (`PRAGMA user_version`).
enum ServerStateSchema {
    static let version = 1

    /// Creates the tables of a new database; refuses a database of another version.
    static func migrate(_ db: Database) throws {
        let current = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        if current == version { return }
        guard current == 0 else {
            throw WalletServerError(.stateUnavailable, "the server state database has version \(current); this wallet reads version \(version)")
        }
        // One table for every kind: the identifier's SHA-256 (never the identifier), the payload
        // (strict JSON), and the expiry in milliseconds since 1970.
        try db.execute(sql: """
            CREATE TABLE entry (
                kind TEXT NOT NULL,
                id_hash BLOB NOT NULL CHECK (length(id_hash) = 32),
                payload BLOB NOT NULL,
                expires_at INTEGER NOT NULL,
                PRIMARY KEY (kind, id_hash)
            ) WITHOUT ROWID;
            CREATE INDEX entry_expiry ON entry (expires_at);
            CREATE TABLE setting (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
            PRAGMA user_version = \(version);
            """)
    }
}
