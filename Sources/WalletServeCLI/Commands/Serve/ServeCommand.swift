import WalletCLISupport
import ArgumentParser
import Foundation
import OpenID4VC
import StrictJSON
import WalletCore
import WalletServer

/// `wallet serve`: the issuer and verifier roles over HTTP, and the verifier's request pages.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: ServerCommandAbstracts.serve,
        discussion: """
            Runs until interrupted (Ctrl-C, SIGTERM). The state (offers, codes, nonces, requests, results) is kept in \
            server-state.sqlite in the wallet directory, which 'wallet offer create', 'wallet request create' and 'wallet \
            request result' use too. Request bodies are limited to 64 KiB; each request is logged on stderr as its method, \
            path (identifiers replaced by *) and status, never a code, token or body. With --json, stdout carries one JSON \
            object once the server listens: {"baseURL", "port", "bind"}.

            With --issuer DID the server is also an OpenID4VCI issuer: the wallet is unlocked once (passphrase as usual) and \
            DID signs every credential. The Credential Issuer Identifier is the base URL: https (--public-url), or http on a \
            loopback address for local use and tests. Its credential configurations are those 'wallet offer create' \
            registered in the state database, read on every request: an offer made while the server runs is served at once.
            """
    )
    @OptionGroup var options: GlobalOptions
    @Option(name: .long, help: ArgumentHelp("The address to listen on; anything but loopback serves the network.", valueName: "address"))
    var bind = "127.0.0.1"
    @Option(name: .long, help: "The port to listen on (0: any free port).") var port = 8080
    @Option(name: .long, help: ArgumentHelp("The URL wallets reach this server at, e.g. https://issuer.example behind a TLS proxy (default: http://BIND:PORT).",
                                            valueName: "url"))
    var publicURL: String?
    @Option(name: .long, help: ArgumentHelp("Run the verifier: its certificate chain, PEM, leaf first (its SHA-256 is the x509_hash client id).",
                                            valueName: "pem"))
    var verifierCert: String?
    @Option(name: .long, help: ArgumentHelp("The verifier's P-256 private key, PEM (PKCS #8 or SEC 1): the key of the leaf certificate.",
                                            valueName: "pem"))
    var verifierKey: String?
    @Option(name: .long, help: ArgumentHelp("Run the issuer: the wallet DID (or its label) that signs the credentials offered with 'wallet offer create'.",
                                            valueName: "did"))
    var issuer: String?

    func validate() throws {
        if (verifierCert == nil) != (verifierKey == nil) { throw ValidationError("--verifier-cert and --verifier-key go together") }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        if let publicURL {
            guard let url = URL(string: publicURL), ["https", "http"].contains(url.scheme ?? ""), url.host != nil,
                  url.query == nil, url.fragment == nil, !publicURL.hasSuffix("/") else {
                throw ValidationError("--public-url must be an http(s) URL without a query, fragment or trailing slash")
            }
        }
        if issuer != nil {
            // OpenID4VCI §12.2.1: the identifier is an https URL; http only where traffic stays on the machine (decision 0039).
            let host = bind.contains(":") && !bind.hasPrefix("[") ? "[\(bind)]" : bind
            guard (try? CredentialIssuerMetadata.wellKnownURL(for: publicURL ?? "http://\(host):\(max(port, 1))")) != nil else {
                throw ValidationError("--issuer needs an https --public-url (plain http only on a loopback address)")
            }
        }
    }

    func run() async throws {
        try await reportingErrors(json: options.json) {
            var configuration = WalletServerConfiguration()
            configuration.host = bind
            configuration.port = port
            configuration.publicBaseURL = publicURL
            if !configuration.bindsLoopbackOnly {
                Terminal.printWarning("listening on \(bind): the server is reachable from the network, not only from this machine")
            }
            let state = try ServerCLI.state(options)
            let verifier = try verifierCredentials().map { VerifierRoleBox(credentials: $0, state: state) }
            guard let issuer else { return try await serve(configuration, state: state, verifier: verifier, issuer: nil) }
            // Unlocked once, before listening: a wrong passphrase or an unknown DID stops the server before it starts.
            try await WalletSession.withWallet(options) { wallet in
                let did = try await wallet.did(issuer).did.description
                _ = try await wallet.signer(for: did)
                try await serve(configuration, state: state, verifier: verifier, issuer: IssuerRoleBox(wallet: wallet, issuerDID: did, state: state))
            }
        }
    }

    /// Runs the server with the roles until it is stopped; records in the state database what the
    /// create commands need (the base URL, the verifier's client id, the issuer's DID).
    private func serve(_ configuration: WalletServerConfiguration, state: ServerStateDatabase, verifier: VerifierRoleBox?,
                       issuer: IssuerRoleBox?) async throws {
        let roles = [verifier?.handler, issuer?.handler].compactMap { $0 }
        let server = WalletHTTPServer.loggingToStandardError(configuration: configuration, state: state, roles: roles, quiet: options.quiet)
        try await ServerCLI.mapping {
            try await server.run(handlingSignals: true) { baseURL, port in
                do {
                    try state.setSetting(ServerStateDatabase.SettingName.baseURL, baseURL)
                    if let verifier {
                        let clientId = try verifier.start(baseURL: baseURL)
                        try state.setSetting(ServerStateDatabase.SettingName.verifierClientID, clientId)
                    }
                    if let issuer {
                        try issuer.start(baseURL: baseURL)
                        try state.setSetting(ServerStateDatabase.SettingName.issuerDID, issuer.issuerDID)
                    } else {
                        try state.removeSetting(ServerStateDatabase.SettingName.issuerDID)
                    }
                } catch {
                    Terminal.printWarning("could not record the settings for the create commands: \(error)")
                }
                if options.json {
                    Terminal.printJSON(["baseURL": .string(baseURL), "port": .number(JSONNumber(port)), "bind": .string(bind)])
                } else {
                    FileHandle.standardError.write(Data("wallet: serving at \(TerminalText.escaped(baseURL)) (Ctrl-C stops)\n".utf8))
                }
            }
        }
    }

    /// The verifier's chain and key, read before the server starts (a bad file stops it then).
    func verifierCredentials() throws -> VerifierCredentials? {
        guard let verifierCert, let verifierKey else { return nil }
        let certificate = try BoundedInput.read(verifierCert, limit: BoundedInput.Limit.document.named("verifier certificate"))
        let key = try BoundedInput.read(verifierKey, limit: BoundedInput.Limit.document.named("verifier key"))
        return try ServerCLI.mapping { () throws(WalletServerError) in
            try VerifierCredentials(certificatePEM: String(decoding: certificate, as: UTF8.self), privateKeyPEM: String(decoding: key, as: UTF8.self))
        }
    }
}
