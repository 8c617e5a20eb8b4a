/// A verifier's client identifier with its prefix (OpenID4VP 1.0 §5.9): how the wallet
/// authenticates the verifier and which `response_uri` it may use.
///
/// The full identifier (``text``, prefix included) is what presentations are bound to (`aud`,
/// `domain`, §14.1.2 "Always Use the Full Client Identifier").
public struct ClientIdentifier: Sendable, Hashable, CustomStringConvertible {
    /// The prefixes this wallet takes (§5.9.3). Others (`openid_federation`,
    /// `verifier_attestation`, pre-registered clients) are refused; `origin` must be (§5.9.3).
    public enum Prefix: String, Sendable, CaseIterable {
        /// `redirect_uri:` — the identifier is the response URI; the request is unsigned and the
        /// verifier unauthenticated.
        case redirectURI = "redirect_uri"
        /// `x509_san_dns:` — a DNS name in a `dNSName` SAN of the `x5c` leaf that signed the request.
        case x509SanDNS = "x509_san_dns"
        /// `x509_hash:` — base64url SHA-256 of the DER `x5c` leaf that signed the request (HAIP).
        case x509Hash = "x509_hash"
        /// `decentralized_identifier:` — a DID; the request is signed by one of its keys.
        case decentralizedIdentifier = "decentralized_identifier"
    }

    /// The prefix.
    public let prefix: Prefix
    /// The identifier after the prefix (`client.example.org`, `did:web:…`, the hash, the URI).
    public let value: String
    /// The full identifier, prefix included.
    public let text: String

    /// Whether requests under this prefix must be signed request objects (all but `redirect_uri:`).
    public var requiresSignedRequest: Bool { prefix != .redirectURI }

    /// Parses a `client_id` (at most 2048 bytes).
    ///
    /// - Throws: ``OpenID4VCError`` `unsupportedClientIdPrefix` when there is no prefix (a
    ///   pre-registered client, which this wallet has none of), the prefix is not one of
    ///   ``Prefix``, or the rest is empty or not of the prefix's form.
    public init(_ text: String) throws(OpenID4VCError) {
        guard !text.isEmpty, text.utf8.count <= 2048 else {
            throw OpenID4VCError(.unsupportedClientIdPrefix, "a client_id is 1 to 2048 bytes")
        }
        guard let colon = text.firstIndex(of: ":") else {
            throw OpenID4VCError(.unsupportedClientIdPrefix, "client_id \(text) has no prefix: pre-registered verifiers are not supported")
        }
        let name = String(text[..<colon])
        guard let prefix = Prefix(rawValue: name) else {
            throw OpenID4VCError(.unsupportedClientIdPrefix, "the client_id prefix \(name) is not supported (\(Prefix.allCases.map(\.rawValue).joined(separator: ", ")) are)")
        }
        let value = String(text[text.index(after: colon)...])
        guard !value.isEmpty, !value.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }) else {
            throw OpenID4VCError(.unsupportedClientIdPrefix, "the \(name) client_id has no identifier after the prefix, or spaces or controls in it")
        }
        switch prefix {
        case .decentralizedIdentifier:
            guard value.hasPrefix("did:") else { throw OpenID4VCError(.unsupportedClientIdPrefix, "a decentralized_identifier client_id is a DID") }
        case .x509Hash:
            guard value.utf8.count == 43, value.utf8.allSatisfy(Self.isBase64URL) else {
                throw OpenID4VCError(.unsupportedClientIdPrefix, "an x509_hash client_id is the base64url SHA-256 of a certificate (43 characters)")
            }
        case .x509SanDNS:
            guard value.utf8.allSatisfy({ Self.isBase64URL($0) || $0 == UInt8(ascii: ".") }), !value.hasPrefix("."), !value.hasSuffix(".") else {
                throw OpenID4VCError(.unsupportedClientIdPrefix, "an x509_san_dns client_id is a DNS name")
            }
        case .redirectURI:
            break
        }
        self.prefix = prefix
        self.value = value
        self.text = text
    }

    /// The full identifier.
    public var description: String { text }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }
}
