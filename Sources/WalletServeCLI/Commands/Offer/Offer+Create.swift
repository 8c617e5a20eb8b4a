import WalletCLISupport
import ArgumentParser
import Foundation
import OpenID4VC
import StrictJSON
import WalletCore
import WalletServer

extension OfferCommand {
    /// `wallet offer create`: a Credential Offer (OpenID4VCI 1.0 §4.1) the running issuer serves.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: ServerCommandAbstracts.offerCreate,
            discussion: """
                Needs 'wallet serve --issuer DID' to have run on this wallet directory (else issuerNotConfigured): the \
                credential configuration the offer names (its format and vct or types) is registered in the state database \
                (server-state.sqlite), where the running server reads it, and the offer is stored there with a fresh \
                pre-authorized code (or, with --authorization-code, an issuer_state). Prints the openid-credential-offer:// \
                link and its QR code. With --tx-code the CLI generates a 6-digit transaction code and prints it: it must \
                reach the holder out of band (another channel than the offer: a letter, a text message, read aloud), never \
                with the QR code. --tx-code-file takes the code from a file instead (never from the command line, where \
                other users can read it). The offer (and its code) can be redeemed once, until it expires. With --json, \
                stdout carries {"offerURI", "offerId", "configurationId", "expires", "txCode"?} (txCode only when generated).
                """
        )
        @OptionGroup var options: GlobalOptions
        @Option(name: .long, help: ArgumentHelp("The subject's claims: a JSON object in a file, or - for standard input.", valueName: "file"))
        var subject: String
        @Option(name: .long, help: "The credential format.") var format: FormatOption
        @Option(name: .long, help: ArgumentHelp("With dc+sd-jwt: the credential type (vct), an https URL.", valueName: "url")) var vct: String?
        @Option(name: .long, help: ArgumentHelp("With jwt_vc_json or ldp_vc: a credential type (repeatable); VerifiableCredential is always first.",
                                                valueName: "type"))
        var type: [String] = []
        @Option(name: .long, help: ArgumentHelp("With ldp_vc: an @context URL (repeatable), after the base context; a pinned context must define every claim, e.g. https://www.w3.org/ns/credentials/examples/v2.",
                                                valueName: "url"))
        var context: [String] = []
        @Flag(name: .long, help: "Protect the pre-authorized code with a generated 6-digit transaction code (printed; send it out of band).")
        var txCode = false
        @Option(name: .long, help: ArgumentHelp("Protect the pre-authorized code with the transaction code in this file (its first line).", valueName: "file"))
        var txCodeFile: String?
        @Flag(name: .long, help: "Offer the authorization code flow (issuer_state) instead of a pre-authorized code.") var authorizationCode = false
        @Flag(name: .long, help: "Put a credential_offer_uri in the link (the server serves the offer) instead of the offer itself.")
        var byReference = false
        @Option(name: .long, help: "How long the offer can be redeemed, in seconds (60-86400).") var lifetime = 600
        @Option(name: .long, help: ArgumentHelp("With dc+sd-jwt: the top-level claims the holder may disclose one by one (repeatable or comma-separated; default: every claim).",
                                                valueName: "claim"))
        var disclosable: [String] = []
        @OptionGroup var qr: QRCodeOptions

        enum FormatOption: String, ExpressibleByArgument, CaseIterable {
            case sdJWT = "dc+sd-jwt"
            case jwtVCJSON = "jwt_vc_json"
            case ldpVC = "ldp_vc"
        }

        func validate() throws {
            guard (60...86_400).contains(lifetime) else { throw ValidationError("--lifetime must be 60 to 86400 seconds") }
            if txCode && txCodeFile != nil { throw ValidationError("--tx-code and --tx-code-file exclude each other") }
            if authorizationCode && (txCode || txCodeFile != nil) {
                throw ValidationError("a transaction code protects a pre-authorized code, not the authorization code flow")
            }
            switch format {
            case .sdJWT:
                guard vct != nil else { throw ValidationError("--format dc+sd-jwt needs --vct") }
                if !type.isEmpty || !context.isEmpty { throw ValidationError("--type and --context go with jwt_vc_json and ldp_vc") }
            case .jwtVCJSON, .ldpVC:
                guard !type.isEmpty else { throw ValidationError("--format \(format.rawValue) needs at least one --type") }
                if vct != nil || !disclosable.isEmpty { throw ValidationError("--vct and --disclosable go with dc+sd-jwt") }
                if format == .jwtVCJSON && !context.isEmpty { throw ValidationError("--context goes with ldp_vc") }
            }
        }

        func run() async throws {
            try await reportingErrors(json: options.json) {
                try qr.refuseExistingFile()
                let kind = try OfferKind(format: format.rawValue, vct: vct, types: type, contexts: context)
                let claims = try kind.claims(try BoundedInput.read(subject, limit: BoundedInput.Limit.document.named("credential subject")))
                let selective = try kind.disclosable(disclosable, of: claims)
                try kind.checkLinkedData(claims)
                // Read before anything is stored: a bad file leaves no offer behind.
                var given: String?
                if let txCodeFile { given = try OfferTransactionCode.read(file: txCodeFile) }
                let transactionCode = given ?? (txCode ? OfferTransactionCode.generate() : nil)
                let state = try ServerCLI.state(options)
                let baseURL = try ServerCLI.mapping { () throws(WalletServerError) in try state.setting(ServerStateDatabase.SettingName.baseURL) }
                let issuerDID = try ServerCLI.mapping { () throws(WalletServerError) in try state.setting(ServerStateDatabase.SettingName.issuerDID) }
                guard let baseURL, let issuerDID else {
                    throw CLIError.couldNotRun("no issuer has run on this wallet: start 'wallet serve --issuer DID' first", code: "issuerNotConfigured")
                }
                let registered = try ServerCLI.mapping { () throws(WalletServerError) in
                    try state.registerIssuerConfiguration(format: kind.format, vct: kind.vct, types: kind.types, contexts: kind.contexts)
                }
                let configurations = try ServerCLI.mapping { () throws(WalletServerError) in try state.issuerConfigurations() }
                let grant: CredentialIssuerService.OfferGrant = authorizationCode ? .authorizationCode : .preAuthorizedCode(transactionCode: transactionCode)
                let created = try await store(configurationId: registered.id, claims: claims, grant: grant, disclosable: selective,
                                              service: (baseURL, issuerDID, configurations, state))
                let expires = Int(Date().timeIntervalSince1970) + lifetime
                try qr.show(created.uri, json: options.json)
                if options.json {
                    var object: JSONObject = ["offerURI": .string(created.uri), "offerId": .string(created.id),
                                              "configurationId": .string(registered.id), "expires": .number(JSONNumber(expires))]
                    if given == nil, let transactionCode { object["txCode"] = .string(transactionCode) }
                    Terminal.printJSON(.object(object))
                } else {
                    Terminal.printLine("\(created.uri)")
                    Terminal.printLine("Configuration: \(registered.id)")
                    if given == nil, let transactionCode {
                        Terminal.printLine("Transaction code: \(transactionCode) (send it to the holder out of band, never with the offer)")
                    }
                }
            }
        }

        /// Stores the offer through the issuer service over the state database. The service needs a
        /// wallet, but making an offer only writes the state database: the wallet stays locked.
        private func store(configurationId: String, claims: JSONObject, grant: CredentialIssuerService.OfferGrant, disclosable: [String]?,
                           service parts: (baseURL: String, issuerDID: String, configurations: [CredentialConfiguration], state: ServerStateDatabase))
            async throws -> CredentialIssuerService.CreatedOffer {
            let wallet = try Wallet.open(at: WalletSession.directory(options))
            return try await WalletSession.closing(wallet) { wallet in
                do {
                    let service = try IssuerRoleBox.service(wallet: wallet, issuerDID: parts.issuerDID, credentialIssuer: parts.baseURL,
                                                            configurations: parts.configurations, state: parts.state, offerLifetime: .seconds(lifetime))
                    return try await service.createOffer(configurationIds: [configurationId], claims: claims, grant: grant,
                                                         disclosable: disclosable, byReference: byReference)
                } catch let error as OpenID4VCError {
                    throw CLIError.couldNotRun("the offer could not be stored: \(error.message)", code: error.code.rawValue)
                }
            }
        }
    }
}
