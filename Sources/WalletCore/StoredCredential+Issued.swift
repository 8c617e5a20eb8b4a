import StrictJSON
public import VerifiableCredentials

extension StoredCredential {
    /// The stored credential as ``IssuedCredential``, to present with
    /// `Wallet.present(_:holder:challenge:domain:format:disclosing:)` or to verify again: the JSON
    /// document parsed strictly, or the compact JWT / SD-JWT as received. `nil` in a listing, which
    /// leaves ``raw`` out (load the credential with `Wallet.credential(_:)`), or when the stored
    /// JSON no longer parses.
    public var issued: IssuedCredential? {
        guard let raw else { return nil }
        guard raw.hasPrefix("{") else { return .compact(raw) }
        return (try? JSONValue(parsing: raw)).map(IssuedCredential.document)
    }
}
