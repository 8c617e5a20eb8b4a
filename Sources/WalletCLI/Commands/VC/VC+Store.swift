import WalletCLISupport
import ArgumentParser
import Foundation
import StrictJSON
import VerifiableCredentials
import WalletCore

extension VCCommand {
    /// `wallet vc store FILE|-`: verifies, then keeps the credential in the wallet.
    struct Store: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "store", abstract: "Verify a credential and keep it in the wallet (sealed).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The credential: a file, or - for standard input.") var file: String = "-"
        @Flag(name: .long, help: "Store it even if it does not verify.") var force = false
        @OptionGroup var network: NetworkOptions

        func run() async throws {
            try await reportingErrors(json: options.json) {
                let bytes = try BoundedInput.read(file, limit: BoundedInput.Limit.document.named("credential"))
                // A did:web issuer's document is fetched only with --allow-network.
                let verifier = Verifier(resolver: try network.resolver())
                try await WalletSession.withWallet(options) { wallet in
                let (stored, report): (StoredCredential, VerificationReport)
                do { (stored, report) = try await wallet.storeCredential(bytes, verifier: verifier, force: force) } catch let error as WalletError
                    where error.code == .invalidArgument && error.message.hasPrefix(Wallet.doesNotVerifyPrefix) {
                    // The library names its own parameter; the tool names its flag.
                    throw WalletError(.invalidArgument, "\(error.message); use --force to store it anyway")
                }
                if options.json {
                    Terminal.printJSON(["id": .string(stored.id), "verified": .bool(report.verified), "format": .string(stored.format)])
                } else {
                    Terminal.printLine("Stored \(stored.id) (\(stored.format), \(report.verified ? "verified" : "NOT verified"))")
                }
                }
            }
        }
    }

    /// `wallet vc list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List stored credentials (id, format, types, issuer, validity).")
        @OptionGroup var options: GlobalOptions
        @Option(name: .long, help: "Only credentials of this type (an SD-JWT VC's vct).") var type: String?
        @Option(name: .long, help: "Only credentials from this issuer.") var issuer: String?
        @Option(name: .long, help: "Only credentials about this subject.") var subject: String?
        @Flag(name: .long, help: "Only credentials within their validity period.") var valid = false
        @Flag(name: .long, help: "Only expired (or not yet valid) credentials.") var expired = false
        @Flag(name: .long, help: "Only credentials that the given status lists mark revoked or suspended (needs --status-list).") var revoked = false
        @OptionGroup var statusLists: StatusListOptions

        func validate() throws {
            if valid && expired { throw ValidationError("--valid and --expired exclude each other") }
            if revoked && statusLists.isEmpty {
                throw ValidationError("--revoked needs the status lists to check against: --status-list FILE_OR_URL or --allow-network")
            }
            try statusLists.validate()
        }

        /// Each credential's status from the given lists (Bitstring Status List §3.2): `revoked`,
        /// `suspended`, `active`, `unknown` (a list missing or not verifying, or the credential
        /// itself not verifying now, e.g. expired: a status is checked only on a valid
        /// credential), or `none` (it carries no status).
        static func statuses(of credentials: [StoredCredential], wallet: Wallet, against lists: any StatusListProvider,
                             resolver: any DIDResolver, issuerKeys: (any SDJWTIssuerKeyResolver)? = nil) async throws -> [String: String] {
            var verifier = Verifier(resolver: resolver, policy: VerificationPolicy(), statusLists: lists)
            verifier.sdJWTIssuerKeys = issuerKeys
            verifier.session = VerificationSession(maximumStatusLists: 1024)  // each list obtained once for the whole listing
            var statuses: [String: String] = [:]
            let progress = TerminalProgress.Counter("checking statuses:", total: credentials.count, step: 25)
            defer { progress?.finish() }
            for (done, summary) in credentials.enumerated() {
                progress?.update(done + 1)
                let stored = try await wallet.credential(summary.id)
                let report = await verifier.verify(Array((stored.raw ?? "").utf8))
                let codes = Set(report.errors.map(\.code))
                // A message list's value is reported as its message ("status 0x2: rejected").
                let message = report.warnings.first { $0.code == .statusMessage }?.message
                statuses[summary.id] = codes.contains(.revoked) ? "revoked"
                    : codes.contains(.suspended) ? "suspended"
                    : !report.errors.isEmpty || report.warnings.contains(where: { $0.code == .statusNotChecked }) ? "unknown"
                    : message ?? (report.checks.contains(where: { $0.name.rawValue.hasPrefix("status") }) ? "active" : "none")
            }
            return statuses
        }

        func run() async throws {
            try await reportingErrors(json: options.json) {
                // The list files are read before the wallet is unlocked, so a bad file costs no passphrase work.
                let lists = try statusLists.provider()
                let resolver = try statusLists.didResolver()
                let issuerKeys = try statusLists.sdJWTIssuerKeys()
                try await WalletSession.withWallet(options) { wallet in
                var credentials = try await TerminalProgress.spinning("Reading the stored credentials") {
                    try await wallet.credentials(type: type, issuer: issuer, subject: subject)
                }
                let now = Date()
                if valid { credentials = credentials.filter { $0.isValid(at: now) } }
                if expired { credentials = credentials.filter { !$0.isValid(at: now) } }
                var statuses: [String: String] = [:]
                if let lists {
                    statuses = try await Self.statuses(of: credentials, wallet: wallet, against: lists, resolver: resolver, issuerKeys: issuerKeys)
                    if revoked { credentials = credentials.filter { ["revoked", "suspended"].contains(statuses[$0.id]) } }
                }
                if options.json {
                    Terminal.printJSON(["credentials": .array(credentials.map { credential in
                        var object = credential.jsonValue.objectValue ?? [:]
                        object.removeValue(forKey: "raw")
                        object["valid"] = .bool(credential.isValid(at: now))
                        if let status = statuses[credential.id] { object["status"] = .string(status) }
                        return .object(object)
                    })])
                } else {
                    for credential in credentials {
                        let types = credential.types.filter { $0 != "VerifiableCredential" }.joined(separator: ",")
                        var line: TerminalText = "\(credential.id)\t\(credential.format)\t\(types)\t\(credential.issuer)\t\(credential.isValid(at: now) ? "valid" : "expired")"
                        if let status = statuses[credential.id] { line = "\(line)\t\(status)" }
                        Terminal.printLine(line)
                    }
                }
                }
            }
        }
    }

    /// `wallet vc show ID`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a stored credential as received (--json: with its fields).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The stored credential's id.") var id: String

        func run() async throws {
            try await reportingErrors(json: options.json) {
                try await WalletSession.withWallet(options) { wallet in
                let credential = try await wallet.credential(id)
                if options.json { Terminal.printJSON(credential.jsonValue) } else { Terminal.printDocument(credential.raw ?? "") }
                }
            }
        }
    }

    /// `wallet vc delete ID`.
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a stored credential.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The stored credential's id.") var id: String
        @Flag(name: .long, help: "Do not ask for confirmation.") var yes = false

        func run() async throws {
            try await WalletSession.deleteConfirmed(options, yes: yes, target: id, question: "Delete the credential \(id)?") { wallet in try await wallet.deleteCredential(id) }
        }
    }
}
