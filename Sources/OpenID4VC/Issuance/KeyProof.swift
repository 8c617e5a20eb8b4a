public import DIDCore
public import Foundation
import StrictJSON
public import VerifiableCredentials
public import WalletCrypto

/// The `jwt` key proof of OpenID4VCI 1.0 (Appendix F.1): an `openid4vci-proof+jwt` the wallet signs
/// with the key a credential is to be bound to, for the issuer's identifier (`aud`) and its
/// `c_nonce`, and the issuer's checks of it (Appendix F.4).
public enum KeyProof {
    /// The proof's `typ` (Appendix F.1, RFC 8725 §3.11).
    public static let type = "openid4vci-proof+jwt"

    /// How the proof names its key.
    public enum KeyReference: Sendable {
        /// The public key itself in the `jwk` header (SD-JWT VC `cnf.jwk` binding, HAIP).
        case jwk
        /// The signer's verification method, a DID URL, in the `kid` header (DID binding).
        case kid
    }

    /// What a verified proof establishes.
    public struct Verified: Sendable {
        /// The key that signed, to bind the credential to.
        public let publicKey: PublicSigningKey
        /// The DID of `kid`, when the proof named a DID key.
        public let did: String?
        /// The `nonce` claim, when present (the caller consumes it).
        public let nonce: String?
        /// The `iss` claim (a client id), when present.
        public let clientId: String?
    }

    /// Signs a key proof: header `typ`, `alg` (the signer's key's), and `jwk` or `kid`; payload
    /// `aud`, `iat`, and `nonce` and `iss` when given.
    /// - Parameters:
    ///   - signer: The holder key's signer.
    ///   - audience: The Credential Issuer Identifier.
    ///   - nonce: The `c_nonce` from the Nonce Endpoint, if the issuer has one.
    ///   - clientId: The wallet's `client_id` (omitted for anonymous pre-authorized access).
    ///   - key: `jwk` or `kid`.
    ///   - issuedAt: The `iat` (now unless stated).
    public static func sign(signer: some Signer, audience: String, nonce: String?, clientId: String? = nil, key: KeyReference,
                            issuedAt: Date = Date()) async throws(OpenID4VCError) -> String {
        var header: JSONObject = ["typ": .string(type), "alg": .string(signer.publicKey.algorithm.rawValue)]
        switch key {
        case .jwk: header["jwk"] = JWK(publicSigningKey: signer.publicKey).jsonValue
        case .kid: header["kid"] = .string(signer.verificationMethodId)
        }
        var payload: JSONObject = [:]
        if let clientId { payload["iss"] = .string(clientId) }
        payload["aud"] = .string(audience)
        payload["iat"] = .number(JSONNumber(Int(issuedAt.timeIntervalSince1970.rounded(.down))))
        if let nonce { payload["nonce"] = .string(nonce) }
        let input = Base64URL.encode(JSONSerializer().serialize(.object(header))) + "." + Base64URL.encode(JSONSerializer().serialize(.object(payload)))
        let signature: [UInt8]
        do { signature = try await signer.sign(Array(input.utf8)) } catch {
            throw OpenID4VCError(.signatureInvalid, "the holder key could not sign the key proof: \(error)")
        }
        return input + "." + Base64URL.encode(signature)
    }

    /// The checks of Appendix F.4: three base64url segments; a strict-JSON header with `typ`
    /// `openid4vci-proof+jwt`, an `alg` in `allowed`, and exactly one of `jwk` (a public key: a JWK
    /// with private members is refused) or `kid` (a DID URL resolved with `resolver`; `x5c` and
    /// `trust_chain` are not taken); a signature that verifies with that key in its own algorithm;
    /// `aud` equal to `audience`; an `iat` no older than `maximumAge` and no further ahead than
    /// `allowedSkew`. Every failure is ``OpenID4VCError/Code/invalidProof``. The `nonce` is
    /// returned for the caller to check and consume.
    public static func verify(_ jwt: String, audience: String, allowed: Set<SignatureAlgorithm>, resolver: any DIDResolver,
                              now: Date = Date(), maximumAge: TimeInterval = 300, allowedSkew: TimeInterval = 60) async throws(OpenID4VCError) -> Verified {
        guard jwt.utf8.count <= 32 << 10 else { throw OpenID4VCError(.invalidProof, "a key proof over 32 KiB") }
        let segments = jwt.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3 else { throw OpenID4VCError(.invalidProof, "a key proof is a compact JWS of three segments") }
        let decode = { (part: Substring, name: String) throws(OpenID4VCError) -> [UInt8] in
            do { return try Base64URL.decode(String(part)) } catch {
                throw OpenID4VCError(.invalidProof, "the key proof's \(name) is not base64url")
            }
        }
        let parse = { (bytes: [UInt8], name: String) throws(OpenID4VCError) -> JSONObject in
            guard let object = (try? JSONParser(options: .init(maxDepth: 8, maxBytes: 16 << 10)).parse(bytes))?.objectValue else {
                throw OpenID4VCError(.invalidProof, "the key proof's \(name) is not a strict JSON object")
            }
            return object
        }
        let header = try parse(try decode(segments[0], "header"), "header")
        let payload = try parse(try decode(segments[1], "payload"), "payload")
        let signature = try decode(segments[2], "signature")
        guard header["typ"]?.stringValue == type else {
            throw OpenID4VCError(.invalidProof, "the key proof's typ is not \(type)")
        }
        guard let alg = header["alg"]?.stringValue, let algorithm = SignatureAlgorithm(rawValue: alg), allowed.contains(algorithm) else {
            let names = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            throw OpenID4VCError(.invalidProof, "the key proof's alg \(header["alg"]?.stringValue?.prefix(20) ?? "(none)") is not one of \(names)")
        }
        for name in ["x5c", "trust_chain", "jku", "x5u", "crit"] where header[name] != nil {
            throw OpenID4VCError(.invalidProof, "the key proof's header parameter \(name) is not taken")
        }
        let key: PublicSigningKey
        var did: String?
        switch (header["jwk"], header["kid"]?.stringValue) {
        case (let jwk?, nil):
            do { key = try JWK(json: jwk).publicSigningKey() } catch {
                throw OpenID4VCError(.invalidProof, "the key proof's jwk is not a public signing key: \(error.code)")
            }
        case (nil, let kid?):
            do {
                let url = try DIDURL(parsing: kid)
                let result = await resolver.resolve(url.did, options: .init())
                guard let document = result.didDocument, let fragment = url.fragment, url.path.isEmpty, url.query == nil,
                      let method = document.verificationMethod(withId: "#" + fragment),
                      document.authorizes(method.id, for: .authentication) || document.authorizes(method.id, for: .assertionMethod) else {
                    throw OpenID4VCError(.invalidProof, "the key proof's kid \(kid.prefix(120)) is not a key of its DID")
                }
                key = try method.publicSigningKey()
                did = url.did.description
            } catch let error as OpenID4VCError {
                throw error
            } catch {
                throw OpenID4VCError(.invalidProof, "the key proof's kid does not resolve to a signing key: \(error)")
            }
        default:
            throw OpenID4VCError(.invalidProof, "the key proof's header has not exactly one of jwk and kid")
        }
        guard key.algorithm == algorithm else {
            throw OpenID4VCError(.invalidProof, "the key proof's alg \(algorithm) is not its \(key.curveName) key's algorithm")
        }
        let input = Array(jwt.utf8.prefix(segments[0].utf8.count + 1 + segments[1].utf8.count))
        do { try key.verify(signature, for: input) } catch {
            throw OpenID4VCError(.invalidProof, "the key proof's signature does not verify")
        }
        guard payload["aud"]?.stringValue == audience else {
            throw OpenID4VCError(.invalidProof, "the key proof's aud is not this issuer (\(audience.prefix(100)))")
        }
        guard let iat = payload["iat"]?.numberValue?.int64Value else { throw OpenID4VCError(.invalidProof, "the key proof has no integer iat") }
        let issued = Date(timeIntervalSince1970: TimeInterval(iat))
        guard issued >= now.addingTimeInterval(-maximumAge), issued <= now.addingTimeInterval(allowedSkew) else {
            throw OpenID4VCError(.invalidProof, "the key proof's iat is outside the accepted window")
        }
        if let nonce = payload["nonce"], nonce.stringValue == nil { throw OpenID4VCError(.invalidProof, "the key proof's nonce is not a string") }
        if let iss = payload["iss"], iss.stringValue == nil { throw OpenID4VCError(.invalidProof, "the key proof's iss is not a string") }
        return Verified(publicKey: key, did: did, nonce: payload["nonce"]?.stringValue, clientId: payload["iss"]?.stringValue)
    }
}
