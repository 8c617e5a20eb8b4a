import Foundation
import NIOSSL

/// A certificate authority and a server certificate made at test time with the `openssl`
/// command (nothing is committed): the CA is what `--ca-file` / ``TrustAnchors`` adds, the leaf
/// (for `wallet.test`, `rebind.test`, `localhost`, `127.0.0.1` and `::1`) is what the loopback TLS servers present;
/// a second leaf names `wallet.test` only (no IP address: NIOSSL accepts a certificate whose IP
/// address entry matches the dialled address whatever name was asked for, so the name check is
/// tested with a certificate that has none).
struct TestPKI: Sendable {
    let directory: URL
    var caFile: String { directory.appendingPathComponent("ca.pem").path }
    var leafFile: String { directory.appendingPathComponent("leaf.pem").path }
    var leafKeyFile: String { directory.appendingPathComponent("leaf.key").path }

    /// Made once per test process.
    static let shared: Result<TestPKI, any Error> = Result { try TestPKI() }

    static func make() throws -> TestPKI { try shared.get() }

    private init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("guarded-http-pki-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let extensions = """
            subjectAltName=DNS:wallet.test,DNS:rebind.test,IP:127.0.0.1
            basicConstraints=critical,CA:FALSE
            keyUsage=critical,digitalSignature
            extendedKeyUsage=serverAuth
            """
        // `localhost` (and ::1) for the command-line did:web test, whose host name the system resolves.
        try Data(extensions.replacingOccurrences(of: "IP:127.0.0.1", with: "IP:127.0.0.1,DNS:localhost,IP:::1").utf8)
            .write(to: directory.appendingPathComponent("leaf.ext"))
        try Data(extensions.replacingOccurrences(of: ",DNS:rebind.test,IP:127.0.0.1", with: "").utf8).write(to: directory.appendingPathComponent("name.ext"))
        try openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                     "-days", "2", "-subj", "/CN=swift-did-wallet test CA", "-addext", "basicConstraints=critical,CA:TRUE",
                     "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        try openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr",
                     "-subj", "/CN=wallet.test"])
        try openssl(["x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "leaf.pem",
                     "-days", "2", "-extfile", "leaf.ext"])
        try openssl(["x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "name.pem",
                     "-days", "2", "-extfile", "name.ext"])
    }

    struct OpenSSLFailed: Error, CustomStringConvertible {
        let arguments: [String]
        let status: Int32
        var description: String { "openssl \(arguments.joined(separator: " ")) exited \(status)" }
    }

    private func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw OpenSSLFailed(arguments: arguments, status: process.terminationStatus) }
    }

    /// The server side: the leaf certificate (or the one naming `wallet.test` only) and its key.
    func serverContext(nameOnly: Bool = false) throws -> NIOSSLContext {
        let file = nameOnly ? directory.appendingPathComponent("name.pem").path : leafFile
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(file).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: leafKeyFile, format: .pem))
        )
        return try NIOSSLContext(configuration: configuration)
    }
}
