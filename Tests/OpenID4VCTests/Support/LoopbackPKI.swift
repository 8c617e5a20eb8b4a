import Foundation
import GuardedHTTP
import NIOSSL

/// A test certificate authority and one server certificate, made once per test process with the
/// `openssl` command (nothing is committed), as `GuardedHTTPTests`' `TestPKI` does: the CA is the
/// extra trust anchor the tests' guarded clients get (what `--ca-file` adds); the leaf, for
/// `127.0.0.1`, `localhost` and the names in ``names``, is what the loopback TLS servers present.
struct LoopbackPKI: Sendable {
    /// The DNS names the leaf certificate carries (the tests' resolver maps each to 127.0.0.1).
    static let names = ["issuer.test", "verifier.test", "wallet.test", "as.test", "localhost"]

    let directory: URL
    var caFile: String { directory.appendingPathComponent("ca.pem").path }
    var leafFile: String { directory.appendingPathComponent("leaf.pem").path }
    var leafKeyFile: String { directory.appendingPathComponent("leaf.key").path }

    /// Made once per test process.
    static let shared: Result<LoopbackPKI, any Error> = Result { try LoopbackPKI() }

    private init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("openid4vc-pki-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let names = Self.names.map { "DNS:\($0)" }.joined(separator: ",")
        let extensions = """
            subjectAltName=\(names),IP:127.0.0.1
            basicConstraints=critical,CA:FALSE
            keyUsage=critical,digitalSignature
            extendedKeyUsage=serverAuth
            """
        try Data(extensions.utf8).write(to: directory.appendingPathComponent("leaf.ext"))
        try openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                     "-days", "2", "-subj", "/CN=swift-did-wallet OpenID4VC test CA", "-addext", "basicConstraints=critical,CA:TRUE",
                     "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        try openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr",
                     "-subj", "/CN=issuer.test"])
        try openssl(["x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "leaf.pem",
                     "-days", "2", "-extfile", "leaf.ext"])
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

    /// The server side: the leaf certificate and its key.
    func serverContext() throws -> NIOSSLContext {
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(leafFile).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: leafKeyFile, format: .pem))
        )
        return try NIOSSLContext(configuration: configuration)
    }

    /// The CA as the guarded client's extra trust anchor.
    func trustAnchors() throws -> TrustAnchors { try TrustAnchors(pemFile: caFile) }
}

/// Answers every name in ``LoopbackPKI/names`` with 127.0.0.1 (and nothing else), so that
/// tests may use names in URLs without asking the system's resolver.
struct LoopbackResolver: Resolver {
    struct Unknown: Error { let host: String }

    func addresses(of host: String) async throws -> [IPAddress] {
        guard LoopbackPKI.names.contains(host), let address = IPAddress(parsing: "127.0.0.1") else { throw Unknown(host: host) }
        return [address]
    }
}

extension GuardedHTTPClient {
    /// A client for the tests: the test CA trusted, the given loopback servers' ports allowed
    /// (as `127.0.0.1` and by every name of ``LoopbackPKI/names``), names resolved by
    /// ``LoopbackResolver``, and otherwise the safe defaults.
    static func loopback(_ servers: [LoopbackHTTPServer], _ change: (inout GuardedHTTPConfiguration) -> Void = { _ in }) throws -> GuardedHTTPClient {
        var configuration = GuardedHTTPConfiguration()
        for server in servers {
            for host in ["127.0.0.1"] + LoopbackPKI.names {
                configuration.allowedHosts.append(try AllowedHost(parsing: "\(host):\(server.port)"))
            }
        }
        configuration.resolver = LoopbackResolver()
        configuration.trustAnchors = try LoopbackPKI.shared.get().trustAnchors()
        configuration.deadline = .seconds(20)
        change(&configuration)
        return GuardedHTTPClient(configuration: configuration)
    }
}
