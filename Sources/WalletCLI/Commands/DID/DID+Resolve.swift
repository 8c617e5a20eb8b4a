import WalletCLISupport
import ArgumentParser
import DIDCore
import StrictJSON

extension DIDCommand {
    /// `wallet did resolve DID`: prints the DID document, or with `--json` the whole resolution
    /// result. A DID URL with a fragment prints the verification method it names.
    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resolve",
            abstract: "Resolve a DID to its DID document (offline for did:key and did:jwk; did:web with --allow-network).",
            discussion: """
                Prints the DID document. Given a DID URL with a fragment (did:key:z6Mk...#z6Mk...), \
                prints the verification method it names. With --json, prints the DID resolution result \
                (didDocument, didResolutionMetadata, didDocumentMetadata), also on failure. \
                did:web is fetched over HTTPS only with --allow-network, through the guarded client.
                Exit codes: 0 resolved, 1 invalid or not resolvable, 64 usage error.
                """
        )

        @Argument(help: "The DID or DID URL to resolve.")
        var did: String

        @Option(name: .long, help: "How did:key methods are written: multikey, ed25519-2020, ed25519-2018 or jwk.")
        var form: DIDKeyForm = .multikey

        @Option(name: .long, help: "The media type: application/did+ld+json or application/did+json.")
        var accept: String = DIDResolutionOptions.didLDJSON

        @Flag(name: .long, help: "Print the full resolution result as JSON.")
        var json = false

        @OptionGroup var network: NetworkOptions

        func run() async throws {
            let options = DIDResolutionOptions(accept: accept, didKeyRepresentation: form.representation)
            let resolver: any DIDResolver
            do { resolver = try network.resolver() } catch { throw report(CLIError(error), json: json) }
            if did.contains("#") || did.contains("/") || did.contains("?") {
                try await dereference(resolver: resolver, options: options)
                return
            }
            let result = await resolver.resolve(did, options: options)
            if json {
                Terminal.printJSON(ResolutionOutput(result: result).json)
            } else if let document = result.didDocument {
                Terminal.printJSON(document.jsonValue)
            }
            if let error = result.error {
                Terminal.printError("\(error.code): cannot resolve \(did): \(error.message)")
                throw ExitCode(WalletExitCode.invalid)
            }
        }

        private func dereference(resolver: any DIDResolver, options: DIDResolutionOptions) async throws {
            do {
                let method = try await resolver.verificationMethod(did, options: options)
                Terminal.printJSON(json ? ["verificationMethod": method.jsonValue] : method.jsonValue)
            } catch {
                if json {
                    Terminal.printJSON(["verificationMethod": .null, "error": .string(error.code.rawValue), "errorMessage": .string(error.message)])
                }
                Terminal.printError("\(error.code): cannot dereference \(did): \(error.message)")
                throw ExitCode(WalletExitCode.invalid)
            }
        }
    }
}

/// The `--form` values, one for each `DIDKey.Representation`.
enum DIDKeyForm: String, ExpressibleByArgument, CaseIterable {
    case multikey
    case ed25519_2020 = "ed25519-2020"
    case ed25519_2018 = "ed25519-2018"
    case jwk

    var representation: DIDKey.Representation {
        switch self {
        case .multikey: .multikey
        case .ed25519_2020: .ed25519VerificationKey2020
        case .ed25519_2018: .ed25519VerificationKey2018
        case .jwk: .jsonWebKey2020
        }
    }
}
