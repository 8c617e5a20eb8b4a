import Foundation
import Testing
import TestSupport
import WalletCore
import WalletServer

/// The verifier's PEM files: a chain and the leaf's P-256 key, or a clear refusal.
@Suite struct VerifierCredentialsTests {
    /// Runs the openssl command (installed by `.ci/install-deps`) in `directory`.
    static func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "openssl \(arguments)")
    }

    @Test("A chain and its leaf's key load; another key, another curve and garbage are refused")
    func loading() throws {
        let directory = TemporaryDirectory("verifier-pem")
        defer { directory.remove() }
        let path = { (name: String) in directory.appending(name).path }
        try Self.openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", path("key.pem")])
        try Self.openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", path("other.pem")])
        try Self.openssl(["genpkey", "-algorithm", "ed25519", "-out", path("ed.pem")])
        try Self.openssl(["req", "-x509", "-new", "-key", path("key.pem"), "-subj", "/CN=verifier.test", "-days", "2", "-out", path("cert.pem")])
        let text = { (name: String) in try String(contentsOfFile: path(name), encoding: .utf8) }

        let loaded = try VerifierCredentials(certificatePEM: try text("cert.pem"), privateKeyPEM: try text("key.pem"))
        #expect(loaded.certificateChain.count == 1)
        #expect(loaded.signer.algorithm == .es256)
        // The chain entry is the certificate's DER, as openssl writes it.
        try Self.openssl(["x509", "-in", path("cert.pem"), "-outform", "DER", "-out", path("cert.der")])
        #expect(loaded.certificateChain[0] == (try Data(contentsOf: directory.appending("cert.der"))).base64EncodedString())

        for (certificate, key) in [("cert.pem", "other.pem"), ("cert.pem", "ed.pem"), ("key.pem", "key.pem"), ("cert.pem", "cert.pem")] {
            #expect(throws: WalletServerError(.invalidConfiguration, ""), "\(certificate) + \(key)") {
                try VerifierCredentials(certificatePEM: try text(certificate), privateKeyPEM: try text(key))
            }
        }
        #expect(throws: WalletServerError(.invalidConfiguration, "")) { try VerifierCredentials(certificatePEM: "garbage", privateKeyPEM: "x") }
    }
}
