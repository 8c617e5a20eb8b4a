import DIDCore
import Foundation
public import StrictJSON
public import WalletCrypto

/// A compact JWS (RFC 7515 §7.1) restricted to what this library accepts (security
/// requirements 16–19): exactly three segments of canonical unpadded base64url, a header that is
/// strict JSON with `alg` `EdDSA` (or `Ed25519`), none of `jwk`, `jku`, `x5u`, `x5c`, `b64`,
/// `crit`, and a 64-byte signature.
public struct CompactJWS: Sendable {
    /// The protected header, strict JSON.
    public let header: JSONObject
    /// The decoded payload bytes.
    public let payload: [UInt8]
    /// The 64-byte Ed25519 signature.
    public let signature: [UInt8]
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
    public init(parsing text: some StringProtocol, maximumLength: Int = 1 << 20) throws(VCError) {
        try self.init(bytes: Array(text.utf8), maximumLength: maximumLength)
    }

    /// Parses a compact JWS given as ASCII bytes.
    public init(bytes: [UInt8], maximumLength: Int = 1 << 20) throws(VCError) {
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
        guard alg == "EdDSA" || alg == "Ed25519" else {
            throw VCError(.unsupportedAlgorithm, "alg \(alg) is not accepted (only EdDSA with Ed25519 keys)")
        }
        for name in Self.forbiddenHeaders where header[name] != nil {
            throw VCError(.forbiddenHeader, "the JWS header parameter \"\(name)\" is not accepted; keys come only from the issuer's DID")
        }
        guard signature.count == Ed25519.signatureLength else {
            throw VCError(.malformedJWS, "an EdDSA signature has 64 bytes, found \(signature.count)")
        }
        self.header = header
        self.algorithm = alg
        self.type = header["typ"]?.stringValue
        self.mediaType = type.flatMap(MediaType.init(typ:))
        self.keyId = header["kid"]?.stringValue
        self.payload = payload
        self.signature = signature
        self.signingInputSlice = bytes[..<secondDot]
    }

    /// Signs `payload` under `header` (which must hold `alg` EdDSA), returning the compact form.
    public static func sign(header: JSONObject, payload: [UInt8], signer: some Signer) async throws(VCError) -> String {
        let encodedHeader = Base64URL.encode(JSONSerializer().serialize(.object(header)))
        let encodedPayload = Base64URL.encode(payload)
        let signingInput = Array("\(encodedHeader).\(encodedPayload)".utf8)
        let signature: Ed25519.Signature
        do { signature = try await signer.sign(signingInput) } catch {
            throw VCError(.signingFailed, "the signer failed: \(error)")
        }
        return "\(encodedHeader).\(encodedPayload).\(Base64URL.encode(signature.rawRepresentation))"
    }

    /// Whether the signature verifies under `key`.
    public func isValidSignature(publicKey key: Ed25519.PublicKey) -> Bool {
        key.isValidSignature(signature, for: signingInputSlice)
    }
}
