/// Turns a host name into the addresses to check and to dial. The guard asks once per request
/// (and once per redirect hop), checks every address it gets, and then connects to exactly the
/// address it checked — it never lets the connection resolve the name again (no DNS rebinding).
///
/// Injectable, so that tests can answer what an attacker's DNS server would.
public protocol Resolver: Sendable {
    /// The addresses of `host` (a DNS name, never an IP literal), in the order to try them;
    /// empty or a thrown error when it does not resolve.
    func addresses(of host: String) async throws -> [IPAddress]
}
