import WalletCLISupport
import Foundation
import OpenID4VC
import WalletServer

/// The verifier role of `wallet serve`, made once the server knows its base URL (with `--port 0`
/// only after binding): until then its handler passes every request on.
final class VerifierRoleBox: @unchecked Sendable {
    let credentials: VerifierCredentials
    let state: ServerStateDatabase
    private let lock = NSLock()
    private var role: RoleHandler?

    init(credentials: VerifierCredentials, state: ServerStateDatabase) {
        self.credentials = credentials
        self.state = state
    }

    /// Makes the verifier service for `baseURL`, over the shared state; returns its client id.
    func start(baseURL: String) throws -> String {
        let configuration = PresentationVerifierService.Configuration(
            baseURL: baseURL, certificateChain: credentials.certificateChain, signer: credentials.signer)
        let service = try PresentationVerifierService(configuration: configuration, store: SQLitePresentationStateStore(database: state))
        lock.withLock { role = OpenID4VCRoles.verifier(service) }
        return service.clientId
    }

    var handler: RoleHandler {
        { [self] request in
            guard let role = lock.withLock({ role }) else { return nil }
            return await role(request)
        }
    }
}
