import ArgumentParser
import Foundation
import StrictJSON
import WalletServer

/// `wallet serve`: the issuer and verifier roles over HTTP, and the verifier's request pages.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the issuer and verifier roles over HTTP (127.0.0.1 unless --bind says otherwise).",
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

    func validate() throws {
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
            let server = WalletHTTPServer.loggingToStandardError(configuration: configuration, state: state, quiet: options.quiet)
            try await ServerCLI.mapping {
                try await server.run(handlingSignals: true) { baseURL, port in
                    do { try state.setSetting(ServerStateDatabase.SettingName.baseURL, baseURL) } catch {
                        Terminal.printWarning("could not record the base URL for the create commands: \(error)")
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
}
