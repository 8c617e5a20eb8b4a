/// Texts both executables print.

/// The one-line abstracts of the server commands, which `wallet` lists and `wallet-serve` runs
/// (decision 0038): one text for both executables' help.
package enum ServerCommandAbstracts {
    package static let serve = "Serve the issuer and verifier roles over HTTP (127.0.0.1 unless --bind says otherwise)."
    package static let offer = "Credential offers (OpenID4VCI) of the issuer that 'wallet serve --issuer' runs."
    package static let offerCreate = "Create a credential offer for the issuer that 'wallet serve --issuer DID' runs."
    package static let request = "Presentation requests of the verifier that 'wallet serve' runs."
    package static let requestCreate = "Create a presentation request (a DCQL query) for the verifier that 'wallet serve' runs."
    package static let requestResult = "Show the verification result of a presentation request."
}

/// The release version, printed by `wallet --version` (and `wallet-serve --version`).
package enum WalletVersion {
    package static let current = "0.1.0"
}
