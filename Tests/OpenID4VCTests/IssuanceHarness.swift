import Foundation
import GuardedHTTP
import Logging
import OpenID4VC
import StrictJSON
import TestSupport
import VerifiableCredentials
import WalletCore

/// An issuer (``CredentialIssuerService`` over a wallet of its own) hosted on a loopback TLS
/// server, and a holder wallet with a guarded client that trusts the test CA: the two sides of
/// every issuance test. `intercept` lets an attack test rewrite what the issuer answers.
struct IssuanceHarness: Sendable {
    static let passphrase = "issuance test passphrase"

    let directory: TemporaryDirectory
    let issuerWallet: Wallet
    let holderWallet: Wallet
    let issuerDID: String
    let server: LoopbackHTTPServer
    let service: CredentialIssuerService
    let client: GuardedHTTPClient

    /// The three formats, one configuration each.
    static func configurations(proofAlgorithms: [String] = ["EdDSA", "ES256"]) -> [CredentialConfiguration] {
        [
            CredentialConfiguration(id: "identity_sd_jwt", format: "dc+sd-jwt", vct: "https://credentials.example/identity",
                                    proofAlgorithms: proofAlgorithms, display: [["name": "Identity", "locale": "en"]]),
            CredentialConfiguration(id: "degree_jwt", format: "jwt_vc_json", types: ["VerifiableCredential", "UniversityDegreeCredential"],
                                    proofAlgorithms: proofAlgorithms),
            CredentialConfiguration(id: "degree_ldp", format: "ldp_vc", types: ["VerifiableCredential", "UniversityDegreeCredential"],
                                    contexts: ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
                                    proofAlgorithms: proofAlgorithms),
        ]
    }

    static let claims: JSONObject = ["given_name": "Lan", "family_name": "Nguyễn", "degree": ["type": "BachelorDegree", "name": "Kỹ sư"]]

    /// - Parameter webIssuer: Whether the issuer signs with a did:web of the server's origin (its
    ///   document served at `/.well-known/did.json` beside the issuer's endpoints).
    static func make(issuerKeyType: KeyType = .ed25519, host: String = "issuer.test", proofAlgorithms: [String] = ["EdDSA", "ES256"],
                     webIssuer: Bool = false,
                     logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
                     change: (inout CredentialIssuerService.Configuration) -> Void = { _ in },
                     intercept: (@Sendable (LoopbackHTTPServer.Request, LoopbackHTTPServer.Response) async -> LoopbackHTTPServer.Response)? = nil) async throws -> IssuanceHarness {
        let directory = TemporaryDirectory("issuance")
        let issuerWallet = try await Wallet.create(at: directory.appending("issuer"), passphrase: Passphrase(passphrase), kdf: TestKDF.parameters, policy: TestKDF.policy)
        let holderWallet = try await Wallet.create(at: directory.appending("holder"), passphrase: Passphrase(passphrase), kdf: TestKDF.parameters, policy: TestKDF.policy)
        let server = try await LoopbackHTTPServer(tls: true) { _ in .notFound }
        let issuerInfo = webIssuer
            ? try await issuerWallet.createWebDID(url: server.origin(host: host), keyType: issuerKeyType, label: "issuer")
            : try await issuerWallet.createDID(method: .key, keyType: issuerKeyType, label: "issuer")
        let issuerDID = issuerInfo.did.description
        let didDocument = issuerInfo.document.jsonValue.compactString
        var configuration = CredentialIssuerService.Configuration(
            credentialIssuer: server.origin(host: host), issuerDID: issuerDID, configurations: configurations(proofAlgorithms: proofAlgorithms))
        configuration.display = [["name": "Test University", "locale": "en"]]
        change(&configuration)
        let service = try CredentialIssuerService(wallet: issuerWallet, configuration: configuration, logger: logger)
        server.setHandler { request in
            if webIssuer && request.path == "/.well-known/did.json" { return .bytes(Array(didDocument.utf8), contentType: "application/did+json") }
            let answer = await service.handle(method: request.method, path: request.path, query: request.query, headers: request.headers, body: request.body)
            let response = LoopbackHTTPServer.Response(status: answer.status, headers: answer.headers, body: answer.body)
            return await intercept?(request, response) ?? response
        }
        let client = try GuardedHTTPClient.loopback([server])
        return IssuanceHarness(directory: directory, issuerWallet: issuerWallet, holderWallet: holderWallet, issuerDID: issuerDID,
                               server: server, service: service, client: client)
    }

    func stop() async {
        await server.stop()
        await issuerWallet.close()
        await holderWallet.close()
        directory.remove()
    }

    /// The OAuth `error` of a role's response.
    static func oauthError(_ response: OpenIDHTTPResponse) -> String? {
        (try? JSONValue(parsing: response.body))?["error"]?.stringValue
    }

    /// The paths the issuer was asked for, in order.
    var paths: [String] { server.requests.map(\.path) }
}

/// A swift-log handler that keeps every line (message and metadata) at every level.
final class RecordingLogHandler: LogHandler, @unchecked Sendable {
    final class Store: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [String] = []
        func append(_ line: String) { lock.withLock { stored.append(line) } }
        var lines: [String] { lock.withLock { stored } }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    init(store: Store) { self.store = store }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        store.append("\(event.level) \(event.message) \(all.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " "))")
    }

    /// A logger writing into `store`.
    static func logger(_ store: Store) -> Logger {
        var logger = Logger(label: "recording") { _ in RecordingLogHandler(store: store) }
        logger.logLevel = .trace
        return logger
    }
}
