import WalletCLISupport
import ArgumentParser
import Foundation
import OpenID4VC
import StrictJSON
import WalletServer

extension RequestCommand {
    /// `wallet request create --dcql FILE`: a presentation request the running verifier serves.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: ServerCommandAbstracts.requestCreate,
            discussion: """
                Needs 'wallet serve --verifier-cert PEM --verifier-key PEM' to have run on this wallet directory: the request is \
                stored in its state database (server-state.sqlite) with a fresh nonce and state, under the verifier's x509_hash \
                client id, and the server signs its request object when a wallet fetches it. Prints the request link (openid4vp://) \
                and its QR code, the page that shows the result (/verifier/views/VIEW), and VIEW for 'wallet request result'. \
                With --json, stdout carries {"requestURI", "requestId", "view", "page", "expires"}.
                """
        )
        @OptionGroup var options: GlobalOptions
        @Option(name: .long, help: ArgumentHelp("The DCQL query (OpenID4VP §6): a JSON file, or - for standard input.", valueName: "file"))
        var dcql: String
        @Option(name: .long, help: "direct_post.jwt (encrypted to the verifier; HAIP) or direct_post.") var responseMode: ResponseModeOption = .directPostJWT
        @Option(name: .long, help: "How long the request can be answered, in seconds (60-86400).") var lifetime = 600
        @OptionGroup var qr: QRCodeOptions

        enum ResponseModeOption: String, ExpressibleByArgument, CaseIterable {
            case directPostJWT = "direct_post.jwt"
            case directPost = "direct_post"
        }

        func validate() throws {
            guard (60...86_400).contains(lifetime) else { throw ValidationError("--lifetime must be 60 to 86400 seconds") }
        }

        func run() async throws {
            try await reportingErrors(json: options.json) {
                try qr.refuseExistingFile()
                let text = try BoundedInput.read(dcql, limit: BoundedInput.Limit.document.named("DCQL query"))
                let query: DCQLQuery
                do { query = try DCQLQuery(parsing: text) } catch {
                    throw CLIError.invalid("the DCQL query is refused: \(error)", code: "invalidArgument")
                }
                let state = try ServerCLI.state(options)
                let baseURL: String?, clientId: String?
                do {
                    baseURL = try state.setting(ServerStateDatabase.SettingName.baseURL)
                    clientId = try state.setting(ServerStateDatabase.SettingName.verifierClientID)
                } catch let error as WalletServerError {
                    throw ServerCLI.cliError(error)
                }
                guard let baseURL, let clientId else {
                    throw CLIError.couldNotRun("no verifier has run on this wallet: start 'wallet serve --verifier-cert PEM --verifier-key PEM' first",
                                               code: "verifierNotConfigured")
                }
                let now = Date()
                let id = ServerStateDatabase.newIdentifier()
                let expires = now.addingTimeInterval(TimeInterval(lifetime))
                // The paths PresentationVerifierService serves: …/presentations/{id}/request and …/response.
                let record = PresentationRequestRecord(
                    id: id, nonce: ServerStateDatabase.newIdentifier(), state: ServerStateDatabase.newIdentifier(), clientId: clientId,
                    responseMode: responseMode.rawValue, responseURI: "\(baseURL)/presentations/\(id)/response", query: query.jsonValue,
                    createdAt: now, expiresAt: expires)
                do { try await SQLitePresentationStateStore(database: state).insert(record) } catch {
                    throw CLIError.couldNotRun("the request could not be stored: \(error)", code: "stateUnavailable")
                }
                let link = "openid4vp://?" + FormEncoding.encode([
                    ("client_id", clientId), ("request_uri", "\(baseURL)/presentations/\(id)/request"), ("request_uri_method", "post"),
                ])
                let view = try ServerCLI.mapping { () throws(WalletServerError) in
                    try state.createRequestView(requestId: id, requestURI: link, lifetime: .seconds(lifetime))
                }
                let page = "\(baseURL)/verifier/views/\(view)"
                try qr.show(link, json: options.json)
                if options.json {
                    Terminal.printJSON(["requestURI": .string(link), "requestId": .string(id), "view": .string(view), "page": .string(page),
                                        "expires": .number(JSONNumber(Int(expires.timeIntervalSince1970)))])
                } else {
                    Terminal.printLine("\(link)")
                    Terminal.printLine("Result page: \(page)")
                    Terminal.printLine("Result: wallet request result \(view)")
                }
            }
        }
    }
}
