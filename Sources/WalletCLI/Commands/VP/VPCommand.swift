import WalletCLISupport
import ArgumentParser
import DIDCore
import JSONLD
import OpenID4VC
import Foundation
import StrictJSON
import VerifiableCredentials
import WalletCore

/// `wallet vp ...`: presentations bound to a verifier's challenge and domain.
struct VPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vp",
        abstract: "Create and verify presentations bound to a challenge and a domain.",
        subcommands: [Create.self, Verify.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Present credentials, signed with the holder's DID.",
            discussion: """
                Writes the vp+jwt, the SD-JWT with its key-binding JWT, or the JSON presentation to stdout or --out. With --json, \
                stdout carries one JSON object: {"presentation": JWT or document, "format"}, or with --out FILE {"file", "bytes", "format"}.
                """
        )
        @OptionGroup var options: GlobalOptions
        @Option(name: .long, help: "The holder: one of the wallet's DIDs, or its label.") var holder: String
        @Option(name: .long, help: ArgumentHelp("A stored credential's id, or a credential file (JSON or a compact JWT); repeatable.", valueName: "id|file")) var credential: [String]
        @Option(name: .long, help: "The verifier's challenge (nonce).") var challenge: String
        @Option(name: .long, help: "The verifier's domain (audience).") var domain: String
        @Option(name: .customLong("format"), help: "jwt (vp+jwt), di-jcs (eddsa-jcs-2022), di-rdfc (eddsa-rdfc-2022), ed25519-2020 (Ed25519Signature2020), di-ecdsa-rdfc / di-ecdsa-jcs (ecdsa-rdfc-2019 / ecdsa-jcs-2019, with a P-256 or P-384 holder key) or sd-jwt (one SD-JWT VC with a key-binding JWT).") var presentationFormat: PresentationFormatOption = PresentationFormatOption(.vcJWT)
        @Option(name: .long, help: "With --format sd-jwt: the claims to disclose, comma-separated (a, a.b, list[0]).") var disclose: String?
        @OptionGroup var contextFiles: ContextFileOptions
        @OptionGroup var output: OutputFileOptions

        /// The format chosen with `--format`.
        var format: CredentialFormat { presentationFormat.format }

        func validate() throws {
            try contextFiles.validate()
            if format == .jwtVC11 { throw ValidationError("--format jwt-legacy is for credentials; present with jwt, di-jcs, di-rdfc, ed25519-2020 or sd-jwt") }
            if format == .sdJWT && credential.count != 1 { throw ValidationError("--format sd-jwt presents exactly one --credential") }
            if format != .sdJWT && disclose != nil { throw ValidationError("--disclose goes with --format sd-jwt") }
        }

        func run() async throws {
            try await reportingErrors(json: options.json) {
                // Before the presentation is made and logged: a refused --out changes nothing.
                try self.output.refuseExistingFile()
                let pins = try contextFiles.contexts()
                _ = try ContextFileOptions.loader(pins)
                var credentials: [JSONValue] = []
                var logged: [String] = []
                try await WalletSession.withWallet(options) { wallet in
                    for path in credential {
                        let bytes: [UInt8]
                        if !FileManager.default.fileExists(atPath: path), path != "-", let stored = try? await wallet.credential(path) {
                            bytes = Array((stored.raw ?? "").utf8)
                            logged.append(stored.id)
                        } else {
                            bytes = try BoundedInput.read(path, limit: BoundedInput.Limit.document.named("credential"))
                            logged.append("file:\((path as NSString).lastPathComponent)")
                        }
                        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                        if text.hasPrefix("{") {
                            do { credentials.append(try JSONValue(parsing: text)) } catch {
                                throw CLIError.invalid("\(path) is not valid JSON: \(error)", code: "invalidArgument")
                            }
                        } else {
                            if format != .sdJWT {
                                do throws(VCError) { try VerifiableCredentials.Issuer.checkEnvelopable(text) } catch {
                                    throw CLIError.invalid("\(path): \(error.message)", code: error.code.rawValue)
                                }
                            }
                            credentials.append(.string(text))
                        }
                    }
                    let signer = try await wallet.signer(for: holder)
                    let holderDID = try await wallet.did(holder).did.description
                    let presentation = VerifiableCredentials.Issuer.presentation(holder: holderDID, credentials: credentials,
                                                                                 id: "urn:uuid:\(UUID().uuidString.lowercased())")
                    let output: [UInt8]
                    if format == .sdJWT {
                        guard let sdJWT = credentials.first?.stringValue else { throw CLIError.invalid("the credential is not an SD-JWT", code: "invalidArgument") }
                        let chosen = Set((disclose ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
                        let presented = try await SDJWT.present(sdJWT, disclose: chosen, audience: domain, nonce: challenge, holder: signer)
                        try await wallet.logPresentation(DisclosureLogEntry(audience: domain, challenge: challenge, format: CredentialFormat.sdJWT.rawValue,
                                                                            credentials: logged, disclosedClaims: chosen.sorted()))
                        try self.output.write(Array(presented.utf8) + [0x0A], json: options.json, as: "presentation", value: .string(presented),
                                              summary: ["format": .string(CredentialFormat.sdJWT.rawValue)])
                        return
                    }
                    // `--format jwt` presents as a vp+jwt; the Data Integrity formats with their suite.
                    let presented: CredentialFormat
                    let value: JSONValue
                    if let suite = format.cryptosuite {
                        presented = format
                        let document = try await VerifiableCredentials.Issuer.presentDataIntegrity(
                            presentation, challenge: challenge, domain: domain, signer: signer, cryptosuite: suite,
                            contextLoader: try await wallet.contextLoader(adding: pins))
                        output = TerminalText.jsonEscaped(JSONSerializer(style: .pretty).serialize(document)) + [0x0A]
                        value = document
                    } else {
                        presented = .vpJWT
                        let jwt = try await VerifiableCredentials.Issuer.presentJOSE(presentation, challenge: challenge, domain: domain, signer: signer)
                        output = Array(jwt.utf8) + [0x0A]
                        value = .string(jwt)
                    }
                    try await wallet.logPresentation(DisclosureLogEntry(audience: domain, challenge: challenge, format: presented.rawValue,
                                                                        credentials: logged, disclosedClaims: ["*"]))
                    var summary: JSONObject = ["format": .string(presented.rawValue)]
                    if !pins.isEmpty { summary["userPinnedContexts"] = ContextFileOptions.json(pins) }
                    try self.output.write(output, json: options.json, as: "presentation", value: value, summary: summary)
                    if !options.json { ContextFileOptions.note(pins) }
                }
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Verify a presentation against the expected challenge and domain; needs no wallet.",
            discussion: "Exit codes: 0 valid, 1 invalid, 2 could not check, 64 usage error."
        )
        @Argument(help: "The presentation: a file, or - for standard input.") var file: String = "-"
        @Option(name: .long, help: "The challenge (nonce) the presentation must carry.") var challenge: String
        @Option(name: .long, help: "The domain (audience) the presentation must carry.") var domain: String
        @Flag(name: .long, help: "Require every credential to name the holder as its subject.") var requireHolderBinding = false
        @Flag(name: .long, help: "Print the verification report as JSON.") var json = false
        @OptionGroup var verification: VerificationOptions
        @OptionGroup var statusLists: StatusListOptions
        @OptionGroup var contextFiles: ContextFileOptions
        @OptionGroup var walletContexts: WalletContextOptions

        func validate() throws {
            try verification.validate()
            try verification.validateNetwork(statusLists)
            try statusLists.validate()
            try contextFiles.validate()
        }

        func run() async throws {
            var policy = verification.policy
            policy.expectedChallenge = challenge
            policy.expectedDomain = domain
            policy.requireHolderBinding = requireHolderBinding
            let input = try VerifyOutput.read(file, what: "presentation", policy: policy, json: json)
            var provider: (any StatusListProvider)?
            var resolver: any DIDResolver = DIDResolutionCache(DIDResolverRegistry.standard)
            var pins: [UserPinnedContext] = []
            var issuerKeys: HTTPSIssuerKeyResolver?
            try await reportingErrors(json: json) {
                provider = try statusLists.provider()
                pins = try contextFiles.contexts()
                resolver = try verification.resolver(statusLists)
                issuerKeys = try statusLists.sdJWTIssuerKeys()
            }
            let report: VerificationReport
            switch input {
            case .bytes(let bytes):
                report = try await VerifyOutput.verify(bytes, pins: pins, wallet: walletContexts, json: json) { loader in
                    var verifier = Verifier(resolver: resolver, policy: policy, statusLists: provider, contextLoader: loader)
                    verifier.sdJWTIssuerKeys = issuerKeys
                    return await verifier.verifyPresentation(bytes)
                }
            case .tooLarge(let tooLarge): report = tooLarge
            }
            VerifyOutput.print(report, json: json)
            throw ExitCode(VerifyOutput.exitCode(for: report))
        }
    }
}
