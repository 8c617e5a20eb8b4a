import WalletCLISupport
import ArgumentParser
import DIDCore
import DIDResolvers
import GuardedHTTP

/// `--allow-network`, `--network-allow HOST[:PORT]` and `--ca-file PEM` for `did resolve`: the
/// same allowances as `vc verify`'s (security requirement 38: none is ever implied).
struct NetworkOptions: ParsableArguments {
    @Flag(name: .long, help: "Resolve did:web over HTTPS (size and time limited, cached).")
    var allowNetwork = false
    @Option(name: .long, help: ArgumentHelp("With --allow-network: also fetch from this host (and port), although its addresses are loopback or private, and over plain http (repeatable).",
                                            valueName: "host[:port]"))
    var networkAllow: [String] = []
    @Option(name: .long, help: ArgumentHelp("With --allow-network: trust the certificate authorities in this PEM file as well as the system's.", valueName: "pem"))
    var caFile: String?

    func validate() throws {
        try NetworkAllowances.validate(allowNetwork: allowNetwork, networkAllow: networkAllow, caFile: caFile)
    }

    /// The offline registry, with did:web when `--allow-network` is given.
    func resolver() throws -> any DIDResolver {
        try NetworkAllowances.resolver(allowNetwork: allowNetwork, networkAllow: networkAllow, caFile: caFile)
    }
}

extension StatusListOptions {
    /// The verifier's resolver: the offline registry (cached), with did:web when `--allow-network` is given.
    func didResolver() throws -> DIDResolverRegistry {
        try NetworkAllowances.resolver(allowNetwork: allowNetwork, networkAllow: networkAllow, caFile: caFile)
    }
}

/// The guarded client's allowances from the command line, shared by every command that fetches.
enum NetworkAllowances {
    /// `caFileOffline`: `--ca-file` has an offline use too (the verifying commands' `x5c` anchors).
    static func validate(allowNetwork: Bool, networkAllow: [String], caFile: String?, caFileOffline: Bool = false) throws {
        if !allowNetwork && (!networkAllow.isEmpty || (caFile != nil && !caFileOffline)) {
            throw ValidationError(caFileOffline ? "--network-allow applies to fetching: it needs --allow-network"
                                                : "--network-allow and --ca-file apply to fetching: they need --allow-network")
        }
        for entry in networkAllow {
            do { _ = try AllowedHost(parsing: entry) } catch {
                throw ValidationError("--network-allow \(entry): not HOST or HOST:PORT (\(error.code))")
            }
        }
    }

    static func configuration(networkAllow: [String], caFile: String?) throws -> GuardedHTTPConfiguration {
        var network = GuardedHTTPConfiguration()
        network.allowedHosts = try networkAllow.map { entry throws(GuardedHTTPError) in try AllowedHost(parsing: entry) }
        if let caFile {
            do { network.trustAnchors = try TrustAnchors(pemFile: caFile) } catch {
                throw CLIError.couldNotRun("--ca-file: \(error.message)", code: error.code.rawValue)
            }
        }
        return network
    }

    /// `DIDResolverRegistry.networked(web:)` with the allowances, or the offline registry (cached).
    static func resolver(allowNetwork: Bool, networkAllow: [String], caFile: String?) throws -> DIDResolverRegistry {
        guard allowNetwork else { return DIDResolverRegistry().registering(DIDResolutionCache(DIDResolverRegistry.standard)).registering(OfflineWeb()) }
        let client = GuardedHTTPClient(configuration: try configuration(networkAllow: networkAllow, caFile: caFile))
        return DIDResolverRegistry.networked(web: DIDWebResolver(client: client))
    }
}

/// did:web without `--allow-network`: a failure that says what would make it resolve.
struct OfflineWeb: DIDResolver {
    var supportedMethods: Set<String> { [DIDWeb.methodName] }

    func resolve(_ did: DID, options: DIDResolutionOptions) async -> DIDResolutionResult {
        .failure(DIDError(.methodNotSupported, "did:web documents are fetched over HTTPS, which this command does only with --allow-network"))
    }
}
