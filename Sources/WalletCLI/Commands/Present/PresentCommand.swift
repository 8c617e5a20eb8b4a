import WalletCLISupport
import ArgumentParser
import Foundation
import GuardedHTTP
import OpenID4VC
import StrictJSON
import WalletCore

/// `wallet present REQUEST|-`: answers a verifier's OpenID4VP 1.0 request with stored
/// credentials, after showing which claims go to which verifier (docs/cli.md, "Presenting to a
/// verifier").
struct PresentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "present",
        abstract: "Answer a verifier's request (OpenID4VP): show what goes where, confirm, send.",
        discussion: """
            REQUEST is an openid4vp://, haip:// or https:// link (or its query string); - reads it from standard input. \
            The request is checked (its signature for x509_hash:, x509_san_dns: and decentralized_identifier: verifiers, \
            its expiry, its response_uri), its DCQL query is matched against the stored credentials, and the claims that \
            would go to the verifier are shown; only they are sent, after confirmation (--yes for scripts). When nothing \
            matches or the answer is no, the verifier is sent access_denied. Needs --allow-network; --ca-file also gives \
            the trust anchors of x509 verifiers, and --network-allow lets a listed host take the response over plain http.
            """
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The request link, or - for standard input.") var request: String
    @Flag(name: .long, help: "Send without asking for confirmation.") var yes = false
    @OptionGroup var network: NetworkOptions

    func validate() throws {
        try network.validate()
        guard network.allowNetwork else {
            throw ValidationError("presenting fetches the request and sends the answer: it needs --allow-network")
        }
    }

    func run() async throws {
        try await reportingErrors(json: options.json) {
            let text = request == "-"
                ? String(decoding: try BoundedInput.read("-", limit: BoundedInput.Limit(bytes: AuthorizationRequestLink.maximumLength, what: "request")), as: UTF8.self)
                : request
            let configuration = try NetworkAllowances.configuration(networkAllow: network.networkAllow, caFile: network.caFile)
            var validator = AuthorizationRequestValidator(resolver: try network.resolver(), insecureResponseHosts: configuration.allowedHosts)
            validator.x509 = try PresentCommand.x509(caFile: network.caFile)
            let client = PresentationClient(http: GuardedHTTPClient(configuration: configuration), validator: validator)
            let yes = self.yes, json = options.json
            try await WalletSession.withWallet(options) { wallet in
                let outcome: PresentationOutcome
                do {
                    outcome = try await wallet.present(request: text, client: client) { plan in
                        PresentCommand.show(plan)
                        return yes || Secrets.confirm("Send this to \(TerminalText(escaping: plan.verifier))?")
                    }
                } catch let error as OpenID4VCError {
                    throw CLIError.presenting(error)
                }
                if json {
                    var object = outcome.plan.jsonValue.objectValue ?? [:]
                    object["sent"] = true
                    if let redirect = outcome.redirectURI { object["redirectURI"] = .string(redirect) }
                    Terminal.printJSON(.object(object))
                } else {
                    Terminal.printLine("Sent \(outcome.plan.items.count) presentation(s) to \(TerminalText(escaping: outcome.plan.verifier)).")
                    if let redirect = outcome.redirectURI { Terminal.printLine("Continue at \(TerminalText(escaping: redirect))") }
                }
            }
        }
    }

    /// The plan on stderr: the verifier (and whether it is authenticated), where the answer goes,
    /// and each credential with the claims it discloses.
    static func show(_ plan: PresentationPlan) {
        var lines: [String] = []
        let how: String
        switch plan.request.authentication {
        case .unsigned: how = "UNAUTHENTICATED (unsigned redirect_uri request)"
        case .decentralizedIdentifier(let keyId): how = "signed by \(keyId)"
        case .x509(let names): how = "X.509 certificate" + (names.isEmpty ? "" : " for \(names.joined(separator: ", "))")
        }
        lines.append("Verifier: \(plan.verifier) — \(how)")
        lines.append("Answer goes to: \(plan.request.responseURI) (\(plan.request.responseMode.rawValue))")
        for item in plan.items {
            lines.append("  \(item.queryId): \(item.credentialId) (\(item.format), \(item.types.joined(separator: ", ")), issued by \(item.issuer))")
            lines.append("    discloses: " + (item.claims == ["*"] ? "the whole credential" : item.claims.isEmpty ? "no optional claim" : item.claims.joined(separator: ", ")))
        }
        FileHandle.standardError.write(Data(lines.map { "\(TerminalText(escaping: $0))\n" }.joined().utf8))
    }
}

extension PresentCommand {
    /// The anchors of `x509_hash:` / `x509_san_dns:` verifiers: the certificates of `--ca-file`;
    /// without it those verifiers are refused (`clientNotAuthenticated`).
    static func x509(caFile: String?) throws -> X509RequestAuthenticator? {
        guard let caFile else { return nil }
        let pem: [UInt8]
        do { pem = try BoundedInput.read(caFile, limit: BoundedInput.Limit(bytes: 4 << 20, what: "PEM file")) } catch {
            throw CLIError.couldNotRun("--ca-file: \(error.message)", code: "invalidTrustAnchors")
        }
        do { return X509RequestAuthenticator(anchors: try X509TrustAnchors(pem: String(decoding: pem, as: UTF8.self))) } catch {
            throw CLIError.couldNotRun("--ca-file: \(error.code): \(error.message)", code: "invalidTrustAnchors")
        }
    }
}
