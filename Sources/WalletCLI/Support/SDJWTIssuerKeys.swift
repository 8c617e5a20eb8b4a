import WalletCLISupport
import GuardedHTTP
import OpenID4VC

/// The keys of SD-JWT VC issuers that are not DIDs (decision 0036): `x5c` chains to the
/// certificates of `--ca-file` (offline; without it no chain is trusted), and JWT VC Issuer
/// Metadata through the guarded client when the command fetches (`--allow-network`).
enum SDJWTIssuerKeys {
    static func resolver(caFile: String?, client: GuardedHTTPClient?) throws -> HTTPSIssuerKeyResolver {
        var anchors: X509TrustAnchors?
        if let caFile {
            // The same code as the guarded client's reading of the file (`invalidTrustAnchors`).
            let pem: [UInt8]
            do { pem = try BoundedInput.read(caFile, limit: BoundedInput.Limit(bytes: 4 << 20, what: "PEM file")) } catch {
                throw CLIError.couldNotRun("--ca-file: \(error.message)", code: "invalidTrustAnchors")
            }
            do { anchors = try X509TrustAnchors(pem: String(decoding: pem, as: UTF8.self)) } catch {
                throw CLIError.couldNotRun("--ca-file: \(error.code): \(error.message)", code: "invalidTrustAnchors")
            }
        }
        return HTTPSIssuerKeyResolver(anchors: anchors, client: client)
    }
}

extension StatusListOptions {
    /// ``SDJWTIssuerKeys`` from `--ca-file`, with the metadata fetched only with `--allow-network`.
    func sdJWTIssuerKeys() throws -> HTTPSIssuerKeyResolver {
        try SDJWTIssuerKeys.resolver(caFile: caFile, client: allowNetwork ? GuardedHTTPClient(configuration: try networkConfiguration()) : nil)
    }
}
