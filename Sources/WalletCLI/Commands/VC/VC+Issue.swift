import WalletCLISupport
import ArgumentParser
import DIDCore
import Foundation
import StrictJSON
import VerifiableCredentials
import WalletCore

extension VCCommand {
    /// `wallet vc issue`: signs a credential with the issuer's key from the wallet.
    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "issue",
            abstract: "Issue a credential signed with one of the wallet's DIDs.",
            discussion: """
                Writes the compact JWT (jwt, jwt-legacy, sd-jwt) or the JSON document (di-jcs, di-rdfc, ed25519-2020, di-ecdsa-rdfc, di-ecdsa-jcs) to stdout or --out. \
                The subject is a JSON object (or an array of them) from a file or '-' (standard input). With --json, stdout \
                carries one JSON object: {"credential": JWT or document, "format", "dataModel"}, or with --out FILE \
                {"file", "bytes", "format", "dataModel"}.
                """
        )
        @OptionGroup var options: GlobalOptions
        @Option(name: .long, help: "The issuer: one of the wallet's DIDs, or its label.") var issuer: String
        @Option(name: .long, help: ArgumentHelp("The credentialSubject JSON: a file, or - for standard input.", valueName: "file")) var subject: String
        @Option(name: .long, help: "An extra type (repeatable); VerifiableCredential is always first.") var type: [String] = []
        @Option(name: .long, help: "An extra @context URL (repeatable), after the base context.") var context: [String] = []
        @Option(name: .long, help: "The credential id (a URL, e.g. urn:uuid:...).") var id: String?
        @Option(name: .long, help: ArgumentHelp(
            "validFrom (issuanceDate in 1.1), written exactly as given: a date-time with a time zone, e.g. 2026-01-01T00:00:00Z or 2026-01-01T08:00:00.5+07:00 (default: now, to the second). jwt-legacy also writes it as nbf, rounded up to the second; sd-jwt writes only nbf, and only when given.",
            valueName: "date-time")) var validFrom: String?
        @Option(name: .long, help: ArgumentHelp(
            "validUntil (expirationDate in 1.1), written exactly as given, like --valid-from. jwt-legacy also writes it as exp, rounded down to the second; sd-jwt writes only exp.",
            valueName: "date-time")) var validUntil: String?
        @Option(name: .long, help: "The data model (default: 1.1 with --format jwt-legacy, else 2.0). jwt-legacy with 2.0 puts a VC 2.0 credential in the VC 1.1 JWT envelope, the shape NDAChain's SDK issues.") var dataModel: DataModelOption?
        @Option(name: .long, help: "jwt (vc+jwt), di-jcs (eddsa-jcs-2022), di-rdfc (eddsa-rdfc-2022: every term must be defined by a pinned context, e.g. --context https://www.w3.org/ns/credentials/examples/v2, or https://www.w3.org/2018/credentials/examples/v1 with --data-model 1.1), ed25519-2020 (Ed25519Signature2020, same rule), jwt-legacy (VC 1.1 JWT), sd-jwt (SD-JWT VC), di-ecdsa-rdfc (ecdsa-rdfc-2019, same rule as di-rdfc) or di-ecdsa-jcs (ecdsa-jcs-2019); the two ECDSA suites need an issuer key on P-256 or P-384 (an Ed25519 key is refused: keyTypeNotSupported). The Data Integrity formats add the context their proof needs.") var format: CredentialFormat = .vcJWT
        @OptionGroup var contextFiles: ContextFileOptions
        @OptionGroup var output: OutputFileOptions
        @Flag(name: .long, help: "Give the credential a status entry (a random index of the issuer's status list).") var status = false
        @Option(name: .long, help: "With --status: the status list's URL (default: the issuer's only list).") var statusList: String?
        @Option(name: .long, help: "With --format sd-jwt: the holder DID whose key goes into cnf.") var holder: String?
        @Option(name: .long, help: "With --format sd-jwt: the credential type (vct), a URI.") var vct: String?
        @Option(name: .long, help: "With --format sd-jwt: selectively disclosable claims, comma-separated (a, a.b, list[0], list[]).") var disclosable: String?

        func validate() throws {
            try contextFiles.validate()
            for (name, value) in [("--valid-from", validFrom), ("--valid-until", validUntil)] {
                if let value, DateTimeStamp(parsing: value) == nil {
                    throw ValidationError("\(name) must be a date-time with a time zone (Z or ±hh:mm), e.g. 2026-01-01T00:00:00Z")
                }
            }
            if format == .sdJWT && vct == nil { throw ValidationError("--format sd-jwt needs --vct") }
            if format == .sdJWT && status { throw ValidationError("--status is for Bitstring Status List credentials, not SD-JWT") }
            if statusList != nil && !status { throw ValidationError("--status-list goes with --status") }
            if format != .sdJWT && (holder != nil || vct != nil || disclosable != nil) {
                throw ValidationError("--holder, --vct and --disclosable go with --format sd-jwt")
            }
        }

        /// The data model: as given, else 1.1 for `jwt-legacy` and 2.0 for every other format.
        var effectiveDataModel: DataModelOption { dataModel ?? (format == .jwtVC11 ? .v1_1 : .v2) }

        func run() async throws {
            let dataModel = effectiveDataModel
            try await reportingErrors(json: options.json) {
                try self.output.refuseExistingFile()
                let subjectValue: JSONValue
                do { subjectValue = try JSONValue(parsing: try BoundedInput.read(subject, limit: BoundedInput.Limit.document.named("credential subject"))) } catch let error as JSONError {
                    throw CLIError.invalid("the subject is not valid JSON: \(error)", code: "invalidArgument")
                }
                // Read before the wallet is unlocked: a bad file costs no passphrase work.
                let pins = try contextFiles.contexts()
                _ = try ContextFileOptions.loader(pins)
                try await WalletSession.withWallet(options) { wallet in
                let contextLoader = try await wallet.contextLoader(adding: pins)
                let signer = try await wallet.signer(for: issuer)
                let issuerDID = try await wallet.did(issuer).did.description
                // Every credential with a status gets an id (urn:uuid when none is given).
                let credentialId = id ?? (status ? "urn:uuid:\(UUID().uuidString.lowercased())" : nil)
                var credential = VerifiableCredentials.Issuer.credential(
                    issuer: issuerDID, subject: subjectValue, types: type, contexts: context, id: credentialId,
                    validFrom: validFrom.flatMap(DateTimeStamp.init(parsing:)) ?? DateTimeStamp(wholeSecondsOf: Date()),
                    validUntil: validUntil.flatMap(DateTimeStamp.init(parsing:)),
                    dataModel: dataModel == .v2 ? .v2 : .v1_1)
                if status, let credentialId {
                    let lists = try await wallet.statusLists().filter { $0.issuer == issuerDID }
                    let url: String
                    if let statusList { url = statusList } else {
                        guard lists.count == 1 else {
                            throw CLIError.invalid("\(lists.isEmpty ? "the issuer has no status list (wallet status create)" : "the issuer has several status lists: pass --status-list URL")", code: "invalidArgument")
                        }
                        url = lists[0].url
                    }
                    credential["credentialStatus"] = .object(try await wallet.allocateStatus(list: url, credentialId: credentialId))
                }
                let output: [UInt8]
                if format == .sdJWT {
                    guard let claims = subjectValue.objectValue else { throw CLIError.invalid("an SD-JWT's claims are a JSON object", code: "invalidArgument") }
                    guard let vct else { throw CLIError.usage("--format sd-jwt needs --vct") }
                    var holderKey: JWK?
                    if let holder {
                        let did = try DID(parsing: holder)
                        let document = await DIDResolverRegistry.standard.resolve(did, options: .init()).didDocument
                        guard let method = document?.verificationMethods(for: .authentication).first, let key = try? method.publicSigningKey() else {
                            throw CLIError.invalid("the holder DID \(holder) has no authentication key the wallet can bind to", code: "invalidArgument")
                        }
                        holderKey = JWK(publicSigningKey: key)
                    }
                    let disclosableClaims = Set((disclosable ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
                    let sdJWT = try await SDJWT.issue(claims: claims, disclosable: disclosableClaims, vct: vct, issuer: issuerDID, holderKey: holderKey,
                                                      signer: signer, expires: validUntil.flatMap(DateTimeStamp.init(parsing:)),
                                                      notBefore: validFrom.flatMap(DateTimeStamp.init(parsing:)))
                    try self.output.write(Array(sdJWT.utf8) + [0x0A], json: options.json, as: "credential", value: .string(sdJWT),
                                          summary: ["format": .string(format.rawValue)])
                    return
                }
                let value: JSONValue
                switch try await VerifiableCredentials.Issuer.issue(.object(credential), format: format, signer: signer, contextLoader: contextLoader) {
                case .compact(let text):
                    output = Array(text.utf8) + [0x0A]
                    value = .string(text)
                case .document(let document):
                    output = TerminalText.jsonEscaped(JSONSerializer(style: .pretty).serialize(document)) + [0x0A]
                    value = document
                }
                var summary: JSONObject = ["format": .string(format.rawValue), "dataModel": .string(dataModel.rawValue)]
                if !pins.isEmpty { summary["userPinnedContexts"] = ContextFileOptions.json(pins) }
                try self.output.write(output, json: options.json, as: "credential", value: value, summary: summary)
                if !options.json { ContextFileOptions.note(pins) }
                }
            }
        }
    }
}
