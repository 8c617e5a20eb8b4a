import WalletCLISupport
import ArgumentParser
import DIDCore
import DIDResolvers
import Foundation
import GuardedHTTP
import JSONLD
import OpenID4VC
import StrictJSON
import VerifiableCredentials

extension VCCommand {
    /// `wallet vc verify`: needs no wallet.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Verify a credential (or presentation); needs no wallet.",
            discussion: """
                Formats, told from the input: vc+jwt, vp+jwt, VC 1.1 JWT (jwt-vc-1.1, jwt-vp-1.1), SD-JWT VC (dc+sd-jwt), \
                and JSON with Data Integrity proofs: eddsa-jcs-2022, eddsa-rdfc-2022, Ed25519Signature2020, \
                Ed25519Signature2018 (verified, not issued). \
                An SD-JWT VC whose issuer is an https URL is verified with the key of its x5c chain (to a --ca-file \
                anchor, the leaf naming the issuer) or, with --allow-network, of its JWT VC Issuer Metadata. \
                Prints one line saying whether it is valid and why not; --json prints the verification report. \
                --batch reads one credential per line (a JSON object, a compact JWT or SD-JWT as a JSON string, \
                or a bare compact JWT or SD-JWT as vc issue writes it) and writes JSON Lines, one report per line, \
                in input order, using all cores; it takes no FILE argument and no --json (its output is JSON Lines).
                Exit codes: 0 valid (all valid with --batch), 1 invalid, 2 could not check (unreadable input, \
                unresolvable DID), 64 usage error.
                """
        )
        @Argument(help: "The credential: a file, or - (default) for standard input.") var file: String?
        @Flag(name: .long, help: "Print the verification report as JSON.") var json = false
        @Option(name: .long, help: ArgumentHelp("Verify one credential per line from this file (- for standard input): JSON Lines out.", valueName: "file")) var batch: String?
        @OptionGroup var verification: VerificationOptions
        @OptionGroup var statusLists: StatusListOptions
        @OptionGroup var contextFiles: ContextFileOptions
        @OptionGroup var walletContexts: WalletContextOptions
        @OptionGroup var progress: ProgressOptions

        func validate() throws {
            try contextFiles.validate()
            if let batch, let file {
                throw ValidationError("--batch \(batch) reads the credentials; the argument \(file) would be ignored: give one or the other")
            }
            if batch != nil && json {
                throw ValidationError("--batch writes JSON Lines (one report per line); --json does not apply to it")
            }
            try verification.validate()
            try verification.validateNetwork(statusLists)
            try statusLists.validate()
        }

        func run() async throws {
            let file = self.file ?? "-"
            var provider: (any StatusListProvider)?
            var resolver: any DIDResolver = DIDResolutionCache(DIDResolverRegistry.standard)
            var pins: [UserPinnedContext] = []
            var loader = PinnedContextLoader.bundled
            var issuerKeys: HTTPSIssuerKeyResolver?
            try await reportingErrors(json: json) {
                provider = try statusLists.provider()
                pins = try contextFiles.contexts()
                loader = try ContextFileOptions.loader(pins)
                resolver = try verification.resolver(statusLists)
                issuerKeys = try statusLists.sdJWTIssuerKeys()
            }
            var verifier = Verifier(resolver: resolver, policy: verification.policy, statusLists: provider, contextLoader: loader)
            verifier.sdJWTIssuerKeys = issuerKeys
            if let batch {
                // A batch reads the wallet's pins up front, and only with an explicit --wallet.
                if walletContexts.wallet != nil {
                    try await reportingErrors(json: false) {
                        verifier.contextLoader = try ContextFileOptions.loader(try await walletContexts.pinnedContexts() + pins)
                    }
                }
                // One session for the batch: each status list is obtained, verified and inflated once.
                verifier.session = VerificationSession(maximumStatusLists: 1024)
                progress.apply()
                try await BatchVerification(verifier: verifier, source: batch).run()
                return
            }
            let report: VerificationReport
            switch try VerifyOutput.read(file, what: "credential", policy: verification.policy, json: json) {
            case .bytes(let bytes):
                report = try await VerifyOutput.verify(bytes, pins: pins, wallet: walletContexts, json: json) { loader in
                    var withLoader = verifier
                    withLoader.contextLoader = loader
                    return await withLoader.verify(bytes)
                }
            case .tooLarge(let tooLarge): report = tooLarge
            }
            VerifyOutput.print(report, json: json)
            throw ExitCode(VerifyOutput.exitCode(for: report))
        }
    }
}

/// Rendering and exit codes shared by `vc verify` and `vp verify`.
enum VerifyOutput {
    /// The report as JSON, or its summary line followed by one line per context pinned by the
    /// user that the verification used (with its SHA-256).
    static func print(_ report: VerificationReport, json: Bool) {
        if json { return Terminal.printJSON(report.jsonValue) }
        Terminal.printLine("\(report.summary)")
        for pin in report.allUserPinnedContexts { Terminal.printLine("context \(pin.url) pinned by you: SHA-256 \(pin.sha256)") }
    }

    /// Verifies with the library's contexts and `pins`; when that could not check a context and
    /// a wallet is at hand (`--wallet`, or an existing wallet at `$WALLET_HOME`), unlocks it and
    /// verifies again with its pinned contexts as well (decision 0021). A wallet is never
    /// unlocked for a credential that needs none of its contexts.
    static func verify(_ bytes: [UInt8], pins: [UserPinnedContext], wallet: WalletContextOptions, json: Bool,
                       _ verify: (PinnedContextLoader) async -> VerificationReport) async throws -> VerificationReport {
        var loader = PinnedContextLoader.bundled
        try await reportingErrors(json: json) { loader = try ContextFileOptions.loader(pins) }
        let report = await verify(loader)
        guard report.outcome == .couldNotCheck, report.missesContext, wallet.isAvailable else { return report }
        try await reportingErrors(json: json) { loader = try ContextFileOptions.loader(try await wallet.pinnedContexts() + pins) }
        return await verify(loader)
    }

    /// Reads the credential or presentation to verify with the verifier's own limit
    /// (`VerificationPolicy.maximumInputBytes`). An input over it fails as the verifier fails
    /// one: a report with the error `inputTooLarge` (exit 1), read no further than the limit.
    /// An input that cannot be read is reported on stderr (and as `{"error": …}` with `--json`): exit 2.
    static func read(_ file: String, what: String, policy: VerificationPolicy, json: Bool) throws(ExitCode) -> Input {
        do {
            return .bytes(try BoundedInput.read(file, limit: BoundedInput.Limit(bytes: policy.maximumInputBytes, what: what)))
        } catch where error.code == "inputTooLarge" {
            var tooLarge = VerificationReport()
            tooLarge.fail(.parse, VCError(.inputTooLarge, error.message))
            return .tooLarge(tooLarge)
        } catch {
            throw report(error, json: json)
        }
    }

    /// What ``read(_:what:policy:json:)`` read.
    enum Input {
        case bytes([UInt8])
        /// The report for an input over the limit.
        case tooLarge(VerificationReport)
    }

    /// 0 valid, 1 invalid, 2 when the only problems are that something could not be checked (a
    /// DID that cannot be resolved, a status that cannot be determined, a context not pinned).
    static func exitCode(for report: VerificationReport) -> Int32 {
        switch report.outcome {
        case .valid: WalletExitCode.success
        case .invalid: WalletExitCode.invalid
        case .couldNotCheck: WalletExitCode.couldNotRun
        }
    }
}

/// `--clock-skew`, `--trusted-issuer`, `--at`, `--no-nda-dialect` and `--did-resolver`, shared by `vc verify` and `vp verify`.
struct VerificationOptions: ParsableArguments {
    @Option(name: .long, help: "Clock skew tolerated for validity periods and JWT times, in seconds: 0 to 86400.")
    var clockSkew: Double = 300
    @Option(name: .long, help: "Accept only credentials from this issuer (repeatable); a presentation must carry at least one, each from a trusted issuer.")
    var trustedIssuer: [String] = []
    @Option(name: .long, help: ArgumentHelp("Verify as of this moment instead of now (a dateTimeStamp such as 2026-01-01T00:00:00Z): validity periods, JWT times and key revocations are compared with it; the report names it.",
                                            valueName: "datetime"))
    var at: String?
    @Flag(name: .customLong("no-nda-dialect"), help: "Refuse NDAChain's ecdsa-rdfc-2019 dialect (secp256k1, unsigned proof options, numbers signed as strings) instead of verifying it with warnings.")
    var noNDADialect = false
    @Option(name: .long, help: ArgumentHelp("With --allow-network: resolve did:nda DIDs through this NDA resolver (the DID is appended to the URL, or replaces {did}); without it a did:nda key is recovered from the signature, offline.",
                                            valueName: "did:nda=url"))
    var didResolver: [String] = []

    func validate() throws {
        // A NaN or infinite skew would turn every time check off (security requirement 36).
        guard VerificationPolicy.clockSkewRange.contains(clockSkew) else {
            throw ValidationError("--clock-skew must be a number of seconds from 0 to 86400")
        }
        if let at, DateTimeStamp(parsing: at) == nil {
            throw ValidationError("--at \(at): not a dateTimeStamp (YYYY-MM-DDThh:mm:ss with Z or an offset)")
        }
        for entry in didResolver {
            guard let url = Self.ndaResolverURL(entry) else { throw ValidationError("--did-resolver \(entry): only did:nda=URL is supported") }
            do { _ = try NDAResolver(endpoint: url) } catch { throw ValidationError("--did-resolver \(entry): \(error.message)") }
        }
    }

    /// The usage rule for `--did-resolver`: it fetches, so it needs `--allow-network`.
    func validateNetwork(_ statusLists: StatusListOptions) throws {
        if !didResolver.isEmpty && !statusLists.allowNetwork {
            throw ValidationError("--did-resolver fetches DID documents; verification is offline unless you pass --allow-network")
        }
    }

    static func ndaResolverURL(_ entry: String) -> String? {
        guard entry.hasPrefix("did:nda=") else { return nil }
        return String(entry.dropFirst("did:nda=".count))
    }

    var policy: VerificationPolicy {
        var policy = VerificationPolicy()
        policy.clockSkew = clockSkew
        if !trustedIssuer.isEmpty { policy.trustedIssuers = Set(trustedIssuer) }
        if let date = at.flatMap(DateTimeStamp.init(parsing:))?.date { policy.now = { date } }
        policy.allowsNDADialect = !noNDADialect
        return policy
    }

    /// The offline methods (cached), did:web with `--allow-network`, and did:nda through the
    /// `--did-resolver` URL when one is given (else a did:nda key is recovered offline).
    func resolver(_ statusLists: StatusListOptions) throws -> any DIDResolver {
        var registry = try statusLists.didResolver()
        if let url = didResolver.compactMap(Self.ndaResolverURL).last {
            let network = try statusLists.networkConfiguration()
            do { registry = registry.registering(DIDResolutionCache(try NDAResolver(endpoint: url, network: network))) } catch {
                throw CLIError.couldNotRun("--did-resolver: \(error.message)", code: error.code.rawValue)
            }
        }
        return registry
    }
}

/// `--status-list FILE`: status list credentials read from files, by their `id`.
/// `--status-list FILE_OR_URL ...` and `--allow-network`, shared by `vc verify`, `vc list` and `vp verify`,
/// with the guarded client's explicit allowances `--network-allow HOST[:PORT]` and `--ca-file PEM`
/// (security requirement 38: neither is ever implied).
struct StatusListOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A status list credential: a file (JSON or JWT), or an HTTPS URL with --allow-network (repeatable).",
                                            valueName: "file-or-url"))
    var statusList: [String] = []
    @Flag(name: .long, help: "Fetch over HTTPS: status lists (the --status-list URLs, or else any list a credential names) and did:web documents (size and time limited, cached).")
    var allowNetwork = false
    @Option(name: .long, help: ArgumentHelp("With --allow-network: also fetch from this host (and port), although its addresses are loopback or private, and over plain http (repeatable).",
                                            valueName: "host[:port]"))
    var networkAllow: [String] = []
    @Option(name: .long, help: ArgumentHelp("Trust the certificate authorities in this PEM file: as the only anchors of x5c chains (SD-JWT VC issuers that are not DIDs), and with --allow-network for HTTPS as well as the system's.", valueName: "pem"))
    var caFile: String?

    /// Whether any status list source was given.
    var isEmpty: Bool { statusList.isEmpty && !allowNetwork }

    func validate() throws {
        try StatusListFiles.validate(statusList, allowNetwork: allowNetwork)
        try NetworkAllowances.validate(allowNetwork: allowNetwork, networkAllow: networkAllow, caFile: caFile, caFileOffline: true)
    }

    func provider() throws -> (any StatusListProvider)? {
        try StatusListFiles.provider(statusList, allowNetwork: allowNetwork, network: networkConfiguration())
    }

    /// The guarded client's rules from `--network-allow` and `--ca-file`.
    func networkConfiguration() throws -> GuardedHTTPConfiguration {
        try NetworkAllowances.configuration(networkAllow: networkAllow, caFile: caFile)
    }
}

enum StatusListFiles {
    struct Unreadable: Error, CustomStringConvertible {
        let path: String
        var description: String { "cannot read a status list credential (with an id) from \(path)" }
    }

    /// Whether a `--status-list` argument is a URL (fetched, with `--allow-network`) rather than a file.
    static func isURL(_ argument: String) -> Bool {
        argument.lowercased().hasPrefix("https://") || argument.lowercased().hasPrefix("http://")
    }

    /// The usage rule shared by every command with `--status-list`: a URL needs `--allow-network`.
    static func validate(_ arguments: [String], allowNetwork: Bool) throws {
        if let url = arguments.first(where: isURL), !allowNetwork {
            throw ValidationError("--status-list \(url) is a URL; verification is offline unless you pass --allow-network")
        }
    }

    /// The lists named by `--status-list`: files are read now and matched by their `id`; URLs
    /// (and, with `--allow-network` alone, any HTTPS list a credential names) are fetched over
    /// HTTPS within the provider's limits, files first.
    static func provider(_ arguments: [String], allowNetwork: Bool, network: GuardedHTTPConfiguration = GuardedHTTPConfiguration()) throws -> (any StatusListProvider)? {
        let files = try provider(arguments.filter { !isURL($0) })
        guard allowNetwork else { return arguments.isEmpty ? nil : files }
        var options = HTTPSStatusListProvider.Options()
        options.network = network
        let urls = arguments.filter(isURL)
        if !urls.isEmpty { options.allowedURLs = Set(urls) }
        return StatusListProviderChain([files, HTTPSStatusListProvider(options: options)])
    }

    static func provider(_ paths: [String]) throws -> StaticStatusListProvider {
        var lists: [String: [UInt8]] = [:]
        for path in paths {
            let bytes = try BoundedInput.read(path, limit: .statusList)
            let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            var document = try? JSONValue(parsing: text)
            if document == nil, text.split(separator: ".").count == 3, let payload = try? Base64URL.decode(String(text.split(separator: ".")[1])) {
                document = try? JSONValue(parsing: payload)
            }
            guard let id = document?["id"]?.stringValue else { throw Unreadable(path: path) }
            lists[id] = Array(text.utf8)
        }
        return StaticStatusListProvider(lists: lists)
    }
}
