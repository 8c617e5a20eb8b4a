import Foundation
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials

/// `wallet vc verify` (the built binary) fetching JWT VC Issuer Metadata from a loopback HTTPS
/// server the test starts: offline nothing is fetched and the credential cannot be checked
/// (exit 2); with `--allow-network` and the allowances it verifies (exit 0); metadata for another
/// issuer is refused (exit 1, `issuerNotBound`).
@Suite("wallet vc verify: JWT VC Issuer Metadata over the network")
struct JWTVCIssuerMetadataCLITests {
    /// Runs the binary on a thread of its own: the server's handler needs the cooperative pool.
    func run(_ arguments: [String]) async throws -> (status: Int32, report: JSONValue) {
        let output = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<CommandRunner.Output, any Error>) in
            Thread { continuation.resume(with: Result { try CommandRunner.run(arguments) }) }.start()
        }
        return (output.status, try JSONValue(parsing: output.stdout))
    }

    static func codes(_ report: JSONValue) -> [String] { report["errors"]?.arrayValue?.compactMap { $0["code"]?.stringValue } ?? [] }

    @Test func allowNetworkFetchesTheMetadata() async throws {
        let host = try await JWTVCIssuerMetadataTests.IssuerHost.start()
        defer { Task { await host.stop() } }
        let key = try JWTVCIssuerMetadataTests.IssuerKey()
        // The binary resolves with the system's resolver: the issuer is named by its address.
        let iss = host.server.origin()
        let directory = TemporaryDirectory("cli-jwt-vc-issuer")
        defer { directory.remove() }
        let file = directory.appending("credential.sd-jwt")
        let credential = try await X509TestSDJWT.issue(iss: iss, header: ["kid": "key-1"], signer: key.signer, holder: nil)
        try Data(credential.utf8).write(to: file)
        let caFile = try LoopbackPKI.shared.get().caFile
        let at = ["--at", "2026-08-01T00:00:01Z"]
        let network = ["--allow-network", "--network-allow", "127.0.0.1:\(host.server.port)", "--ca-file", caFile]
        host.route("/.well-known/jwt-vc-issuer", json: JWTVCIssuerMetadataTests.metadata(issuer: iss, keys: [key.jwk]))

        let offline = try await run(["vc", "verify", file.path, "--json"] + at)
        #expect(offline.status == 2 && Self.codes(offline.report) == ["issuerKeyUnavailable"], "\(offline.report)")
        #expect(host.paths.isEmpty)

        let online = try await run(["vc", "verify", file.path, "--json"] + at + network)
        #expect(online.status == 0 && online.report["verified"] == true, "\(online.report)")
        #expect(online.report["issuer"] == .string(iss) && online.report["verificationMethod"] == "key-1")
        #expect(host.paths == ["/.well-known/jwt-vc-issuer"])

        host.route("/.well-known/jwt-vc-issuer", json: JWTVCIssuerMetadataTests.metadata(issuer: "https://issuer.example", keys: [key.jwk]))
        let other = try await run(["vc", "verify", file.path, "--json"] + at + network)
        #expect(other.status == 1 && Self.codes(other.report) == ["issuerNotBound"], "\(other.report)")
    }
}
