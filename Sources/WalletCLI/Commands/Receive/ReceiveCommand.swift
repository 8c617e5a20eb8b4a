import WalletCLISupport
import ArgumentParser
import Foundation
import DIDResolvers
import GuardedHTTP
import OpenID4VC
import StrictJSON
import WalletCore
import WalletCrypto

/// `wallet receive OFFER|-`: takes a Credential Offer (OpenID4VCI 1.0), obtains its credentials
/// from the issuer, verifies each and checks it is bound to the wallet key that was proven, and
/// stores them (docs/cli.md, "Receiving credentials").
struct ReceiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive",
        abstract: "Receive credentials from an issuer's offer (OpenID4VCI): verify, check the binding, store.",
        discussion: """
            OFFER is an openid-credential-offer:// (or https://) link with credential_offer or credential_offer_uri, \
            or the offer's JSON; - reads it from standard input. Needs --allow-network: every fetch goes through the \
            guarded client (--network-allow and --ca-file as for did:web). An SD-JWT VC signed under x5c (HAIP) must \
            chain to a --ca-file certificate; one from an https issuer without x5c is checked with its JWT VC Issuer Metadata.
            """
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The offer link or JSON, or - for standard input.") var offer: String
    @Option(name: .long, help: ArgumentHelp("Read the transaction code (tx_code) from this file (else a no-echo prompt).", valueName: "file"))
    var txCodeFile: String?
    @Option(name: .long, help: ArgumentHelp("The holder key type: ed25519 or p256 (default: what the issuer takes, Ed25519 first).", valueName: "type"))
    var keyType: String?
    @Option(name: .long, help: ArgumentHelp("Bind W3C credentials to this wallet DID (or label).", valueName: "did"))
    var holder: String?
    @Option(name: .customLong("configuration"), help: ArgumentHelp("Request only this offered configuration (repeatable).", valueName: "id"))
    var configurations: [String] = []
    @Flag(name: .long, help: "Use the authorization code flow (a browser and a loopback redirect) even when a pre-authorized code is offered.")
    var authorizationCode = false
    @Option(name: .long, help: ArgumentHelp("Poll a deferred credential for at most this many seconds (0-3600).", valueName: "seconds"))
    var deferredWait: Int = 30
    @Flag(name: .long, help: "Do not ask for confirmation before contacting the issuer.") var yes = false
    @OptionGroup var network: NetworkOptions

    func validate() throws {
        try network.validate()
        guard network.allowNetwork else {
            throw ValidationError("receiving fetches from the issuer: it needs --allow-network")
        }
        if let keyType, keyType != "ed25519" && keyType != "p256" { throw ValidationError("--key-type is ed25519 or p256") }
        guard (0...3600).contains(deferredWait) else { throw ValidationError("--deferred-wait is 0 to 3600 seconds") }
    }

    func run() async throws {
        try await reportingErrors(json: options.json) {
            let text = offer == "-"
                ? String(decoding: try BoundedInput.read("-", limit: BoundedInput.Limit(bytes: CredentialOfferLink.maximumLength, what: "offer")), as: UTF8.self)
                : offer
            let client = GuardedHTTPClient(configuration: try NetworkAllowances.configuration(networkAllow: network.networkAllow, caFile: network.caFile))
            let resolved: CredentialOffer
            do throws(OpenID4VCError) { resolved = try await IssuanceClient(client: client).offer(from: text) } catch { throw CLIError.receiving(error) }
            let ids = configurations.isEmpty ? resolved.credentialConfigurationIds : configurations
            guard yes || Secrets.confirm("Receive \(TerminalText(escaping: ids.joined(separator: ", "))) from \(TerminalText(escaping: resolved.credentialIssuer))?") else {
                throw CLIError.usage("receiving needs confirmation: pass --yes")
            }
            // The tx_code is read before the wallet is unlocked, so a missing one costs no passphrase work.
            let code = try resolved.preAuthorizedCode?.transactionCode.flatMap { spec in
                authorizationCode && resolved.authorizationCode != nil ? nil : try transactionCode(spec)
            }
            var receiveOptions = ReceiveOptions()
            receiveOptions.configurationIds = configurations.isEmpty ? nil : configurations
            receiveOptions.keyType = keyType == "p256" ? .p256 : keyType == "ed25519" ? .ed25519 : nil
            receiveOptions.holder = holder
            receiveOptions.preferAuthorizationCode = authorizationCode
            receiveOptions.deferredWait = .seconds(deferredWait)
            // A HAIP issuer signs under x5c: its chain must reach a --ca-file certificate (decision 0036).
            var verifier = Verifier(resolver: DIDResolverRegistry.networked(web: DIDWebResolver(client: client)))
            verifier.sdJWTIssuerKeys = try SDJWTIssuerKeys.resolver(caFile: network.caFile, client: client)
            receiveOptions.verifier = verifier
            let quiet = options.quiet
            try await WalletSession.withWallet(options) { wallet in
                let result: ReceiveResult
                do throws(OpenID4VCError) {
                    result = try await wallet.receive(
                        offer: resolved.jsonValue.compactString, options: receiveOptions, client: client,
                        transactionCode: { _ in code },
                        authorize: { url in
                            if !quiet { Terminal.printNote("open this URL in a browser to authorize the issuer; the wallet waits for the redirect on 127.0.0.1:") }
                            FileHandle.standardError.write(Data("\(TerminalText(escaping: url))\n".utf8))
                        }
                    )
                } catch {
                    throw CLIError.receiving(error)
                }
                render(result)
                if result.stored.isEmpty && !result.pending.isEmpty {
                    let ids = result.pending.map(\.transactionId).joined(separator: ", ")
                    throw CLIError.couldNotRun("the issuer deferred the credential and it was not ready within \(deferredWait) s (transaction \(ids))",
                                               code: "issuancePending")
                }
            }
        }
    }

    /// The `tx_code`: from `--tx-code-file` (one line), else a no-echo prompt showing the issuer's guidance.
    private func transactionCode(_ spec: CredentialOffer.TransactionCode) throws -> String {
        let secret: SecureBytes
        if let txCodeFile {
            secret = try Secrets.readSecretFile(txCodeFile, what: "transaction code")
        } else {
            let guidance = spec.description.map { " (\(TerminalText.escaped($0)))" } ?? ""
            guard isatty(STDIN_FILENO) == 1, let typed = Secrets.readHiddenSecret(prompt: "Transaction code\(guidance): ") else {
                throw CLIError.couldNotRun("the offer needs a transaction code: use --tx-code-file (no terminal to prompt on)", code: "transactionCodeRequired")
            }
            secret = typed
        }
        var text = secret.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        while let last = text.last, last.isNewline || last == "\r" { text.removeLast() }
        guard !text.isEmpty else { throw CLIError.couldNotRun("the transaction code is empty", code: "transactionCodeRequired") }
        return text
    }

    private func render(_ result: ReceiveResult) {
        if options.json {
            Terminal.printJSON([
                "credentialIssuer": .string(result.credentialIssuer),
                "stored": .array(result.stored.map { stored in
                    ["id": .string(stored.id), "format": .string(stored.format), "types": .array(stored.types.map { .string($0) }),
                     "issuer": .string(stored.issuer)]
                }),
                "pending": .array(result.pending.map { ["configurationId": .string($0.configurationId), "transactionId": .string($0.transactionId)] }),
            ])
            return
        }
        for stored in result.stored {
            let types = stored.types.filter { $0 != "VerifiableCredential" }.joined(separator: ",")
            Terminal.printLine("Stored \(stored.id)\t\(stored.format)\t\(types)\t\(stored.issuer)")
        }
        for pending in result.pending {
            Terminal.printLine("Pending \(pending.configurationId)\ttransaction \(pending.transactionId)")
        }
    }
}

extension CLIError {
    /// An issuance failure: refused on its merits (exit 1) — the issuer's metadata, a credential
    /// that does not verify or is bound to another key, an offer this wallet cannot take, the
    /// issuer's OAuth error — or could not run (exit 2): the network, a missing transaction code.
    static func receiving(_ error: OpenID4VCError) -> CLIError {
        switch error.code {
        case .issuerMismatch: return .invalid(error.message, code: "issuerMismatch")
        case .credentialNotVerified: return .invalid(error.message, code: "credentialNotVerified")
        case .bindingMismatch: return .invalid(error.message, code: "bindingMismatch")
        case .unsupportedConfiguration: return .invalid(error.message, code: "unsupportedConfiguration")
        case .authorizationFailed: return .invalid(error.message, code: "authorizationFailed")
        case .peerError: return .invalid(error.message, code: "peerError")
        case .invalidMessage: return .invalid(error.message, code: "invalidMessage")
        case .messageTooLarge: return .invalid(error.message, code: "messageTooLarge")
        case .transactionCodeRequired: return .couldNotRun(error.message, code: "transactionCodeRequired")
        case .issuancePending: return .couldNotRun(error.message, code: "issuancePending")
        case .transportFailed: return .couldNotRun(error.message, code: "transportFailed")
        case .signatureInvalid: return .couldNotRun(error.message, code: "signatureInvalid")
        default: return .couldNotRun(error.message, code: error.code.rawValue)
        }
    }
}
