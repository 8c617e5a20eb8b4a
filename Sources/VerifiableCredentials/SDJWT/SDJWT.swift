public import DIDCore
public import Foundation
public import StrictJSON
import WalletCrypto

/// SD-JWT VC (RFC 9901 and SD-JWT VC): issuing with selectively disclosable claims, presenting
/// a chosen subset with a key-binding JWT, and splitting the compact form.
///
///     <issuer-signed JWT>~<disclosure>~...~<disclosure>~[<KB-JWT>]
public enum SDJWT {
    /// The `typ` of an SD-JWT VC's issuer JWT, `dc+sd-jwt`.
    public static let type = "dc+sd-jwt"
    /// The `typ` of a key-binding JWT, `kb+jwt` (RFC 9901 §4.3).
    public static let keyBindingType = "kb+jwt"

    /// The parts of a compact SD-JWT (§4): the issuer-signed JWT, the disclosures, and the
    /// key-binding JWT when there is one.
    public struct Parts: Sendable {
        /// The issuer-signed JWT, compact.
        public let issuerJWT: String
        /// The disclosures, base64url, in order.
        public let disclosures: [String]
        /// The key-binding JWT, when the SD-JWT ends with one.
        public let keyBindingJWT: String?

        /// The presentation without its KB-JWT, as `sd_hash` covers it: `<JWT>~<d1>~...~`.
        public let hashedPart: String

        /// Splits a compact SD-JWT at its `~` separators.
        ///
        /// - Throws: ``VCError`` `malformedJWS` (or `invalidDisclosure`) when the parts are not there.
        public init(parsing text: String) throws(VCError) {
            // Split at each '~' byte of the UTF-8 form (an ASCII byte, so every piece is valid
            // UTF-8): a Character-wise split costs most of an SD-JWT's verification beyond its
            // two signatures (decision 0023). Every piece is later checked as base64url, so a
            // '~' followed by a combining mark is refused either way.
            var text = text
            let (pieces, hashedPart) = text.withUTF8 { bytes -> ([String], String) in
                var pieces: [String] = []
                var start = 0
                // memchr for each '~': a byte-by-byte loop was the largest Swift cost left in an
                // SD-JWT verification (decision 0023).
                if let base = bytes.baseAddress {
                    while start < bytes.count, let found = memchr(base + start, Int32(UInt8(ascii: "~")), bytes.count - start) {
                        let index = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                        pieces.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                        start = index + 1
                    }
                }
                pieces.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
                // Everything up to and including the last '~': the pieces before the KB-JWT joined
                // with '~', plus the closing '~' (RFC 9901 §4.3.1).
                return (pieces, String(decoding: UnsafeBufferPointer(rebasing: bytes[..<start]), as: UTF8.self))
            }
            guard pieces.count >= 2, !pieces[0].isEmpty else {
                throw VCError(.malformedJWS, "an SD-JWT is <JWT>~<disclosures>~[<KB-JWT>]")
            }
            issuerJWT = pieces[0]
            let middle = pieces.dropFirst().dropLast()
            guard middle.allSatisfy({ !$0.isEmpty }) else { throw VCError(.invalidDisclosure, "an empty disclosure between '~'") }
            disclosures = Array(middle)
            keyBindingJWT = pieces.last!.isEmpty ? nil : pieces.last!
            self.hashedPart = hashedPart
        }
    }

    /// Issues an SD-JWT VC. `disclosable` names the claims the holder may disclose one by one:
    /// `name`, `a.b.c` for nested properties, `list[2]` for one array element, `list[]` for all.
    /// `expires` becomes `exp` rounded down and `notBefore` becomes `nbf` rounded up to whole
    /// seconds (RFC 7519 §4.1.4–4.1.5), so the credential is never valid longer than stated.
    public static func issue(
        claims: JSONObject, disclosable: Set<String>, vct: String, issuer: String, holderKey: JWK?,
        signer: some Signer, issuedAt: Date = Date(), expires: DateTimeStamp? = nil, notBefore: DateTimeStamp? = nil, decoys: Int = 0
    ) async throws(VCError) -> String {
        let controller = try Issuer.controller(of: signer)
        // Code point for code point, as for every issuer (String's == would take U+212A for "K").
        guard controller.hasSameScalars(as: issuer) else {
            throw VCError(.verificationMethodNotAuthorized, "the signing key belongs to \(controller), not to the issuer \(issuer)")
        }
        for reserved in ["iss", "vct", "cnf", "iat", "exp", "nbf", "_sd", "_sd_alg", "status"] where disclosable.contains(reserved) {
            throw VCError(.invalidClaims, "\(reserved) cannot be selectively disclosable")
        }
        var builder = Builder(disclosable: disclosable, decoys: decoys)
        var payload: JSONObject = ["iss": .string(issuer), "iat": .number(JSONNumber(Int(issuedAt.timeIntervalSince1970)))]
        if let notBefore { payload["nbf"] = .number(JSONNumber(Int(notBefore.secondsSince1970RoundedUp))) }
        if let expires { payload["exp"] = .number(JSONNumber(Int(expires.secondsSince1970))) }
        payload["vct"] = .string(vct)
        if let holderKey { payload["cnf"] = ["jwk": holderKey.jsonValue] }
        let body = builder.object(claims, path: "")
        for member in body where payload[member.key] == nil { payload.append(key: member.key, value: member.value) }
        payload["_sd_alg"] = "sha-256"
        let unused = disclosable.subtracting(builder.used)
        guard unused.isEmpty else { throw VCError(.invalidClaims, "no claim at \(unused.sorted().joined(separator: ", "))") }
        let header: JSONObject = ["alg": .string(signer.algorithm.rawValue), "typ": .string(type), "kid": .string(signer.verificationMethodId)]
        let jwt = try await CompactJWS.sign(header: header, payload: JSONSerializer().serialize(.object(payload)), signer: signer)
        return ([jwt] + builder.disclosures.map(\.encoded)).joined(separator: "~") + "~"
    }

    /// Builds the payload, replacing disclosable claims by digests.
    struct Builder {
        let disclosable: Set<String>
        let decoys: Int
        var disclosures: [Disclosure] = []
        var used = Set<String>()

        mutating func object(_ object: JSONObject, path: String) -> JSONObject {
            var output = JSONObject()
            var digests: [String] = []
            for member in object {
                let memberPath = path.isEmpty ? member.key : "\(path).\(member.key)"
                let value = self.value(member.value, path: memberPath)
                if disclosable.contains(memberPath) {
                    used.insert(memberPath)
                    let disclosure = Disclosure(claimName: member.key, value: value)
                    disclosures.append(disclosure)
                    digests.append(disclosure.digest())
                } else {
                    output.append(key: member.key, value: value)
                }
            }
            if !digests.isEmpty {
                for _ in 0..<decoys { digests.append(Base64URL.encode(SHA256.hash(SecureRandom.bytes(count: 32)))) }
                // Sorted, so the order reveals nothing about the claims (§4.2.4.1).
                output["_sd"] = .array(digests.sorted().map { .string($0) })
            }
            return output
        }

        mutating func value(_ value: JSONValue, path: String) -> JSONValue {
            switch value {
            case .object(let object): return .object(self.object(object, path: path))
            case .array(let elements):
                return .array(elements.enumerated().map { index, element in
                    let elementPath = "\(path)[\(index)]"
                    let inner = self.value(element, path: elementPath)
                    guard disclosable.contains(elementPath) || disclosable.contains("\(path)[]") else { return inner }
                    used.insert(disclosable.contains(elementPath) ? elementPath : "\(path)[]")
                    let disclosure = Disclosure(claimName: nil, value: inner)
                    disclosures.append(disclosure)
                    return ["...": .string(disclosure.digest())]
                })
            default: return value
            }
        }
    }

    /// The path of every disclosure of `sdJWT` (`a.b`, `list[1]`), by its encoded form; empty when
    /// the disclosures nest deeper than ``SDJWTProcessor/maximumDepth`` or a digest is referenced
    /// twice (security requirement 36).
    public static func disclosurePaths(payload: JSONObject, disclosures: [Disclosure]) -> [String: String] {
        (try? disclosurePaths(payload: payload, disclosures: disclosures, maximumDepth: SDJWTProcessor.maximumDepth)) ?? [:]
    }

    /// The paths, refusing what ``SDJWTProcessor`` refuses about the shape: claims nested deeper
    /// than `maximumDepth` containers (the payload is 1) with `complexityLimit`, and a digest
    /// referenced twice with `duplicateDigest`. Otherwise a chain of disclosures makes the walk
    /// recurse as deep as the input is long, and digests referenced twice at each level make it
    /// walk 2^depth times.
    static func disclosurePaths(payload: JSONObject, disclosures: [Disclosure], maximumDepth: Int) throws(VCError) -> [String: String] {
        let byDigest = Dictionary(disclosures.map { ($0.digest(), $0) }, uniquingKeysWith: { first, _ in first })
        var paths: [String: String] = [:]
        var seen = Set<String>()
        func visit(_ digest: String) throws(VCError) -> Disclosure? {
            guard let disclosure = byDigest[digest] else { return nil }
            guard seen.insert(digest).inserted else { throw VCError(.duplicateDigest, "the digest \(digest) appears more than once") }
            return disclosure
        }
        func walk(_ value: JSONValue, path: String, depth: Int) throws(VCError) {
            switch value {
            case .object, .array:
                guard depth <= maximumDepth else {
                    throw VCError(.complexityLimit, "the disclosed claims nest deeper than \(maximumDepth) levels")
                }
            default: return
            }
            switch value {
            case .object(let object):
                for member in object where member.key != "_sd" {
                    try walk(member.value, path: path.isEmpty ? member.key : "\(path).\(member.key)", depth: depth + 1)
                }
                for digest in object["_sd"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
                    guard let disclosure = try visit(digest), let name = disclosure.claimName else { continue }
                    let childPath = path.isEmpty ? name : "\(path).\(name)"
                    paths[disclosure.encoded] = childPath
                    try walk(disclosure.value, path: childPath, depth: depth + 1)
                }
            case .array(let elements):
                for (index, element) in elements.enumerated() {
                    let childPath = "\(path)[\(index)]"
                    if let digest = element["..."]?.stringValue, let disclosure = try visit(digest) {
                        paths[disclosure.encoded] = childPath
                        try walk(disclosure.value, path: childPath, depth: depth + 1)
                    } else {
                        try walk(element, path: childPath, depth: depth + 1)
                    }
                }
            default: break
            }
        }
        try walk(.object(payload), path: "", depth: 1)
        return paths
    }

    /// Presents `sdJWT` revealing the claims at `disclose` (with the containers they sit in and
    /// everything below them), bound by a KB-JWT to `audience` and `nonce`, signed by `holder`,
    /// whose key must be the one in `cnf`. Disclosures nesting deeper than
    /// ``SDJWTProcessor/maximumDepth`` are refused with `complexityLimit`, a digest referenced
    /// twice with `duplicateDigest`.
    public static func present(_ sdJWT: String, disclose: Set<String>, audience: String, nonce: String,
                               holder: some Signer, issuedAt: Date = Date()) async throws(VCError) -> String {
        let parts = try Parts(parsing: sdJWT)
        let jws = try CompactJWS(parsing: parts.issuerJWT, allowing: ["x5c"])
        guard let payload = (try? JSONParser().parse(jws.payload))?.objectValue else {
            throw VCError(.malformedJSON, "the SD-JWT payload is not a JSON object")
        }
        if let cnf = payload["cnf"]?["jwk"], let key = try? JWK(json: cnf).publicSigningKey(), key != holder.publicKey {
            throw VCError(.verificationMethodNotAuthorized, "the holder's key is not the one the credential is bound to (cnf)")
        }
        let disclosures = try parts.disclosures.map { encoded throws(VCError) in try Disclosure(parsing: encoded) }
        let paths = try disclosurePaths(payload: payload, disclosures: disclosures, maximumDepth: SDJWTProcessor.maximumDepth)
        func selected(_ path: String) -> Bool {
            disclose.contains { wanted in
                wanted == path || wanted.hasPrefix(path + ".") || wanted.hasPrefix(path + "[")
                    || path.hasPrefix(wanted + ".") || path.hasPrefix(wanted + "[")
            }
        }
        let chosen = parts.disclosures.filter { paths[$0].map(selected) ?? false }
        let hashed = ([parts.issuerJWT] + chosen).joined(separator: "~") + "~"
        let keyBinding: JSONObject = [
            "iat": .number(JSONNumber(Int(issuedAt.timeIntervalSince1970))), "aud": .string(audience), "nonce": .string(nonce),
            "sd_hash": .string(Base64URL.encode(SHA256.hash(Array(hashed.utf8)))),
        ]
        let kb = try await CompactJWS.sign(header: ["alg": .string(holder.algorithm.rawValue), "typ": .string(keyBindingType)],
                                           payload: JSONSerializer().serialize(.object(keyBinding)), signer: holder)
        return hashed + kb
    }
}
