/// A Credential Offer as a wallet receives it (OpenID4VCI 1.0 §4.1.2, §4.1.3): a link whose query
/// carries exactly one of `credential_offer` (the offer by value) and `credential_offer_uri` (an
/// https URL to fetch it from) — `openid-credential-offer://?…`, `haip-vci://?…` or an `https://`
/// link, as pasted or read from a QR code — or the offer object's JSON itself.
public struct CredentialOfferLink: Sendable {
    /// Where the offer is.
    public enum Source: Sendable {
        /// The offer, given by value.
        case value(CredentialOffer)
        /// The offer's URL (https), to fetch with a GET (§4.1.3).
        case reference(String)
    }

    /// The offer or its URL.
    public let source: Source

    /// The longest link accepted, in bytes.
    public static let maximumLength = 64 << 10

    /// Parses `text` (surrounding whitespace ignored).
    /// - Throws: ``OpenID4VCError/Code/invalidMessage`` when it is neither a JSON object nor a link
    ///   with exactly one of the two parameters, or the offer inside is invalid.
    public init(parsing text: String) throws(OpenID4VCError) {
        let trimmed = text.trimmingWhitespace()
        guard trimmed.utf8.count <= Self.maximumLength else {
            throw OpenID4VCError(.messageTooLarge, "a credential offer of \(trimmed.utf8.count) bytes (the limit is \(Self.maximumLength))")
        }
        if trimmed.hasPrefix("{") {
            source = .value(try CredentialOffer(json: Array(trimmed.utf8)))
            return
        }
        guard let question = trimmed.firstIndex(of: "?"), let colon = trimmed.firstIndex(of: ":"), colon < question else {
            throw OpenID4VCError(.invalidMessage, "neither an offer object nor a link with credential_offer or credential_offer_uri")
        }
        var query = trimmed[trimmed.index(after: question)...]
        if let hash = query.firstIndex(of: "#") { query = query[..<hash] }
        let parameters = try FormEncoding.dictionary(query)
        switch (parameters["credential_offer"], parameters["credential_offer_uri"]) {
        case (let value?, nil):
            source = .value(try CredentialOffer(json: Array(value.utf8)))
        case (nil, let uri?):
            _ = try WellKnownURL.split(uri, "credential_offer_uri", allowQuery: true)
            source = .reference(uri)
        case (.some, .some):
            throw OpenID4VCError(.invalidMessage, "the link has both credential_offer and credential_offer_uri (§4.1)")
        case (nil, nil):
            throw OpenID4VCError(.invalidMessage, "the link has neither credential_offer nor credential_offer_uri")
        }
    }
}

extension String {
    /// Without leading and trailing whitespace and newlines.
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
