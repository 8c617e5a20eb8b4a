public import OpenID4VC
public import StrictJSON

/// The issuer role's state (`IssuanceStateStore`) in a ``ServerStateDatabase``: each
/// `IssuanceRecordKind` is a kind of entry of its own; `take` is the database's
/// single-use ``ServerStateDatabase/consume(_:id:at:)``.
public struct SQLiteIssuanceStateStore: IssuanceStateStore {
    /// The database.
    public let database: ServerStateDatabase

    /// A store over `database`.
    public init(database: ServerStateDatabase) { self.database = database }

    static func kind(_ kind: IssuanceRecordKind) -> ServerStateDatabase.Kind {
        ServerStateDatabase.Kind("vci" + kind.rawValue.lowercased())
    }

    /// Stores `value` under `key` for `lifetime`, replacing a live record with that key.
    public func put(_ kind: IssuanceRecordKind, key: String, value: JSONValue, lifetime: Duration) async throws(OpenID4VCError) {
        do { try database.insert(Self.kind(kind), id: key, payload: value, lifetime: lifetime, replacing: true) } catch {
            throw Self.failure(error)
        }
    }

    /// Removes and returns the live record under `key`, once.
    public func take(_ kind: IssuanceRecordKind, key: String) async throws(OpenID4VCError) -> JSONValue? {
        do { return try database.consume(Self.kind(kind), id: key) } catch {
            if error.code == .unknownOrExpired { return nil }
            throw Self.failure(error)
        }
    }

    /// The live record under `key`.
    public func read(_ kind: IssuanceRecordKind, key: String) async throws(OpenID4VCError) -> JSONValue? {
        do { return try database.read(Self.kind(kind), id: key) } catch {
            if error.code == .unknownOrExpired { return nil }
            throw Self.failure(error)
        }
    }

    static func failure(_ error: WalletServerError) -> OpenID4VCError {
        error.code == .stateFull ? OpenID4VCError(.messageTooLarge, "the issuer holds too many live records")
            : OpenID4VCError(.invalidMessage, "the server state failed: \(error.code)")
    }
}
