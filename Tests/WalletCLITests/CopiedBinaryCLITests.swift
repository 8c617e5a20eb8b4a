import Foundation
#if canImport(Glibc)
import Glibc
#endif
import StrictJSON
import TestSupport
import Testing

/// A `wallet` binary copied alone into another folder works: the pinned JSON-LD contexts are
/// compiled in, so no resource bundle is needed (decision 0016). Before, every Data Integrity
/// path — `eddsa-jcs-2022` too — died with SIGILL (exit 132) in SwiftPM's `Bundle.module` once the
/// build folder was out of reach.
@Suite("A copied wallet binary")
struct CopiedBinaryCLITests {
    /// The folders a copy on another machine would not see: the one the binary was built in and
    /// the package (sources and `.build`), innermost first.
    static var buildFolders: [String] {
        let bin = CommandRunner.walletBinary.deletingLastPathComponent().standardizedFileURL.path
        let root = Fixtures.packageRoot.standardizedFileURL.path
        return bin == root ? [root] : [bin, root]
    }

    /// Runs its arguments after mounting an empty tmpfs over each folder before `--` (in a new
    /// mount namespace, so only the child sees it).
    static let hideThenExec = #"while [ "$1" != "--" ]; do if [ -d "$1" ]; then mount -t tmpfs tmpfs "$1" || exit 97; fi; shift; done; shift; exec "$@""#

    /// The `unshare` invocation that runs a command with the build folders hidden, if this system
    /// allows mount namespaces (as root, or through an unprivileged user namespace); nil elsewhere.
    static let hidingPrefix: [String]? = {
        #if os(Linux)
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { return nil }
        for flags in [["--mount", "--propagation", "private"], ["--user", "--map-root-user", "--mount", "--propagation", "private"]] {
            let prefix = flags + ["/bin/sh", "-c", hideThenExec, "sh"] + buildFolders + ["--"]
            // The probe: inside, the built binary and the package manifest are gone.
            let probe = prefix + ["/bin/sh", "-c", #"! test -e "$1" && ! test -e "$2""#, "sh",
                                  CommandRunner.walletBinary.path, Fixtures.packageRoot.appendingPathComponent("Package.swift").path]
            if let output = try? CommandRunner.run(probe, executable: URL(fileURLWithPath: "/usr/bin/unshare")), output.status == 0 {
                return prefix
            }
        }
        #endif
        return nil
    }()

    @Test("Copied alone into a fresh folder, with the build folder out of sight, wallet issues and verifies di-jcs and di-rdfc")
    func copiedBinary() throws {
        let directory = TemporaryDirectory("copied-binary")
        defer { directory.remove() }
        let bin = directory.appending("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let copy = bin.appendingPathComponent("wallet")
        try FileManager.default.copyItem(at: CommandRunner.walletBinary, to: copy)
        #expect(try FileManager.default.contentsOfDirectory(atPath: bin.path) == ["wallet"])

        // No resource bundle accessor is linked in: SwiftPM's names the bundle
        // (`<package>_<target>.resources`) and falls back to the build folder's absolute path,
        // which is why a plain copy on the build machine seemed to work.
        let binary = try Data(contentsOf: copy)
        #expect(binary.range(of: Data("swift-did-wallet_JSONLD.resources".utf8)) == nil, "the binary still looks for a JSONLD resource bundle")

        // On Linux the copy runs with the build folder and the package hidden (what it would see on
        // another machine); where mount namespaces are not allowed, it runs as a plain copy.
        let hiding = Self.hidingPrefix
        #if os(Linux)
        if geteuid() == 0 {
            #expect(hiding != nil, "root, yet no mount namespace: the copy would run with the build folder in sight")
        }
        #endif
        let env = ["WALLET_HOME": directory.appending("issuer").path, "WALLET_PASSPHRASE": "copied binary passphrase"]
        func run(_ arguments: [String], _ environment: [String: String] = [:]) throws -> CommandRunner.Output {
            if let hiding {
                return try CommandRunner.run(hiding + [copy.path] + arguments, environment: environment,
                                             executable: URL(fileURLWithPath: "/usr/bin/unshare"))
            }
            return try CommandRunner.run(arguments, environment: environment, executable: copy)
        }

        let initialized = try run(["init", "--kdf", "interactive"], env)
        #expect(initialized.status == 0, "\(initialized.stderr)")
        let issuerDID = try run(["did", "create", "--method", "key", "--label", "issuer"], env).stdoutText
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(issuerDID.hasPrefix("did:key:z6Mk"))
        let subject = directory.appending("subject.json")
        try Data(#"{"id":"did:example:alice","alumniOf":"Đại học Quốc gia Hà Nội"}"#.utf8).write(to: subject)

        for (format, suite, extra) in [("di-jcs", "di-eddsa-jcs-2022", [String]()),
                                       ("di-rdfc", "di-eddsa-rdfc-2022", ["--context", "https://www.w3.org/ns/credentials/examples/v2"])] {
            let issued = try run(["vc", "issue", "--issuer", "issuer", "--subject", subject.path, "--type", "AlumniCredential",
                                  "--format", format] + extra, env)
            #expect(issued.status == 0, "\(format): vc issue exited \(issued.status): \(issued.stderr)")
            guard issued.status == 0 else { continue }
            let file = directory.appending("credential-\(format).json")
            try Data(issued.stdout).write(to: file)
            // Verification needs no wallet.
            let verified = try run(["vc", "verify", file.path, "--json"])
            #expect(verified.status == 0, "\(format): vc verify exited \(verified.status): \(verified.stdoutText) \(verified.stderr)")
            let report = try JSONValue(parsing: verified.stdout)
            #expect(report["verified"] == true, "\(format)")
            #expect(report["format"]?.stringValue == suite)
            #expect(report["issuer"]?.stringValue == issuerDID)
            // And the plain-text form a person reads.
            let plain = try run(["vc", "verify", file.path])
            #expect(plain.status == 0 && plain.stdoutText.hasPrefix("valid: \(suite)"), "\(format): \(plain.stdoutText)")
        }
    }
}
