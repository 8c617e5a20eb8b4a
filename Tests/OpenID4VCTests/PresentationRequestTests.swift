import DIDCore
import Foundation
import GuardedHTTP
import OpenID4VC
import StrictJSON
import Testing
import VerifiableCredentials
import WalletCrypto

/// Request parsing and the checks before anything is shown or sent (OpenID4VP 1.0 §5).
@Suite struct PresentationRequestTests {
    static let query = #"{"credentials":[{"id":"pid","format":"dc+sd-jwt","meta":{"vct_values":["https://example.com/pid"]},"claims":[{"path":["given_name"]}]}]}"#

    /// A verifier with a did:key (P-256) and a signer for it.
    struct DIDVerifier {
        let key = PrivateSigningKey.p256(P256.PrivateKey())
        var did: String { DIDKey.did(for: key.publicKey).description }
        var keyId: String { "\(did)#\(did.dropFirst("did:key:".count))" }
        var clientId: String { "decentralized_identifier:\(did)" }
        var signer: InMemorySigner { InMemorySigner(privateKey: key, verificationMethodId: keyId) }

        func claims(_ changes: JSONObject = [:]) -> JSONObject {
            var claims: JSONObject = [
                "client_id": .string(clientId), "aud": "https://self-issued.me/v2", "response_type": "vp_token",
                "response_mode": "direct_post.jwt", "response_uri": "https://verifier.example/response", "nonce": "n-0S6_WzA2Mj",
                "state": "st-1", "dcql_query": try! JSONParser().parse(Array(PresentationRequestTests.query.utf8)),
                "exp": .number(JSONNumber(Int(Date().timeIntervalSince1970) + 300)),
            ]
            for member in changes { claims[member.key] = member.value }
            return claims
        }

        func requestObject(_ changes: JSONObject = [:], keyId: String? = nil, signer: InMemorySigner? = nil) async throws -> String {
            try await RequestObject.sign(claims: claims(changes), keyId: keyId ?? self.keyId, signer: signer ?? self.signer)
        }
    }

    static func link(_ parameters: [(String, String)]) throws -> AuthorizationRequestLink {
        let query = parameters.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return try AuthorizationRequestLink(parsing: "openid4vp://?" + query)
    }

    static func unsigned(_ changes: [String: String] = [:]) throws -> AuthorizationRequestLink {
        var parameters = ["client_id": "redirect_uri:https://verifier.example/cb", "response_type": "vp_token", "response_mode": "direct_post",
                          "response_uri": "https://verifier.example/cb", "nonce": "n-1", "dcql_query": query]
        for (name, value) in changes { parameters[name] = value.isEmpty ? nil : value }
        return try link(parameters.sorted { $0.key < $1.key })
    }

    @Test func clientIdentifierPrefixes() throws {
        #expect(try ClientIdentifier("x509_hash:Uvo3HtuIxuhC92rShpgqcT3YXwrqRxWEviRiA0OZszk").prefix == .x509Hash)
        #expect(try ClientIdentifier("x509_san_dns:client.example.org").value == "client.example.org")
        #expect(try ClientIdentifier("decentralized_identifier:did:example:123").requiresSignedRequest)
        let unsigned = try ClientIdentifier("redirect_uri:https://client.example.org/cb")
        #expect(!unsigned.requiresSignedRequest && unsigned.value == "https://client.example.org/cb")
        for refused in ["example-client", "origin:https://a.example", "openid_federation:https://f.example", "verifier_attestation:v",
                        "x509_hash:short", "x509_san_dns:", "decentralized_identifier:not-a-did", "redirect_uri:a b"] {
            #expect(throws: OpenID4VCError(.unsupportedClientIdPrefix, "")) { try ClientIdentifier(refused) }
        }
    }

    @Test func linkForms() throws {
        let byReference = try AuthorizationRequestLink(parsing: "haip://?client_id=x509_hash%3Aabc&request_uri=https%3A%2F%2Fv.example%2Fr%2F1&request_uri_method=post")
        #expect(byReference.source == .requestURI("https://v.example/r/1", post: true))
        #expect(byReference.parameters["client_id"] == "x509_hash:abc")
        #expect(try AuthorizationRequestLink(parsing: "  client_id=a&request=e.f.g\n").source == .requestObject("e.f.g"))
        #expect(try AuthorizationRequestLink(parsing: "https://wallet.example/?a=b+c%20d").parameters["a"] == "b c d")
        for refused in ["openid4vp://", "openid4vp://?request=a&request_uri=b", "openid4vp://?request_uri=a&request_uri_method=put",
                        "openid4vp://?request_uri_method=post", "openid4vp://?a=1&a=2", "openid4vp://?a=%zz", "openid4vp://?a=%ff"] {
            #expect(throws: OpenID4VCError(.invalidMessage, "")) { try AuthorizationRequestLink(parsing: refused) }
        }
        #expect(throws: OpenID4VCError(.messageTooLarge, "")) {
            try AuthorizationRequestLink(parsing: "a=" + String(repeating: "b", count: AuthorizationRequestLink.maximumLength))
        }
    }

    @Test func unsignedRedirectURIRequest() async throws {
        let request = try await AuthorizationRequestValidator().validate(link: try Self.unsigned(), requestObject: nil)
        #expect(request.authentication == .unsigned)
        #expect(request.clientId.text == "redirect_uri:https://verifier.example/cb")
        #expect(request.responseMode == .directPost && request.responseURI == "https://verifier.example/cb")
        #expect(request.query.credentials.map(\.id) == ["pid"] && request.nonce == "n-1" && request.state == nil)
    }

    /// An unsigned request that claims a prefix whose requests are signed is refused (§5.9.3).
    @Test(arguments: ["decentralized_identifier:did:example:123", "x509_hash:Uvo3HtuIxuhC92rShpgqcT3YXwrqRxWEviRiA0OZszk",
                      "x509_san_dns:verifier.example"])
    func unsignedRequestClaimingASignedPrefix(_ clientId: String) async throws {
        await #expect(throws: OpenID4VCError(.clientNotAuthenticated, "")) {
            try await AuthorizationRequestValidator().validate(link: try Self.unsigned(["client_id": clientId]), requestObject: nil)
        }
    }

    @Test func responseURIMustBeHTTPSAndBound() async throws {
        let validator = AuthorizationRequestValidator()
        // Not the client id of a redirect_uri client.
        await #expect(throws: OpenID4VCError(.responseURIRefused, "")) {
            try await validator.validate(link: try Self.unsigned(["response_uri": "https://attacker.example/cb"]), requestObject: nil)
        }
        let http = ["client_id": "redirect_uri:http://127.0.0.1:8080/cb", "response_uri": "http://127.0.0.1:8080/cb"]
        await #expect(throws: OpenID4VCError(.responseURIRefused, "")) { try await validator.validate(link: try Self.unsigned(http), requestObject: nil) }
        let allowing = AuthorizationRequestValidator(insecureResponseHosts: [try AllowedHost(parsing: "127.0.0.1:8080")])
        #expect(try await allowing.validate(link: try Self.unsigned(http), requestObject: nil).responseURI == "http://127.0.0.1:8080/cb")
    }

    @Test(arguments: [["response_type": "code"], ["response_mode": "fragment"], ["nonce": "has space"], ["nonce": ""],
                      ["transaction_data": "[\"e30\"]"], ["redirect_uri": "https://verifier.example/cb"], ["dcql_query": "{}"],
                      ["scope": "openid"], ["client_metadata": "[1]"]])
    func malformedRequestsAreRefused(_ changes: [String: String]) async throws {
        await #expect(throws: OpenID4VCError(.invalidMessage, "")) {
            try await AuthorizationRequestValidator().validate(link: try Self.unsigned(changes), requestObject: nil)
        }
    }

    @Test func didSignedRequestObject() async throws {
        let verifier = DIDVerifier()
        let object = try await verifier.requestObject()
        let link = try Self.link([("client_id", verifier.clientId), ("request", object)])
        let request = try await AuthorizationRequestValidator().validate(link: link, requestObject: object)
        #expect(request.authentication == .decentralizedIdentifier(keyId: verifier.keyId))
        #expect(request.responseMode == .directPostJWT && request.state == "st-1")
        #expect(request.clientId.text == verifier.clientId)
    }

    /// A request object signed by a key that is not the claimed DID's is refused, whether its
    /// `kid` names the DID (the signature fails) or another DID (not the client's key).
    @Test func requestSignedByAKeyNotOfTheDID() async throws {
        let verifier = DIDVerifier(), attacker = DIDVerifier()
        let forged = try await verifier.requestObject(signer: attacker.signer)
        await #expect(throws: OpenID4VCError(.signatureInvalid, "")) {
            try await AuthorizationRequestValidator().validate(link: try Self.link([("client_id", verifier.clientId)]), requestObject: forged)
        }
        let otherKid = try await verifier.requestObject(keyId: attacker.keyId, signer: attacker.signer)
        await #expect(throws: OpenID4VCError(.clientNotAuthenticated, "")) {
            try await AuthorizationRequestValidator().validate(link: try Self.link([("client_id", verifier.clientId)]), requestObject: otherKid)
        }
    }

    @Test func requestObjectClaimsAreChecked() async throws {
        let verifier = DIDVerifier()
        let validator = AuthorizationRequestValidator()
        let link = try Self.link([("client_id", verifier.clientId)])
        let expired = try await verifier.requestObject(["exp": .number(JSONNumber(Int(Date().timeIntervalSince1970) - 3600))])
        await #expect(throws: OpenID4VCError(.requestExpired, "")) { try await validator.validate(link: link, requestObject: expired) }
        let wrongAudience = try await verifier.requestObject(["aud": "https://wallet.example"])
        await #expect(throws: OpenID4VCError(.invalidMessage, "")) { try await validator.validate(link: link, requestObject: wrongAudience) }
        // The link's client_id and the object's differ.
        let other = try Self.link([("client_id", "decentralized_identifier:did:example:other")])
        await #expect(throws: OpenID4VCError(.clientNotAuthenticated, "")) { try await validator.validate(link: other, requestObject: try await verifier.requestObject()) }
        // The wallet_nonce sent with request_uri_method=post must come back.
        let withNonce = try await verifier.requestObject(["wallet_nonce": "wn-1"])
        #expect(try await validator.validate(link: link, requestObject: withNonce, walletNonce: "wn-1").nonce == "n-0S6_WzA2Mj")
        await #expect(throws: OpenID4VCError(.walletNonceMismatch, "")) { try await validator.validate(link: link, requestObject: withNonce, walletNonce: "wn-2") }
        await #expect(throws: OpenID4VCError(.walletNonceMismatch, "")) {
            try await validator.validate(link: link, requestObject: try await verifier.requestObject(), walletNonce: "wn-1")
        }
        // A JWT whose typ is not oauth-authz-req+jwt, or that is unsigned, is not a request object.
        let jws = try await CompactJWS.sign(header: ["typ": "JWT"], payload: JSONSerializer().serialize(.object(verifier.claims())), signer: verifier.signer)
        await #expect(throws: OpenID4VCError(.invalidMessage, "")) { try await validator.validate(link: link, requestObject: jws) }
        let unsignedJWT = Base64URL.encode(Array(#"{"alg":"none","typ":"oauth-authz-req+jwt"}"#.utf8)) + "."
            + Base64URL.encode(JSONSerializer().serialize(.object(verifier.claims()))) + "."
        await #expect(throws: OpenID4VCError(.invalidMessage, "")) { try await validator.validate(link: link, requestObject: unsignedJWT) }
    }

    /// `x509_hash`: the client id must be the hash of the leaf that the chain check accepted.
    @Test func x509HashBindsTheLeaf() async throws {
        let key = PrivateSigningKey.p256(P256.PrivateKey())
        let der = Array("a certificate".utf8)
        let hash = Base64URL.encode(Array(SHA256.hash(der)))
        let authenticator = X509RequestAuthenticator { (chain: [String], _: Date) throws(OpenID4VCError) -> X509RequestAuthenticator.Leaf in
            guard chain == [Data(der).base64EncodedString()] else { throw OpenID4VCError(.clientNotAuthenticated, "untrusted") }
            return X509RequestAuthenticator.Leaf(publicKey: key.publicKey, dnsNames: ["verifier.example"], derSHA256: Array(SHA256.hash(der)))
        }
        let signer = InMemorySigner(privateKey: key, verificationMethodId: "leaf")
        func object(clientId: String) async throws -> String {
            var claims = DIDVerifier().claims()
            claims["client_id"] = .string(clientId)
            return try await RequestObject.sign(claims: claims, x5c: [Data(der).base64EncodedString()], signer: signer)
        }
        let validator = AuthorizationRequestValidator(x509: authenticator)
        let good = try await validator.validate(link: try Self.link([("client_id", "x509_hash:\(hash)")]), requestObject: try await object(clientId: "x509_hash:\(hash)"))
        #expect(good.authentication == .x509(dnsNames: ["verifier.example"]))
        let otherHash = "x509_hash:" + Base64URL.encode(Array(SHA256.hash(Array("another".utf8))))
        await #expect(throws: OpenID4VCError(.clientNotAuthenticated, "")) { try await validator.validate(link: try Self.link([("client_id", otherHash)]), requestObject: try await object(clientId: otherHash)) }
        // x509_san_dns: the DNS name must be in the leaf and the response_uri's host.
        let dns = "x509_san_dns:verifier.example"
        #expect(try await validator.validate(link: try Self.link([("client_id", dns)]), requestObject: try await object(clientId: dns)).clientId.text == dns)
        let wrongDNS = "x509_san_dns:other.example"
        await #expect(throws: OpenID4VCError.self) { try await validator.validate(link: try Self.link([("client_id", wrongDNS)]), requestObject: try await object(clientId: wrongDNS)) }
        // Without trust anchors, x509 verifiers are refused.
        await #expect(throws: OpenID4VCError(.clientNotAuthenticated, "")) {
            try await AuthorizationRequestValidator().validate(link: try Self.link([("client_id", "x509_hash:\(hash)")]), requestObject: try await object(clientId: "x509_hash:\(hash)"))
        }
    }
}
