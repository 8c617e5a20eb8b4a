public import Foundation
import GRDB
public import StrictJSON
import DIDCore
import WalletCrypto

/// The state of `wallet serve` in SQLite: offers, pre-authorized codes, access tokens, nonces,
/// presentation requests and their results — each a JSON payload under a random identifier, with an
/// expiry time (security requirement 50).
///
/// - Identifiers are 256 random bits (``newIdentifier()``); the database keeps only the SHA-256 of
///   each (with its kind), so no code, token or request id can be read from the keys of a copy of the
///   file. Payloads are stored as given: an offer made by reference (`credential_offer_uri`) holds
///   its pre-authorized code or `issuer_state` in its payload, and a Transaction Code is kept only as
///   a salted SHA-256, which a 6-digit code does not protect against an offline search — so the
///   file is written with mode 0600 and must be kept like the wallet itself.
/// - ``consume(_:id:at:)`` reads and deletes in one statement (`DELETE … RETURNING`): of two requests
///   that race for one code, exactly one gets it — in this process or another one on the same file.
/// - An expired entry is never returned, and is deleted by the next insert of any kind.
/// - Each kind holds at most ``maximumLiveEntries`` live entries: a peer that asks for nonces in a
///   loop fills the table, not the disk.
///
/// The file is created with mode 0600 in the wallet's directory (`wallet serve`, `offer create`
/// and `request create` share it; [decision 0035](../../docs/decisions/0035-wallet-serve.md)).
public struct ServerStateDatabase: Sendable {
    /// What an entry is; each kind has its own identifiers.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        /// The name stored in the database.
        public let rawValue: String
        /// A kind named `rawValue` (lowercase letters; the ones below are the server's).
        public init(_ rawValue: String) {
            precondition(!rawValue.isEmpty && rawValue.utf8.allSatisfy { (97...122).contains($0) }, "a kind is lowercase letters")
            self.rawValue = rawValue
        }
        /// The name.
        public var description: String { rawValue }

        /// A credential offer (OpenID4VCI §4.1), fetched by reference.
        public static let offer = Kind("offer")
        /// A pre-authorized code and what it grants (OpenID4VCI §3.5), with the hash of its `tx_code`.
        public static let preAuthorizedCode = Kind("code")
        /// An access token from the token endpoint (OpenID4VCI §6).
        public static let accessToken = Kind("token")
        /// A `c_nonce` from the nonce endpoint (OpenID4VCI §7).
        public static let nonce = Kind("nonce")
        /// A presentation request (OpenID4VP §5), with its nonce and state.
        public static let request = Kind("request")
        /// The verification result of the response to a presentation request, under the request's id.
        public static let result = Kind("result")
        /// What the verifier's operator sees of a request (``RequestView``), under its own id.
        public static let view = Kind("view")
    }

    /// The most live entries of one kind (expired ones do not count).
    public let maximumLiveEntries: Int
    /// The longest lifetime an entry may be given.
    public static let maximumLifetime: Duration = .seconds(30 * 24 * 3600)

    let database: DatabaseQueue
    let clock: @Sendable () -> Date

    /// Opens the database at `url`, creating it (mode 0600) and its schema if needed.
    /// - Parameters:
    ///   - url: The file.
    ///   - clock: The current time; injected by tests.
    ///   - maximumLiveEntries: The most live entries of one kind.
    public static func open(at url: URL, maximumLiveEntries: Int = 100_000,
                            clock: @escaping @Sendable () -> Date = { Date() }) throws(WalletServerError) -> ServerStateDatabase {
        // Created before SQLite opens it, so it never exists with the umask's mode.
        let descriptor = Foundation.open(url.path, O_CREAT | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw WalletServerError(.stateUnavailable, "cannot create the server state database \(url.lastPathComponent): errno \(errno)")
        }
        close(descriptor)
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(10)
        configuration.label = "wallet-server-state"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        let database: DatabaseQueue
        do { database = try DatabaseQueue(path: url.path, configuration: configuration) } catch {
            throw WalletServerError(.stateUnavailable, "cannot open the server state database: \(Self.describe(error))")
        }
        return try ServerStateDatabase(database: database, maximumLiveEntries: maximumLiveEntries, clock: clock)
    }

    /// A database in memory, gone when the last copy of this value is: for tests and for a server
    /// whose state need not outlive it.
    public static func inMemory(maximumLiveEntries: Int = 100_000,
                                clock: @escaping @Sendable () -> Date = { Date() }) throws(WalletServerError) -> ServerStateDatabase {
        let database: DatabaseQueue
        do { database = try DatabaseQueue() } catch {
            throw WalletServerError(.stateUnavailable, "cannot open an in-memory database: \(Self.describe(error))")
        }
        return try ServerStateDatabase(database: database, maximumLiveEntries: maximumLiveEntries, clock: clock)
    }

    private init(database: DatabaseQueue, maximumLiveEntries: Int, clock: @escaping @Sendable () -> Date) throws(WalletServerError) {
        precondition(maximumLiveEntries > 0, "maximumLiveEntries must be positive")
        self.database = database
        self.maximumLiveEntries = maximumLiveEntries
        self.clock = clock
        try access { db in try ServerStateSchema.migrate(db) }
    }

    /// A new identifier: 32 random bytes, base64url without padding (43 characters), never
    /// starting with `-` (a command line would read it as an option): a draw that would is
    /// drawn again, which leaves 255.9 bits of randomness.
    public static func newIdentifier() -> String {
        while true {
            let bytes = SecureRandom.bytes(count: 32)
            // The first character is the top six bits of the first byte; 62 is `-`.
            if bytes[0] >> 2 != 62 { return Base64URL.encode(bytes) }
        }
    }

    /// Stores `payload` under `id` for `lifetime`.
    /// - Parameters:
    ///   - kind: What the entry is.
    ///   - id: Its identifier (from ``newIdentifier()`` unless a protocol gives one).
    ///   - payload: What is stored.
    ///   - lifetime: How long it lives, at most ``maximumLifetime``.
    ///   - replacing: Whether a live entry under `id` is replaced (its payload and expiry)
    ///     instead of refused.
    /// - Throws: ``WalletServerError/Code/stateFull`` when the kind has ``maximumLiveEntries``
    ///   live entries, ``WalletServerError/Code/identifierInUse`` when a live entry has this `id`,
    ///   ``WalletServerError/Code/stateUnavailable`` when the database fails.
    public func insert(_ kind: Kind, id: String, payload: JSONValue, lifetime: Duration, replacing: Bool = false) throws(WalletServerError) {
        precondition(lifetime > .zero && lifetime <= Self.maximumLifetime, "lifetime out of range")
        let now = clock()
        let milliseconds = lifetime.components.seconds * 1000 + lifetime.components.attoseconds / 1_000_000_000_000_000
        try insert(kind, id: id, payload: payload, expiresAt: now.addingTimeInterval(Double(milliseconds) / 1000), at: now, replacing: replacing)
    }

    /// Stores `payload` under `id` until `expiresAt`, as seen at `time` (a role that keeps its own
    /// clock and expiry, as `OpenID4VC`'s do).
    /// - Parameters:
    ///   - kind: What the entry is.
    ///   - id: Its identifier.
    ///   - payload: What is stored.
    ///   - expiresAt: When it expires: at most ``maximumLifetime`` after `time`.
    ///   - time: The current time, as the caller's clock has it.
    ///   - replacing: Whether a live entry under `id` is replaced instead of refused.
    /// - Throws: As ``insert(_:id:payload:lifetime:replacing:)``.
    public func insert(_ kind: Kind, id: String, payload: JSONValue, expiresAt: Date, at time: Date,
                       replacing: Bool = false) throws(WalletServerError) {
        precondition(expiresAt > time && expiresAt.timeIntervalSince(time) <= 30 * 24 * 3600, "expiry out of range")
        let now = milliseconds(time)
        let expires = milliseconds(expiresAt)
        let bytes = Data(JSONSerializer().serialize(payload))
        let limit = maximumLiveEntries
        let full: Bool = try access { db in
            try db.execute(sql: "DELETE FROM entry WHERE expires_at <= ?", arguments: [now])
            let live = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entry WHERE kind = ?", arguments: [kind.rawValue]) ?? 0
            let hash = Self.idHash(kind, id)
            let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM entry WHERE kind = ? AND id_hash = ?", arguments: [kind.rawValue, hash]) == true
            if exists && !replacing { throw WalletServerError(.identifierInUse, "a live \(kind) has this identifier") }
            guard exists || live < limit else { return true }
            try db.execute(sql: """
                INSERT INTO entry (kind, id_hash, payload, expires_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (kind, id_hash) DO UPDATE SET payload = excluded.payload, expires_at = excluded.expires_at
                """, arguments: [kind.rawValue, hash, bytes, expires])
            return false
        }
        if full { throw WalletServerError(.stateFull, "the server holds \(limit) live entries of kind \(kind); try again when some expire") }
    }

    /// Returns the payload under `id` and deletes it, in one statement: the entry is single use.
    /// - Throws: ``WalletServerError/Code/unknownOrExpired`` when there is no live entry.
    /// - Parameters:
    ///   - kind: What the entry is.
    ///   - id: Its identifier.
    ///   - time: The time the entry must still be live at (default: the clock's).
    public func consume(_ kind: Kind, id: String, at time: Date? = nil) throws(WalletServerError) -> JSONValue {
        let now = milliseconds(time ?? clock())
        let bytes: Data? = try access { db in
            try Data.fetchOne(db, sql: "DELETE FROM entry WHERE kind = ? AND id_hash = ? AND expires_at > ? RETURNING payload",
                              arguments: [kind.rawValue, Self.idHash(kind, id), now])
        }
        return try decode(bytes, kind)
    }

    /// Returns the payload under `id` and leaves it in place (a request polled for its result).
    /// - Throws: ``WalletServerError/Code/unknownOrExpired`` when there is no live entry.
    /// - Parameters:
    ///   - kind: What the entry is.
    ///   - id: Its identifier.
    ///   - time: The time the entry must still be live at (default: the clock's).
    public func read(_ kind: Kind, id: String, at time: Date? = nil) throws(WalletServerError) -> JSONValue {
        let now = milliseconds(time ?? clock())
        let bytes: Data? = try access { db in
            try Data.fetchOne(db, sql: "SELECT payload FROM entry WHERE kind = ? AND id_hash = ? AND expires_at > ?",
                              arguments: [kind.rawValue, Self.idHash(kind, id), now])
        }
        return try decode(bytes, kind)
    }

    /// Replaces the payload of the live entry `id`, keeping its expiry, if `update` returns a new
    /// one; reading and writing happen in one transaction.
    /// - Throws: ``WalletServerError/Code/unknownOrExpired`` when there is no live entry, and what
    ///   `update` throws (nothing is written then).
    @discardableResult
    public func update(_ kind: Kind, id: String,
                       _ update: (JSONValue) throws(WalletServerError) -> JSONValue) throws(WalletServerError) -> JSONValue {
        let now = milliseconds(clock())
        let hash = Self.idHash(kind, id)
        // The closure's error is carried out of GRDB's untyped `write` and rethrown as it was.
        var refusal: WalletServerError?
        let result: JSONValue? = try access { db in
            guard let bytes = try Data.fetchOne(db, sql: "SELECT payload FROM entry WHERE kind = ? AND id_hash = ? AND expires_at > ?",
                                                arguments: [kind.rawValue, hash, now]) else { return nil }
            let old: JSONValue
            let new: JSONValue
            do {
                old = try JSONParser().parse(Array(bytes))
                new = try update(old)
            } catch let error as WalletServerError {
                refusal = error
                return nil
            }
            try db.execute(sql: "UPDATE entry SET payload = ? WHERE kind = ? AND id_hash = ?",
                           arguments: [Data(JSONSerializer().serialize(new)), kind.rawValue, hash])
            return new
        }
        if let refusal { throw refusal }
        guard let result else { throw WalletServerError(.unknownOrExpired, "no live \(kind) has this identifier") }
        return result
    }

    /// The number of live entries of `kind`.
    public func liveCount(_ kind: Kind) throws(WalletServerError) -> Int {
        let now = milliseconds(clock())
        return try access { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entry WHERE kind = ? AND expires_at > ?", arguments: [kind.rawValue, now]) ?? 0
        }
    }

    /// A value the server records for the commands that share its database (its public URL, its
    /// client identifier), or `nil`.
    public func setting(_ name: String) throws(WalletServerError) -> String? {
        try access { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE name = ?", arguments: [name]) }
    }

    /// Records `value` under `name`, replacing what was there.
    public func setSetting(_ name: String, _ value: String) throws(WalletServerError) {
        try access { db in
            try db.execute(sql: "INSERT INTO setting (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                           arguments: [name, value])
        }
    }

    /// The settings whose names start with `prefix`, in name order.
    public func settings(withPrefix prefix: String) throws(WalletServerError) -> [(name: String, value: String)] {
        try access { db in
            try Row.fetchAll(db, sql: "SELECT name, value FROM setting WHERE substr(name, 1, ?) = ? ORDER BY name",
                             arguments: [prefix.count, prefix]).compactMap { row -> (name: String, value: String)? in
                // Typed reads that never trap: a value of another type (a file changed behind its back) is skipped.
                guard let name = try? row.decode(String.self, forColumn: "name"),
                      let value = try? row.decode(String.self, forColumn: "value") else { return nil }
                return (name, value)
            }
        }
    }

    /// Removes the setting `name`, if there is one.
    public func removeSetting(_ name: String) throws(WalletServerError) {
        try access { db in try db.execute(sql: "DELETE FROM setting WHERE name = ?", arguments: [name]) }
    }

    // MARK: - Internals

    /// SHA-256 over the kind, a zero byte and the identifier: what the database keeps.
    static func idHash(_ kind: Kind, _ id: String) -> Data {
        Data(WalletCrypto.SHA256.hash(Array(kind.rawValue.utf8) + [0] + Array(id.utf8)))
    }

    private func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }

    private func decode(_ bytes: Data?, _ kind: Kind) throws(WalletServerError) -> JSONValue {
        guard let bytes else { throw WalletServerError(.unknownOrExpired, "no live \(kind) has this identifier") }
        do { return try JSONParser().parse(Array(bytes)) } catch {
            throw WalletServerError(.stateUnavailable, "a stored \(kind) is not JSON")
        }
    }

    /// Runs `body` in a write transaction, mapping database failures to `stateUnavailable`.
    private func access<T>(_ body: (Database) throws -> T) throws(WalletServerError) -> T {
        do { return try database.write(body) } catch let error as WalletServerError {
            throw error
        } catch {
            throw WalletServerError(.stateUnavailable, "the server state database failed: \(Self.describe(error))")
        }
    }

    /// A database error without the statement's arguments (which hold identifier hashes and payloads).
    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return "SQLite \(error.resultCode): \(error.message ?? "")" }
        return String(describing: type(of: error))
    }
}
