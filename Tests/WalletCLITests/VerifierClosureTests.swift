import Foundation
import StrictJSON
import TestSupport
import Testing

/// Issue 14 §1: an app that only verifies (it imports `VerifiableCredentials`, `DIDCore` or
/// `JSONLD`) links no keystore, no SQLite and no network stack. Checked on the package's own
/// manifest (`swift package dump-package`: no network, no build) and on the sources of every
/// target in the closure.
@Suite("Verification-only modules link no keystore, SQLite or network stack")
struct VerifierClosureTests {
    /// What a verification-only app may link besides the Swift runtime and Foundation: these
    /// targets of this package, and these products of other packages. Anything new must be
    /// neither storage nor network, and is added here on purpose.
    static let allowedTargets: Set<String> = ["VerifiableCredentials", "DIDCore", "JSONLD", "WalletCrypto", "StrictJSON", "CSodium", "CSecp256k1"]
    static let allowedProducts: Set<String> = ["swift-log/Logging", "swift-crypto/Crypto"]
    /// Never in the closure, whatever the allowlists say (the message names the culprit).
    static let forbidden = ["WalletKeystore", "OpenID4VC", "WalletServer", "GRDB", "SQLite", "GuardedHTTP", "DIDResolvers", "WalletCore", "NIO", "AsyncHTTPClient"]
    /// Imports and APIs a verification-only source file must not use.
    static let forbiddenInSources = [
        "import FoundationNetworking", "import AsyncHTTPClient", "import NIO", "import GRDB", "import SQLite3",
        "import WalletKeystore", "import GuardedHTTP", "import DIDResolvers", "URLSession", "URLRequest",
    ]

    struct Target {
        let name: String
        let path: String
        let targets: [String]
        /// "package/product"
        let products: [String]
    }

    /// The manifest's targets, from `swift package dump-package` (the manifest evaluated; no
    /// dependency is resolved or fetched). `--ignore-lock`: `swift test` holds the build folder's lock.
    static func manifestTargets() throws -> [String: Target] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "package", "--ignore-lock", "dump-package"]
        process.currentDirectoryURL = Fixtures.packageRoot
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileReadUnknown) }
        let manifest = try JSONValue(parsing: Array(data))
        var targets: [String: Target] = [:]
        for target in manifest["targets"]?.arrayValue ?? [] {
            guard let name = target["name"]?.stringValue else { continue }
            var local: [String] = [], products: [String] = []
            for dependency in target["dependencies"]?.arrayValue ?? [] {
                if let byName = dependency["byName"]?.arrayValue?.first?.stringValue ?? dependency["target"]?.arrayValue?.first?.stringValue {
                    local.append(byName)
                } else if let product = dependency["product"]?.arrayValue, let productName = product.first?.stringValue {
                    products.append("\(product.count > 1 ? product[1].stringValue ?? "?" : "?")/\(productName)")
                }
            }
            let path = target["path"]?.stringValue ?? (target["type"]?.stringValue == "test" ? "Tests/\(name)" : "Sources/\(name)")
            targets[name] = Target(name: name, path: path, targets: local, products: products)
        }
        return targets
    }

    /// Every target and external product `roots` reach.
    static func closure(of roots: [String], in targets: [String: Target]) -> (targets: Set<String>, products: Set<String>) {
        var seen = Set<String>(), products = Set<String>()
        var pending = roots
        while let name = pending.popLast() {
            guard seen.insert(name).inserted else { continue }
            guard let target = targets[name] else { continue }
            pending += target.targets
            products.formUnion(target.products)
        }
        return (seen, products)
    }

    @Test("the target closure of VerifiableCredentials, DIDCore and JSONLD holds only allowed targets and products")
    func manifestClosure() throws {
        let targets = try Self.manifestTargets()
        // The manifest was read: the network layer is there, outside the closure.
        #expect(targets["GuardedHTTP"]?.products.contains { $0.hasSuffix("/NIOPosix") } == true)
        for root in ["VerifiableCredentials", "DIDCore", "JSONLD"] {
            #expect(targets[root] != nil, "\(root) is not in the manifest")
            let (reached, products) = Self.closure(of: [root], in: targets)
            for name in reached.union(products) {
                for word in Self.forbidden where name.contains(word) {
                    Issue.record("\(root) reaches \(name) (\(word)): a verification-only app would link it")
                }
            }
            let unexpected = reached.subtracting(Self.allowedTargets).sorted()
            #expect(unexpected.isEmpty, "\(root) reaches targets outside the verification allowlist: \(unexpected)")
            let unexpectedProducts = products.subtracting(Self.allowedProducts).sorted()
            #expect(unexpectedProducts.isEmpty, "\(root) reaches products outside the verification allowlist: \(unexpectedProducts)")
        }
        // The checker itself catches what it is for: the CLI's closure does reach the network layer.
        let cli = Self.closure(of: ["WalletCLI"], in: targets)
        #expect(cli.targets.contains("GuardedHTTP") && cli.targets.contains("WalletKeystore"))
    }

    @Test("no source file of a verification-only target imports a network, SQLite or keystore module")
    func closureSources() throws {
        let targets = try Self.manifestTargets()
        let (reached, _) = Self.closure(of: ["VerifiableCredentials", "DIDCore", "JSONLD"], in: targets)
        var files = 0
        for name in reached.sorted() {
            guard let target = targets[name] else { continue }
            let directory = Fixtures.packageRoot.appendingPathComponent(target.path)
            guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker where url.pathExtension == "swift" {
                files += 1
                let text = try String(contentsOf: url, encoding: .utf8)
                for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                    for word in Self.forbiddenInSources where line.contains(word) {
                        Issue.record("\(target.path)/\(url.lastPathComponent): \(word) in a verification-only target")
                    }
                }
            }
        }
        // The sources were read (VerifiableCredentials alone has dozens of files).
        #expect(files > 50)
    }
}
