import DIDCore
import Foundation
@testable import OpenID4VC
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCore
import WalletCrypto

/// The holder and verifier roles against each other, without HTTP: request, plan, response,
/// verification, and the attacks of issue 16 §4 on the response endpoint.
@Suite struct PresentationFlowTests {
    static let pidType = "https://credentials.example.com/identity_credential"

    /// A holder wallet with a P-256 DID, an SD-JWT VC PID bound to it, and a vc+jwt credential.
    struct Holder {
        let directory = TemporaryDirectory("openid4vp")
        let wallet: Wallet
        let holderDID: String

        init() async throws {
            wallet = try await Wallet.create(at: directory.appending("wallet"), passphrase: Passphrase("pässwörd"), kdf: TestKDF.parameters,
                                             policy: TestKDF.policy)
            holderDID = try await wallet.createDID(method: .key, keyType: .p256, label: "holder").did.description
            _ = try await wallet.createDID(method: .key, keyType: .p256, label: "issuer")
            let pid = try await wallet.issue(claims: ["given_name": "Erika", "family_name": "Mustermann", "birthdate": "1964-08-12",
                                                      "address": ["locality": "Berlin", "country": "DE"]],
                                             vct: PresentationFlowTests.pidType, issuer: "issuer",
                                             disclosable: ["given_name", "family_name", "birthdate", "address"], holder: holderDID)
            _ = try await wallet.storeCredential(pid.bytes)
            let alumni = try await wallet.issue(subject: ["id": .string(holderDID), "alumniOf": "Example University"], issuer: "issuer",
                                                format: .vcJWT, types: ["AlumniCredential"], contexts: ["https://www.w3.org/ns/credentials/examples/v2"])
            _ = try await wallet.storeCredential(alumni.bytes)
        }
    }

    /// A verifier role whose "certificate" is opaque bytes (the chain check is the X.509 slice's;
    /// here a stand-in accepts exactly this leaf and returns its key).
    struct VerifierRole {
        let key = PrivateSigningKey.p256(P256.PrivateKey())
        let leaf = SecureRandom.bytes(count: 64)
        let store = InMemoryPresentationStateStore()
        let service: PresentationVerifierService

        init() throws {
            let configuration = PresentationVerifierService.Configuration(
                baseURL: "https://verifier.example", certificateChain: [Data(leaf).base64EncodedString()],
                signer: InMemorySigner(privateKey: key, verificationMethodId: "leaf"))
            service = try PresentationVerifierService(configuration: configuration, store: store)
        }

        var validator: AuthorizationRequestValidator {
            let leaf = self.leaf, publicKey = key.publicKey
            return AuthorizationRequestValidator(x509: X509RequestAuthenticator { (chain: [String], _: Date) throws(OpenID4VCError) -> X509RequestAuthenticator.Leaf in
                guard chain == [Data(leaf).base64EncodedString()] else { throw OpenID4VCError(.clientNotAuthenticated, "untrusted chain") }
                return X509RequestAuthenticator.Leaf(publicKey: publicKey, dnsNames: ["verifier.example"], derSHA256: SHA256.hash(leaf))
            })
        }

        /// Creates a request and returns it as the wallet sees it after the POST to request_uri.
        func request(_ query: String, mode: AuthorizationRequest.ResponseMode = .directPostJWT) async throws -> (id: String, request: AuthorizationRequest) {
            let created = try await service.createRequest(query: DCQLQuery(parsing: Array(query.utf8)), responseMode: mode)
            let link = try AuthorizationRequestLink(parsing: created.walletLink)
            guard case .requestURI(let uri, post: true) = link.source else { throw OpenID4VCError(.invalidMessage, "not by reference") }
            #expect(uri == service.requestURI(id: created.id))
            let object = try await service.requestObject(id: created.id, walletNonce: "wallet-nonce-1")
            return (created.id, try await validator.validate(link: link, requestObject: object, walletNonce: "wallet-nonce-1"))
        }
    }

    static let pidQuery = #"{"credentials":[{"id":"pid","format":"dc+sd-jwt","meta":{"vct_values":["\#(pidType)"]},"claims":[{"path":["given_name"]}]}]}"#

    @Test func sdJWTOverDirectPostJWT() async throws {
        let holder = try await Holder(), verifier = try VerifierRole()
        defer { holder.directory.remove() }
        let (id, request) = try await verifier.request(Self.pidQuery)
        #expect(request.clientId.text == verifier.service.clientId && request.clientId.prefix == .x509Hash)
        let plan = try await holder.wallet.presentationPlan(for: request)
        #expect(plan.items.map(\.claims) == [["given_name"]])
        #expect(plan.items.first?.types == [Self.pidType])
        let response = try await holder.wallet.authorizationResponse(for: plan)
        #expect(response.parameters.map(\.0) == ["response"])
        #expect(response.responseURI == verifier.service.responseURI(id: id))
        let result = try await verifier.service.receiveResponse(id: id, form: response.body)
        #expect(result.verified, "\(result.details)")
        // Only given_name was disclosed.
        let report = result.details["pid"]?[0]?["report"]
        #expect(report?["verified"]?.boolValue == true)
        let log = try await holder.wallet.disclosureLog()
        #expect(log.count == 1 && log[0].audience == request.clientId.text && log[0].challenge == request.nonce)
        #expect(log[0].disclosedClaims == ["given_name"] && log[0].format == "dc+sd-jwt")
        // Single use: the same response again is refused, and the result stays.
        await #expect(throws: OpenID4VCError(.notFoundOrUsed, "")) { try await verifier.service.receiveResponse(id: id, form: response.body) }
        #expect(try await verifier.service.result(id: id)?.verified == true)
        // The same request again (a replay): refused before anything is made or sent.
        await #expect(throws: OpenID4VCError(.nonceReused, "")) { try await holder.wallet.presentationPlan(for: request) }
        #expect(try await holder.wallet.disclosureLog().count == 1)
    }

    /// Only the disclosures asked for are in the presentation (§6.4: nothing else is sent).
    @Test func directPostDisclosesOnlyWhatIsAskedFor() async throws {
        let holder = try await Holder(), verifier = try VerifierRole()
        defer { holder.directory.remove() }
        let query = #"{"credentials":[{"id":"pid","format":"dc+sd-jwt","meta":{"vct_values":["\#(Self.pidType)"]},"claims":[{"path":["address","locality"]},{"path":["birthdate"]}]}]}"#
        let (id, request) = try await verifier.request(query, mode: .directPost)
        let response = try await holder.wallet.authorizationResponse(for: try await holder.wallet.presentationPlan(for: request))
        let form = Dictionary(uniqueKeysWithValues: response.parameters)
        #expect(form["state"] == request.state)
        let token = try JSONParser().parse(Array(try #require(form["vp_token"]).utf8))
        let sdJWT = try #require(token["pid"]?[0]?.stringValue)
        let disclosures = try SDJWT.Parts(parsing: sdJWT).disclosures.map { try Disclosure(parsing: $0).claimName }
        #expect(Set(disclosures.compactMap { $0 }) == ["address", "birthdate"])
        #expect(try await verifier.service.receiveResponse(id: id, form: response.body).verified)
    }

    @Test func w3cCredentialAsVPJWT() async throws {
        let holder = try await Holder(), verifier = try VerifierRole()
        defer { holder.directory.remove() }
        let query = #"{"credentials":[{"id":"degree","format":"jwt_vc_json","meta":{"type_values":[["AlumniCredential"]]},"claims":[{"path":["credentialSubject","alumniOf"]}]}]}"#
        let (id, request) = try await verifier.request(query)
        let plan = try await holder.wallet.presentationPlan(for: request)
        #expect(plan.items.map(\.claims) == [["*"]])
        let result = try await verifier.service.receiveResponse(id: id, form: try await holder.wallet.authorizationResponse(for: plan).body)
        #expect(result.verified, "\(result.details)")
    }

    /// A Data Integrity credential is presented as a Data Integrity presentation (`ecdsa-jcs-2019`
    /// for the P-256 holder) whose `challenge` and `domain` are the nonce and client id.
    @Test func dataIntegrityCredentialAsLDPPresentation() async throws {
        let holder = try await Holder(), verifier = try VerifierRole()
        defer { holder.directory.remove() }
        let degree = try await holder.wallet.issue(subject: ["id": .string(holder.holderDID), "name": "Erika"], issuer: "issuer",
                                                   format: .dataIntegrity(.ecdsaJcs2019), types: ["ExampleDegreeCredential"],
                                                   contexts: ["https://www.w3.org/ns/credentials/examples/v2"])
        _ = try await holder.wallet.storeCredential(degree.bytes)
        let query = #"{"credentials":[{"id":"degree","format":"ldp_vc","meta":{"type_values":[["https://www.w3.org/ns/credentials/examples#ExampleDegreeCredential"]]}}]}"#
        let (id, request) = try await verifier.request(query, mode: .directPost)
        let plan = try await holder.wallet.presentationPlan(for: request)
        #expect(plan.items.map(\.format) == ["ldp_vc"])
        let response = try await holder.wallet.authorizationResponse(for: plan)
        let token = try JSONParser().parse(Array(try #require(Dictionary(uniqueKeysWithValues: response.parameters)["vp_token"]).utf8))
        let proof = try #require(token["degree"]?[0]?["proof"])
        #expect(proof["challenge"]?.stringValue == request.nonce && proof["domain"]?.stringValue == request.clientId.text)
        #expect(proof["cryptosuite"]?.stringValue == "ecdsa-jcs-2019")
        let result = try await verifier.service.receiveResponse(id: id, form: response.body)
        #expect(result.verified, "\(result.details)")
    }

    /// HAIP verifiers list the algorithms they take (`vp_formats_supported`): a credential whose
    /// holder key signs with another algorithm is not offered (B.3.4).
    @Test func verifierAlgorithmsFilterCredentials() async throws {
        let holder = try await Holder()
        defer { holder.directory.remove() }
        func request(keyBinding: String) async throws -> AuthorizationRequest {
            let metadata = #"{"vp_formats_supported":{"dc+sd-jwt":{"sd-jwt_alg_values":["ES256"],"kb-jwt_alg_values":["\#(keyBinding)"]}}}"#
            let link = "openid4vp://?" + FormEncoding.encode([
                ("client_id", "redirect_uri:https://verifier.example/cb"), ("response_type", "vp_token"), ("response_mode", "direct_post"),
                ("response_uri", "https://verifier.example/cb"), ("nonce", "n-1"), ("dcql_query", Self.pidQuery), ("client_metadata", metadata),
            ])
            return try await AuthorizationRequestValidator().validate(link: AuthorizationRequestLink(parsing: link), requestObject: nil)
        }
        #expect(try await holder.wallet.presentationPlan(for: request(keyBinding: "ES256")).items.count == 1)
        await #expect(throws: OpenID4VCError(.noMatchingCredential, "")) {
            try await holder.wallet.presentationPlan(for: request(keyBinding: "EdDSA"))
        }
    }

    /// Nothing matches: the wallet refuses with `noMatchingCredential`, and the error response it
    /// sends instead (`access_denied`) is recorded by the verifier.
    @Test func noMatchSendsAccessDenied() async throws {
        let holder = try await Holder(), verifier = try VerifierRole()
        defer { holder.directory.remove() }
        let query = #"{"credentials":[{"id":"mdl","format":"dc+sd-jwt","meta":{"vct_values":["https://example.com/mdl"]}}]}"#
        let (id, request) = try await verifier.request(query)
        await #expect(throws: OpenID4VCError(.noMatchingCredential, "")) { try await holder.wallet.presentationPlan(for: request) }
        let error = AuthorizationResponse.error("access_denied", for: request)
        #expect(error.parameters.map(\.0) == ["response"])
        let result = try await verifier.service.receiveResponse(id: id, form: error.body)
        #expect(!result.verified && result.error == "access_denied")
        #expect(try await holder.wallet.disclosureLog().isEmpty)
    }

    /// A wrong `state`, or a response meant for another request, is refused without consuming the
    /// request; the genuine response is still taken afterwards.
    @Test func wrongStateAndAnotherRequestsResponse() async throws {
        let holder = try await Holder(), verifier = try VerifierRole()
        defer { holder.directory.remove() }
        let (first, firstRequest) = try await verifier.request(Self.pidQuery, mode: .directPost)
        let (second, _) = try await verifier.request(Self.pidQuery, mode: .directPost)
        let response = try await holder.wallet.authorizationResponse(for: try await holder.wallet.presentationPlan(for: firstRequest))
        await #expect(throws: OpenID4VCError(.notFoundOrUsed, "")) { try await verifier.service.receiveResponse(id: second, form: response.body) }
        let wrongState = response.parameters.map { $0.0 == "state" ? ($0.0, "forged") : $0 }
        let body = FormEncoding.encode(wrongState)
        await #expect(throws: OpenID4VCError(.notFoundOrUsed, "")) { try await verifier.service.receiveResponse(id: first, form: body) }
        #expect(try await verifier.service.receiveResponse(id: first, form: response.body).verified)
        #expect(try await verifier.service.result(id: second) == nil)
    }

    /// A presentation bound to another verifier's client id, or to another request's nonce, does
    /// not verify (§14.1.2); a plain vp_token where an encrypted one was asked for is refused.
    @Test func audienceMixUpAndReusedNonce() async throws {
        let holder = try await Holder(), verifier = try VerifierRole()
        defer { holder.directory.remove() }
        let (id, request) = try await verifier.request(Self.pidQuery, mode: .directPost)
        let pid = try #require(try await holder.wallet.credentials(type: Self.pidType).first)
        let raw = try #require(try await holder.wallet.credential(pid.id).raw)
        func form(audience: String, nonce: String) async throws -> String {
            let presented = try await holder.wallet.present([.compact(raw)], holder: holder.holderDID, challenge: nonce, domain: audience,
                                                            format: .sdJWT, disclosing: ["given_name"])
            let token: JSONValue = ["pid": [.string(String(decoding: presented.bytes, as: UTF8.self))]]
            return FormEncoding.encode([("vp_token", token.compactString), ("state", request.state ?? "")])
        }
        let otherVerifier = try await form(audience: "x509_hash:" + Base64URL.encode(SHA256.hash(Array("other".utf8))), nonce: request.nonce)
        #expect(try await verifier.service.receiveResponse(id: id, form: otherVerifier).verified == false)
        let (reused, reusedRequest) = try await verifier.request(Self.pidQuery, mode: .directPost)
        let oldNonce = try await form(audience: request.clientId.text, nonce: request.nonce)
        let replay = oldNonce.replacingOccurrences(of: FormEncoding.escape(request.state ?? ""),
                                                   with: FormEncoding.escape(reusedRequest.state ?? ""))
        #expect(try await verifier.service.receiveResponse(id: reused, form: replay).verified == false)
        // Encrypted asked for, plain sent.
        let (encrypted, encryptedRequest) = try await verifier.request(Self.pidQuery)
        let plain = try await form(audience: encryptedRequest.clientId.text, nonce: encryptedRequest.nonce)
            .replacingOccurrences(of: FormEncoding.escape(request.state ?? ""),
                                  with: FormEncoding.escape(encryptedRequest.state ?? ""))
        await #expect(throws: OpenID4VCError(.invalidMessage, "")) { try await verifier.service.receiveResponse(id: encrypted, form: plain) }
    }
}
