import DIDCore
import Foundation
public import StrictJSON
public import VerifiableCredentials
public import WalletCrypto

/// A signed request object (JAR, RFC 9101; OpenID4VP 1.0 §5): a compact JWS whose `typ` is
/// `oauth-authz-req+jwt`, signed with ES256, ES384 or EdDSA. Unlike a credential's JWS its header
/// may carry `x5c` (the `x509_*` client id prefixes); the key that verifies is chosen by the
/// client id prefix, never by the header alone.
public struct RequestObject: Sendable {
    /// The media type of request objects, required in `typ` (§5).
    public static let type = "oauth-authz-req+jwt"
    /// The most bytes a request object may have.
    public static let maximumLength = 256 << 10

    /// The protected header.
    public let header: JSONObject
    /// The claims.
    public let claims: JSONObject
    /// The signature algorithm.
    public let algorithm: SignatureAlgorithm
    /// `x5c` of the header, when present: base64 DER certificates, leaf first (RFC 7515 §4.1.6).
    public let x5c: [String]?
    /// `kid` of the header, when present.
    public let keyId: String?
    let signingInput: [UInt8]
    let signature: [UInt8]

    /// Parses a request object; the signature is checked by ``verify(with:)``.
    ///
    /// - Throws: ``OpenID4VCError`` `messageTooLarge` over ``maximumLength``; `invalidMessage` for
    ///   a malformed JWS, a `typ` other than `oauth-authz-req+jwt`, an `alg` that is not ES256,
    ///   ES384 or EdDSA (never `none`), or claims that are not a JSON object.
    public init(parsing text: String) throws(OpenID4VCError) {
        let bytes = Array(text.utf8)
        guard bytes.count <= Self.maximumLength else {
            throw OpenID4VCError(.messageTooLarge, "a request object has at most \(Self.maximumLength) bytes")
        }
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw OpenID4VCError(.invalidMessage, "a request object is a compact JWS of three parts (unsigned requests are not taken)")
        }
        func decode(_ part: ArraySlice<UInt8>, _ name: String) throws(OpenID4VCError) -> [UInt8] {
            do { return try Base64URL.decode(bytes: part) } catch { throw OpenID4VCError(.invalidMessage, "the request object's \(name) is not base64url") }
        }
        func object(_ part: ArraySlice<UInt8>, _ name: String, depth: Int) throws(OpenID4VCError) -> JSONObject {
            let value: JSONValue
            do { value = try JSONParser(options: .init(maxDepth: depth, maxBytes: Self.maximumLength)).parse(try decode(part, name)) } catch {
                throw OpenID4VCError(.invalidMessage, "the request object's \(name) is not strict JSON")
            }
            guard let object = value.objectValue else { throw OpenID4VCError(.invalidMessage, "the request object's \(name) is not a JSON object") }
            return object
        }
        header = try object(parts[0], "header", depth: 8)
        guard header["typ"]?.stringValue == Self.type else {
            throw OpenID4VCError(.invalidMessage, "a request object's typ is \(Self.type) (OpenID4VP 1.0 §5)")
        }
        guard let alg = header["alg"]?.stringValue, let algorithm = SignatureAlgorithm(rawValue: alg),
              [.es256, .es384, .eddsa].contains(algorithm) else {
            throw OpenID4VCError(.invalidMessage, "a request object is signed with ES256, ES384 or EdDSA")
        }
        for name in ["crit", "jku", "x5u", "jwk"] where header[name] != nil {
            throw OpenID4VCError(.invalidMessage, "the request object's header parameter \(name) is not taken")
        }
        if let chain = header["x5c"] {
            guard let entries = chain.arrayValue, !entries.isEmpty, entries.count <= 8,
                  entries.allSatisfy({ $0.stringValue != nil }) else {
                throw OpenID4VCError(.invalidMessage, "x5c is a non-empty array of at most 8 base64 certificates")
            }
            x5c = entries.compactMap(\.stringValue)
        } else {
            x5c = nil
        }
        keyId = header["kid"]?.stringValue
        claims = try object(parts[1], "payload", depth: 32)
        signature = try decode(parts[2], "signature")
        guard signature.count == algorithm.signatureLength else {
            throw OpenID4VCError(.invalidMessage, "an \(algorithm) signature has \(algorithm.signatureLength) bytes")
        }
        self.algorithm = algorithm
        signingInput = Array(bytes[..<(parts[0].count + 1 + parts[1].count)])
    }

    /// Checks the signature with `key`, whose algorithm must be the header's.
    ///
    /// - Throws: ``OpenID4VCError`` `signatureInvalid` when it does not verify.
    public func verify(with key: PublicSigningKey) throws(OpenID4VCError) {
        guard key.algorithm == algorithm, key.isValidSignature(signature, for: signingInput) else {
            throw OpenID4VCError(.signatureInvalid, "the request object's signature does not verify with the verifier's \(key.curveName) key")
        }
    }

    /// Signs `claims` as a request object (`typ` `oauth-authz-req+jwt`) with `signer`, in its
    /// key's algorithm; `x5c` and `kid` go into the header when given.
    ///
    /// - Throws: ``OpenID4VCError`` `signatureInvalid` when the signer fails.
    public static func sign(claims: JSONObject, x5c: [String]? = nil, keyId: String? = nil, signer: some Signer) async throws(OpenID4VCError) -> String {
        var header: JSONObject = ["alg": .string(signer.algorithm.rawValue), "typ": .string(type)]
        if let keyId { header["kid"] = .string(keyId) }
        if let x5c { header["x5c"] = .array(x5c.map { .string($0) }) }
        let input = Base64URL.encode(JSONSerializer().serialize(.object(header))) + "." + Base64URL.encode(JSONSerializer().serialize(.object(claims)))
        let signature: [UInt8]
        do { signature = try await signer.sign(Array(input.utf8)) } catch {
            throw OpenID4VCError(.signatureInvalid, "signing the request object failed: \(error)")
        }
        return input + "." + Base64URL.encode(signature)
    }
}
