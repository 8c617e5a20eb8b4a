import WalletCLISupport
import ArgumentParser
import Foundation
import StrictJSON
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

    func validate() throws {
        if (verifierCert == nil) != (verifierKey == nil) { throw ValidationError("--verifier-cert and --verifier-key go together") }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        if let publicURL {
            guard let url = URL(string: publicURL), ["https", "http"].contains(url.scheme ?? ""), url.host != nil,
                  url.query == nil, url.fragment == nil, !publicURL.hasSuffix("/") else {
                throw ValidationError("--public-url must be an http(s) URL without a query, fragment or trailing slash")
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
            let server = WalletHTTPServer.loggingToStandardError(configuration: configuration, state: state,
                                                                 roles: verifier.map { [$0.handler] } ?? [], quiet: options.quiet)
            try await ServerCLI.mapping {
                try await server.run(handlingSignals: true) { baseURL, port in
                    do {
                        try state.setSetting(ServerStateDatabase.SettingName.baseURL, baseURL)
                        if let verifier {
                            let clientId = try verifier.start(baseURL: baseURL)
                            try state.setSetting(ServerStateDatabase.SettingName.verifierClientID, clientId)
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
