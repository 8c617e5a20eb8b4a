public import OpenID4VC
import StrictJSON
import WalletCrypto

extension ServerStateDatabase {
    /// The setting-name prefix of a registered credential configuration (the id follows it).
    static let issuerConfigurationPrefix = "issuerConfiguration:"
    /// The most configurations an issuer registers (`wallet offer create` adds one per new kind).
    public static let maximumIssuerConfigurations = 256

    /// Registers the configuration of `format` for `vct` (`dc+sd-jwt`) or `types` (and `contexts`,
    /// `ldp_vc`) with the issuer `wallet serve` runs, and returns it. Its id is derived from what it
    /// describes (a readable name, the format, 64 bits of the SHA-256 of its JCS form), so registering
    /// the same kind again returns the same configuration; the running server reads every registered
    /// configuration into its metadata (OpenID4VCI 1.0 §12.2.4) on each request.
    /// - Parameters:
    ///   - format: `dc+sd-jwt`, `jwt_vc_json` or `ldp_vc`.
    ///   - vct: The SD-JWT VC type (an https URL), for `dc+sd-jwt`.
    ///   - types: The W3C types, `VerifiableCredential` first, for the W3C formats.
    ///   - contexts: The `@context` URLs, base context first, for `ldp_vc`.
    /// - Throws: ``WalletServerError/Code/stateFull`` beyond ``maximumIssuerConfigurations``,
    ///   ``WalletServerError/Code/stateUnavailable`` when the database fails.
    public func registerIssuerConfiguration(format: String, vct: String?, types: [String],
                                            contexts: [String]) throws(WalletServerError) -> CredentialConfiguration {
        precondition(CredentialConfiguration.supportedFormats.contains(format), "an issued format")
        let name = Self.readableName(vct.map { String($0.split(separator: "/").last ?? "") } ?? types.last ?? format)
        let display: [JSONValue] = [["name": .string(name), "locale": "en"]]
        let draft = CredentialConfiguration(id: "", format: format, vct: vct, types: types, contexts: contexts, display: display)
        var described = draft.jsonObject
        described["scope"] = nil
        let digest = WalletCrypto.SHA256.hash((try? JCS.canonicalize(.object(described))) ?? JSONSerializer().serialize(.object(described)))
        let tag = ["dc+sd-jwt": "sd-jwt", "jwt_vc_json": "jwt", "ldp_vc": "ldp"][format] ?? format
        let id = "\(name)-\(tag)-" + digest.prefix(8).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        let configuration = CredentialConfiguration(id: id, format: format, vct: vct, types: types, contexts: contexts, display: display)
        let settingName = Self.issuerConfigurationPrefix + id
        let stored = JSONValue.object(configuration.jsonObject).compactString
        if let existing = try setting(settingName) {
            // The id names what it describes: a stored entry under it that describes something
            // else (a collision of the 64-bit digest, or a file edited) is never taken for this one.
            guard existing == stored else {
                throw WalletServerError(.identifierInUse, "the configuration id \(id) is registered for another kind of credential")
            }
        } else {
            guard try settings(withPrefix: Self.issuerConfigurationPrefix).count < Self.maximumIssuerConfigurations else {
                throw WalletServerError(.stateFull, "the issuer has \(Self.maximumIssuerConfigurations) credential configurations")
            }
            try setSetting(settingName, stored)
        }
        return configuration
    }

    /// Every registered credential configuration, in id order. An entry that no longer reads (a
    /// file changed behind the server's back) is skipped.
    public func issuerConfigurations() throws(WalletServerError) -> [CredentialConfiguration] {
        try settings(withPrefix: Self.issuerConfigurationPrefix).compactMap { entry in
            let id = String(entry.name.dropFirst(Self.issuerConfigurationPrefix.count))
            guard let object = (try? JSONValue(parsing: entry.value))?.objectValue else { return nil }
            return try? CredentialConfiguration(id: id, object: object)
        }
    }

    /// `text` cut to 40 letters, digits, `.`, `_` and `-` (each other character becomes `_`).
    static func readableName(_ text: String) -> String {
        let kept = text.unicodeScalars.prefix(40).map { scalar -> Character in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar))
                ? Character(scalar) : "_"
        }
        return kept.isEmpty ? "credential" : String(kept)
    }
}

private extension String {
    func leftPadded(to length: Int) -> String { String(repeating: "0", count: max(0, length - count)) + self }
}
