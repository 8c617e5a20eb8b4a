import DIDCore
import Foundation
public import StrictJSON
public import WalletCrypto

/// A compact JWS (RFC 7515 §7.1) restricted to what this library accepts (security
/// requirements 16–19): exactly three segments of canonical unpadded base64url, a header that is
/// strict JSON with an `alg` of `SignatureAlgorithm` (`EdDSA` — or its old name `Ed25519` —,
/// `ES256`, `ES384`, `ES256K`; never `none`, HMAC or RSA), none of `jwk`, `jku`, `x5u`, `x5c`,
/// `b64`, `crit`, and a signature of that algorithm's length (RFC 7518 §3.4: ECDSA is the
/// fixed-width `r || s`, so a DER signature is refused). Which key verifies is never chosen by the
/// header: the verifier resolves `kid` and then requires `alg` to be that key's algorithm.
public struct CompactJWS: Sendable {
    /// The protected header, strict JSON.
    public let header: JSONObject
    /// The decoded payload bytes.
    public let payload: [UInt8]
    /// The signature bytes (Ed25519 `R || S` or ECDSA `r || s`), of ``signatureAlgorithm``'s length.
    public let signature: [UInt8]
    /// `alg` as an algorithm (`Ed25519` read as `SignatureAlgorithm/eddsa`).
    public let signatureAlgorithm: SignatureAlgorithm
    /// `BASE64URL(header) || "." || BASE64URL(payload)`, the bytes that are signed.
    public var signingInput: [UInt8] { Array(signingInputSlice) }
    /// The signed bytes as a slice of the token (no copy: verification reads them in place).
    let signingInputSlice: ArraySlice<UInt8>

    static let forbiddenHeaders = ["jwk", "jku", "x5u", "x5c", "b64", "crit", "x5t", "x5t#S256"]

    /// `alg`, `typ` and `kid` (RFC 7515 §4.1), read once from the header; `type` as written.
    public let algorithm: String?
    /// `typ`, as written.
    public let type: String?
    /// `kid`, the DID URL of the signing key.
    public let keyId: String?
    /// `typ` as a media type, to compare with ``MediaType/vcJWT`` and the others (RFC 7515
    /// §4.1.9); `nil` when there is no `typ` or it is not a media type (``type`` tells which).
    public let mediaType: MediaType?

    /// Parses and checks a compact JWS; the signature is not verified here.
    ///
    /// `allowing` lifts the refusal of some of the refused headers (`x5c`, …) for a caller that handles
    /// them itself (the SD-JWT VC verifier takes `x5c` for issuers that are not DIDs).
    public init(parsing text: some StringProtocol, maximumLength: Int = 1 << 20, allowing: Set<String> = []) throws(VCError) {
        try self.init(bytes: Array(text.utf8), maximumLength: maximumLength, allowing: allowing)
    }

    /// Parses a compact JWS given as ASCII bytes.
    public init(bytes: [UInt8], maximumLength: Int = 1 << 20, allowing: Set<String> = []) throws(VCError) {
        guard bytes.count <= maximumLength else { throw VCError(.inputTooLarge, "a JWS longer than \(maximumLength) bytes") }
        // The two dots, found with memchr: this runs over every byte of every JWT verified.
        let dots: (Int, Int)? = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            let dot = Int32(UInt8(ascii: "."))
            guard let first = memchr(base, dot, buffer.count) else { return nil }
            let firstIndex = UnsafePointer<UInt8>(first.assumingMemoryBound(to: UInt8.self)) - base
            guard let second = memchr(base + firstIndex + 1, dot, buffer.count - firstIndex - 1) else { return nil }
            let secondIndex = UnsafePointer<UInt8>(second.assumingMemoryBound(to: UInt8.self)) - base
            guard memchr(base + secondIndex + 1, dot, buffer.count - secondIndex - 1) == nil else { return nil }
            return (firstIndex, secondIndex)
        }
        guard let (firstDot, secondDot) = dots else {
            let count = bytes.lazy.filter { $0 == UInt8(ascii: ".") }.count + 1
            throw VCError(.malformedJWS, "a compact JWS has exactly three segments, found \(count)")
        }
        func decode(_ part: ArraySlice<UInt8>, _ name: String) throws(VCError) -> [UInt8] {
            do { return try Base64URL.decode(bytes: part) } catch {
                throw VCError(.malformedJWS, "the \(name) is not canonical unpadded base64url")
            }
        }
        let headerBytes = try decode(bytes[..<firstDot], "header")
        let payload = try decode(bytes[(firstDot + 1)..<secondDot], "payload")
        let signature = try decode(bytes[(secondDot + 1)...], "signature")
        let headerValue: JSONValue
        do { headerValue = try JSONParser(options: .init(maxDepth: 8, maxBytes: 16 << 10)).parse(headerBytes) } catch {
            throw VCError(error.code == .duplicateKey ? .duplicateKey : .malformedJWS, "the JWS header is not strict JSON: \(error)")
        }
        guard let header = headerValue.objectValue else { throw VCError(.malformedJWS, "the JWS header is not a JSON object") }
        guard let alg = header["alg"]?.stringValue else { throw VCError(.malformedJWS, "the JWS header has no alg") }
        guard let signatureAlgorithm = alg == "Ed25519" ? .eddsa : SignatureAlgorithm(rawValue: alg) else {
            throw VCError(.unsupportedAlgorithm, "alg \(alg) is not accepted (EdDSA, ES256, ES384 and ES256K are)")
        }
        for name in Self.forbiddenHeaders where header[name] != nil && !allowing.contains(name) {
            throw VCError(.forbiddenHeader, "the JWS header parameter \"\(name)\" is not accepted; keys come only from the issuer's DID")
        }
        guard signature.count == signatureAlgorithm.signatureLength else {
            throw VCError(.malformedJWS, "an \(signatureAlgorithm) signature has \(signatureAlgorithm.signatureLength) bytes, found \(signature.count)")
        }
        self.header = header
        self.signatureAlgorithm = signatureAlgorithm
        self.algorithm = alg
        self.type = header["typ"]?.stringValue
        self.mediaType = type.flatMap(MediaType.init(typ:))
        self.keyId = header["kid"]?.stringValue
        self.payload = payload
        self.signature = signature
        self.signingInputSlice = bytes[..<secondDot]
    }

    /// Signs `payload` under `header`, returning the compact form. The header gets the signer's
    /// `alg` first when it has none; an `alg` that is not the signer's key's is refused
    /// (`unsupportedAlgorithm`): the key fixes the algorithm.
    public static func sign(header: JSONObject, payload: [UInt8], signer: some Signer) async throws(VCError) -> String {
        var header = header
        let algorithm = signer.publicKey.algorithm
        if let alg = header["alg"] {
            guard alg.stringValue == algorithm.rawValue || (algorithm == .eddsa && alg.stringValue == "Ed25519") else {
                throw VCError(.unsupportedAlgorithm, "the header's alg \(alg) is not the signing key's algorithm \(algorithm)")
            }
        } else {
            var withAlgorithm: JSONObject = ["alg": .string(algorithm.rawValue)]
            for member in header { withAlgorithm[member.key] = member.value }
            header = withAlgorithm
        }
        let encodedHeader = Base64URL.encode(JSONSerializer().serialize(.object(header)))
        let encodedPayload = Base64URL.encode(payload)
        let signingInput = Array("\(encodedHeader).\(encodedPayload)".utf8)
        let signature: [UInt8]
        do { signature = try await signer.sign(signingInput) } catch {
            throw VCError(.signingFailed, "the signer failed: \(error)")
        }
        guard signature.count == algorithm.signatureLength else {
            throw VCError(.signingFailed, "the signer returned \(signature.count) bytes, not an \(algorithm) signature")
        }
        return "\(encodedHeader).\(encodedPayload).\(Base64URL.encode(signature))"
    }

    /// Verifies the signature with `key`, the key the verifier resolved from `kid` (RFC 7515
    /// §5.2; RFC 8725 §3.1): `alg` must be in `allowed` (`algorithmNotAllowed`) and must be the
    /// key's own algorithm (`algorithmKeyMismatch`) — the header never picks the algorithm —, then
    /// the signature must verify (`invalidSignature`; `signatureNotLowS` for a secp256k1 signature
    /// whose `s` is above n/2).
    public func verify(with key: PublicSigningKey, allowed: Set<SignatureAlgorithm> = VerificationPolicy.defaultAllowedAlgorithms) throws(VCError) {
        guard allowed.contains(signatureAlgorithm) else {
            throw VCError(.algorithmNotAllowed, "alg \(signatureAlgorithm) is not allowed by the verification policy")
        }
        guard key.algorithm == signatureAlgorithm else {
            throw VCError(.algorithmKeyMismatch, "alg \(signatureAlgorithm) does not match the \(key.curveName) key, whose algorithm is \(key.algorithm)")
        }
        do { try key.verify(signature, for: signingInputSlice) } catch {
            if error.code == .signatureNotLowS {
                throw VCError(.signatureNotLowS, "the \(signatureAlgorithm) signature is in the high-S form, which is refused")
            }
            throw VCError(.invalidSignature, "the JWS signature does not verify")
        }
    }

    /// Whether the signature verifies under `key` and `alg` is the key's algorithm.
    public func isValidSignature(publicKey key: PublicSigningKey) -> Bool {
        key.algorithm == signatureAlgorithm && key.isValidSignature(signature, for: signingInputSlice)
    }

    /// Whether the signature verifies under the Ed25519 `key` (and `alg` is `EdDSA`).
    public func isValidSignature(publicKey key: Ed25519.PublicKey) -> Bool {
        signatureAlgorithm == .eddsa && key.isValidSignature(signature, for: signingInputSlice)
    }
}
