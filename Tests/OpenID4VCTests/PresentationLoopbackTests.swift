import Crypto
import Foundation
import GuardedHTTP
import OpenID4VC
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCore
import WalletCrypto
import X509

/// `Wallet.present(request:client:consent:)` against the verifier role hosted on a loopback HTTPS
/// server: `request_uri` with `request_uri_method=post` and `wallet_nonce`, an `x509_hash:` client
/// id over a test CA chain, `direct_post.jwt`, and the refusals that send nothing.
@Suite struct PresentationLoopbackTests {
    /// The verifier role on `https://verifier.test:PORT`, its request objects signed by a leaf
    /// under a root the wallet trusts (or not).
    struct HostedVerifier {
        let server: LoopbackHTTPServer
        let service: PresentationVerifierService
        let root: X509TestPKI.Issued

        /// - Parameters:
        ///   - validity: When the certificates are valid; the test PKI's fixed window unless given.
        ///   - host: The host of the base URL.
        ///   - now: The service's clock (the test PKI's fixed instant unless given).
        init(validity: (Date, Date) = (X509TestPKI.notBefore, X509TestPKI.notAfter), host: String = "verifier.test",
             now: @escaping @Sendable () -> Date = { X509TestPKI.now }) async throws {
            let server = try await LoopbackHTTPServer(tls: true) { _ in .init(status: 404) }
            let root = X509TestPKI.root("verifier test root", notBefore: validity.0, notAfter: validity.1)
            let leaf = X509TestPKI.issue("verifier.test", by: root, isCA: false, keyUsage: KeyUsage(digitalSignature: true),
                                         dnsNames: ["verifier.test"], notBefore: validity.0, notAfter: validity.1)
            let scalar = try #require(leaf.p256Key).rawRepresentation
            let signer = InMemorySigner(privateKey: .p256(try WalletCrypto.P256.PrivateKey(scalarBytes: scalar)), verificationMethodId: "leaf")
            let configuration = PresentationVerifierService.Configuration(
                baseURL: server.origin(host: host), certificateChain: [leaf.x5c], signer: signer, now: now)
            let service = try PresentationVerifierService(configuration: configuration, store: InMemoryPresentationStateStore())
            server.setHandler { request in await Self.route(request, service) }
            self.server = server
            self.service = service
            self.root = root
        }

        /// `GET`/`POST …/request` and `POST …/response`, as a host routes them.
        static func route(_ request: LoopbackHTTPServer.Request, _ service: PresentationVerifierService) async -> LoopbackHTTPServer.Response {
            let parts = request.path.split(separator: "/").map(String.init)
            guard parts.count == 3, parts[0] == "presentations" else { return .init(status: 404) }
            do {
                switch (request.method, parts[2]) {
                case ("GET", "request"), ("POST", "request"):
                    let nonce = request.method == "POST" ? request.formFields["wallet_nonce"] : nil
                    let object = try await service.requestObject(id: parts[1], walletNonce: nonce)
                    return .bytes(Array(object.utf8), contentType: PresentationClient.requestObjectMediaType)
                case ("POST", "response"):
                    _ = try await service.receiveResponse(id: parts[1], form: request.bodyText)
                    return .json("{}")
                default:
                    return .init(status: 405)
                }
            } catch {
                return .json(#"{"error":"invalid_request"}"#, status: 400)
            }
        }

        func client(anchors: [Certificate]) throws -> PresentationClient {
            let validator = AuthorizationRequestValidator(x509: X509RequestAuthenticator(anchors: X509TrustAnchors(certificates: anchors)),
                                                          now: { X509TestPKI.now })
            // A generous deadline: the suites run in parallel on a loaded machine (no timing is asserted).
            return PresentationClient(http: try GuardedHTTPClient.loopback([server]) { $0.deadline = .seconds(120) }, validator: validator)
        }
    }

    static let query = #"{"credentials":[{"id":"pid","format":"dc+sd-jwt","meta":{"vct_values":["https://credentials.example.com/identity_credential"]},"claims":[{"path":["family_name"]}]}]}"#

    @Test func presentsOverHTTPS() async throws {
        let holder = try await PresentationFlowTests.Holder(), verifier = try await HostedVerifier()
        defer { holder.directory.remove() }
        defer { Task { await verifier.server.stop() } }
        let created = try await verifier.service.createRequest(query: DCQLQuery(parsing: Array(Self.query.utf8)))
        #expect(created.walletLink.hasPrefix("openid4vp://?client_id=x509_hash%3A"))
        let shown = PlanBox()
        let outcome = try await holder.wallet.present(request: created.walletLink, client: try verifier.client(anchors: [verifier.root.certificate])) { plan in
            await shown.set(plan)
            return true
        }
        #expect(outcome.plan.items.map(\.claims) == [["family_name"]])
        #expect(await shown.plan?.request.authentication == .x509(dnsNames: ["verifier.test"]))
        let result = try #require(try await verifier.service.result(id: created.id))
        #expect(result.verified, "\(result.details)")
        #expect(try await holder.wallet.disclosureLog().map(\.disclosedClaims) == [["family_name"]])
    }

    /// The user declines: `declined`, the verifier records `access_denied`, nothing is logged.
    @Test func declinedSendsAccessDenied() async throws {
        let holder = try await PresentationFlowTests.Holder(), verifier = try await HostedVerifier()
        defer { holder.directory.remove() }
        defer { Task { await verifier.server.stop() } }
        let created = try await verifier.service.createRequest(query: DCQLQuery(parsing: Array(Self.query.utf8)))
        await #expect(throws: OpenID4VCError(.declined, "")) {
            try await holder.wallet.present(request: created.walletLink, client: try verifier.client(anchors: [verifier.root.certificate])) { _ in false }
        }
        #expect(try await verifier.service.result(id: created.id)?.error == "access_denied")
        #expect(try await holder.wallet.disclosureLog().isEmpty)
    }

    /// An `x5c` chain to a root the wallet does not trust: refused before anything is shown or
    /// sent.
    @Test func untrustedVerifierChain() async throws {
        let holder = try await PresentationFlowTests.Holder(), verifier = try await HostedVerifier()
        defer { holder.directory.remove() }
        defer { Task { await verifier.server.stop() } }
        let created = try await verifier.service.createRequest(query: DCQLQuery(parsing: Array(Self.query.utf8)))
        let otherRoot = X509TestPKI.root("another root")
        let asked = PlanBox()
        await #expect(throws: OpenID4VCError(.untrustedChain, "")) {
            try await holder.wallet.present(request: created.walletLink, client: try verifier.client(anchors: [otherRoot.certificate])) { plan in
                await asked.set(plan)
                return true
            }
        }
        #expect(await asked.plan == nil)
        #expect(try await verifier.service.result(id: created.id) == nil)
        #expect(try await holder.wallet.disclosureLog().isEmpty)
    }
}

extension PresentationLoopbackTests {
    /// `request_uri` without `request_uri_method`: fetched with GET (RFC 9101 §5.2), no
    /// `wallet_nonce`; the answer still reaches the verifier.
    @Test func requestURIWithGET() async throws {
        let holder = try await PresentationFlowTests.Holder(), verifier = try await HostedVerifier()
        defer { holder.directory.remove() }
        defer { Task { await verifier.server.stop() } }
        let created = try await verifier.service.createRequest(query: DCQLQuery(parsing: Array(Self.query.utf8)))
        let link = "openid4vp://?client_id=" + (verifier.service.clientId.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            + "&request_uri=" + (verifier.service.requestURI(id: created.id).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        _ = try await holder.wallet.present(request: link, client: try verifier.client(anchors: [verifier.root.certificate])) { _ in true }
        #expect(try await verifier.service.result(id: created.id)?.verified == true)
    }

    /// A `response_uri` that answers with a redirect: not followed (§14.7), `transportFailed`.
    @Test func responseRedirectIsNotFollowed() async throws {
        let holder = try await PresentationFlowTests.Holder()
        defer { holder.directory.remove() }
        let hits = PathLog()
        let server = try await LoopbackHTTPServer { request in
            await hits.add("\(request.method) \(request.path)")
            return .init(status: 307, headers: [("Location", "/elsewhere")])
        }
        defer { Task { await server.stop() } }
        let responseURI = server.url("/cb")
        let link = "openid4vp://?" + [
            ("client_id", "redirect_uri:" + responseURI), ("response_type", "vp_token"), ("response_mode", "direct_post"),
            ("response_uri", responseURI), ("nonce", "n-redirect"), ("dcql_query", Self.query),
        ].map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        let validator = AuthorizationRequestValidator(insecureResponseHosts: [try AllowedHost(parsing: "127.0.0.1:\(server.port)")])
        let client = PresentationClient(http: try GuardedHTTPClient.loopback([server]) { $0.deadline = .seconds(120) }, validator: validator)
        await #expect(throws: OpenID4VCError(.transportFailed, "")) {
            try await holder.wallet.present(request: link, client: client) { plan in plan.verifierIsUnauthenticated }
        }
        // One POST of the answer, to the response_uri only: the redirect was not followed.
        #expect(await hits.paths == ["POST /cb"])
    }
}

/// The requests a test server saw.
actor PathLog {
    private(set) var paths: [String] = []
    func add(_ path: String) { paths.append(path) }
}

/// Holds the plan the consent closure was shown.
actor PlanBox {
    private(set) var plan: PresentationPlan?
    func set(_ plan: PresentationPlan) { self.plan = plan }
}
