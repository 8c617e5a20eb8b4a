import WalletCLISupport
import Foundation
import OpenID4VC
import WalletCore
import WalletServer

/// The issuer role of `wallet serve --issuer DID`, made once the server knows its base URL (the
/// Credential Issuer Identifier, OpenID4VCI 1.0 §12.2.1); until then its handler passes every
/// request on. The configurations are not fixed at start: each request is answered by a
/// `CredentialIssuerService` over the configurations registered in the state database at that
/// moment, so an offer `wallet offer create` makes for a new kind is served without a restart
/// (decision 0039).
final class IssuerRoleBox: @unchecked Sendable {
    let wallet: Wallet
    /// The DID that signs (resolved from the label at start).
    let issuerDID: String
    let state: ServerStateDatabase
    private let lock = NSLock()
    private var credentialIssuer: String?

    init(wallet: Wallet, issuerDID: String, state: ServerStateDatabase) {
        self.wallet = wallet
        self.issuerDID = issuerDID
        self.state = state
    }

    /// Checks that `baseURL` can identify an issuer (https, or http on a loopback literal) and
    /// starts answering.
    func start(baseURL: String) throws(OpenID4VCError) {
        _ = try Self.service(wallet: wallet, issuerDID: issuerDID, credentialIssuer: baseURL, configurations: [], state: state)
        lock.withLock { credentialIssuer = baseURL }
    }

    var handler: RoleHandler {
        { [self] request in
            guard let credentialIssuer = lock.withLock({ credentialIssuer }) else { return nil }
            let configurations: [CredentialConfiguration]
            do { configurations = try state.issuerConfigurations() } catch {
                return RoleResponse(status: 503, headers: [("Content-Type", "application/json")],
                                    body: Array(#"{"error":"temporarily_unavailable"}"#.utf8))
            }
            guard let service = try? Self.service(wallet: wallet, issuerDID: issuerDID, credentialIssuer: credentialIssuer,
                                                  configurations: configurations, state: state) else { return RoleResponse(status: 500) }
            return await OpenID4VCRoles.issuer(service)(request)
        }
    }

    /// The issuer over `configurations`, its state in `state`: what the server answers with, and
    /// what `wallet offer create` stores an offer through (`createOffer` never uses the wallet).
    static func service(wallet: Wallet, issuerDID: String, credentialIssuer: String, configurations: [CredentialConfiguration],
                        state: ServerStateDatabase, offerLifetime: Duration = .seconds(600)) throws(OpenID4VCError) -> CredentialIssuerService {
        var configuration = CredentialIssuerService.Configuration(
            credentialIssuer: credentialIssuer, issuerDID: issuerDID, configurations: configurations)
        configuration.offerLifetime = offerLifetime
        return try CredentialIssuerService(wallet: wallet, configuration: configuration, store: SQLiteIssuanceStateStore(database: state))
    }
}
