import Foundation
import StrictJSON
import TestSupport
import Testing

/// `vc verify` / `vp verify` of an SD-JWT VC whose issuer is an https URL signing under an `x5c`
/// chain (HAIP), with `--ca-file` giving the anchors offline (decision 0036): the committed
/// interop presentation (Fixtures/interop/, made by `X509InteropTests`) verifies with its root,
/// is refused under another, and cannot be checked without anchors.
@Suite("wallet vc verify / vp verify: x5c issuers and --ca-file")
struct X5CVerifyCLITests {
    static let presentation = "interop/swift-did-wallet-x5c-sd-jwt-kb.txt"
    static let root = "interop/openid4vc-x5c-root.pem"
    /// The KB-JWT's and the credential's time (2026-08-01), inside the certificates' validity.
    static let at = ["--at", "2026-08-01T00:00:00Z"]

    @Test func caFileAnchorsTheChain() throws {
        let directory = TemporaryDirectory("cli-x5c")
        defer { directory.remove() }
        let file = Fixtures.url(Self.presentation).path
        let root = Fixtures.url(Self.root).path

        let verified = try CommandRunner.run(["vc", "verify", file, "--ca-file", root, "--json"] + Self.at)
        let report = try JSONValue(parsing: verified.stdout)
        #expect(verified.status == 0 && report["verified"] == true, "\(verified.stdoutText) \(verified.stderr)")
        #expect(report["issuer"] == "https://issuer.example" && report["verificationMethod"] == "x5c")

        let presented = try CommandRunner.run(["vp", "verify", file, "--challenge", "n-openid4vc-interop",
                                               "--domain", "x509_san_dns:verifier.example", "--ca-file", root] + Self.at)
        #expect(presented.status == 0, "\(presented.stdoutText) \(presented.stderr)")

        // Without anchors: could not check (exit 2), offline, nothing fetched.
        let unanchored = try CommandRunner.run(["vc", "verify", file, "--json"] + Self.at)
        #expect(unanchored.status == 2 && unanchored.stdoutText.contains("issuerKeyUnavailable"), "\(unanchored.stdoutText)")

        // Another anchor (the OpenID4VCI example's self-signed certificate): invalid (exit 1).
        let example = try Fixtures.text("openid4vc/OpenID4VCI/credential_issuer_metadata_sd_jwt_jwt.txt").filter { !$0.isWhitespace }
        let header = try JSONValue(parsing: Self.base64URLDecode(String(example.split(separator: ".")[0])))
        let certificate = try #require(header["x5c"]?[0]?.stringValue)
        let otherPEM = directory.appending("other.pem")
        let lines = stride(from: 0, to: certificate.count, by: 64).map { offset in
            String(certificate.dropFirst(offset).prefix(64))
        }
        try Data(("-----BEGIN CERTIFICATE-----\n" + lines.joined(separator: "\n") + "\n-----END CERTIFICATE-----\n").utf8).write(to: otherPEM)
        let untrusted = try CommandRunner.run(["vc", "verify", file, "--ca-file", otherPEM.path] + Self.at)
        #expect(untrusted.status == 1 && untrusted.stdoutText.hasPrefix("invalid: untrustedCertificate"), "\(untrusted.stdoutText)")

        // A --ca-file that holds no certificate: invalidTrustAnchors (exit 2), as for fetching.
        let garbage = directory.appending("garbage.pem")
        try Data("not a certificate\n".utf8).write(to: garbage)
        let refused = try CommandRunner.run(["vc", "verify", file, "--ca-file", garbage.path, "--json"] + Self.at)
        #expect(refused.status == 2 && refused.stdoutText.contains("invalidTrustAnchors"), "\(refused.stdoutText)")

        // --network-allow still needs --allow-network.
        #expect(try CommandRunner.run(["vc", "verify", file, "--ca-file", root, "--network-allow", "127.0.0.1"] + Self.at).status == 64)
    }

    static func base64URLDecode(_ text: String) -> [UInt8] {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Array(Data(base64Encoded: base64) ?? Data())
    }
}
