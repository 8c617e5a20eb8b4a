import DIDCore
import DIDResolvers
import Foundation
import GuardedHTTP
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCrypto

/// Fetching status lists through the guarded client: against a server the test starts on
/// 127.0.0.1 (allow-listed by host and port, which is what lets plain HTTP and loopback through),
/// and the refusals that need no network. Moved here from VerifiableCredentialsTests with the
/// provider (decision 0012).
@Suite("Status lists over HTTPS: limits, cache, refusals")
struct HTTPSStatusListProviderTests {
    let issuer = StatusListIssuer(seed: 1)

    /// A signed status list credential published at `url`, with entries `revoked` set.
    func listCredential(url: String, revoked: [Int] = [], subjectExtras: JSONObject = [:], validUntil: Date? = nil) async throws -> [UInt8] {
        var list = BitstringStatusList()
        for index in revoked { try list.setStatus(1, at: index) }
        var subject: JSONObject = ["id": .string("\(url)#list"), "type": "BitstringStatusList", "statusPurpose": "revocation",
                                   "encodedList": .string(list.encodedList)]
        for member in subjectExtras { subject[member.key] = member.value }
        var credential = Issuer.credential(issuer: issuer.did.description, subject: .object(subject), types: ["BitstringStatusListCredential"],
                                           id: url, validFrom: DateTimeStamp(Date(timeIntervalSince1970: 1_700_000_000)),
                                           validUntil: validUntil.map { DateTimeStamp($0) })
        credential["id"] = .string(url)
        return Array(try await Issuer.issueJOSE(.object(credential), signer: issuer.signer).utf8)
    }

    func credential(list url: String, index: Int) async throws -> String {
        var json = issuer.credential().objectValue!
        json["credentialStatus"] = ["id": .string("\(url)#\(index)"), "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
                                    "statusListIndex": .string(String(index)), "statusListCredential": .string(url)]
        return try await Issuer.issueJOSE(.object(json), signer: issuer.signer)
    }

    /// The provider's options with `server` allow-listed (plain HTTP on loopback), and a resolver
    /// that would send a name nowhere but loopback.
    static func loopbackOptions(_ server: LoopbackHTTPServer, _ change: (inout HTTPSStatusListProvider.Options) -> Void = { _ in }) -> HTTPSStatusListProvider.Options {
        var options = HTTPSStatusListProvider.Options()
        options.network.allowedHosts = [try! AllowedHost(parsing: "127.0.0.1:\(server.port)")]
        options.network.resolver = ScriptedResolver([["127.0.0.1"]])
        options.network.deadline = .seconds(5)
        change(&options)
        return options
    }

    @Test("A fetched list decides the status; a batch on one list, even concurrent, fetches it once")
    func fetchAndCache() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let url = server.url("/status/1")
        server.set("/status/1", .init(headers: ["Content-Type": "application/vc+jwt"], body: try await listCredential(url: url, revoked: [7])))
        let verifier = Verifier(statusLists: HTTPSStatusListProvider(options: Self.loopbackOptions(server)))
        let good = await verifier.verify(try await credential(list: url, index: 8))
        #expect(good.verified && good.warnings.isEmpty, "\(good.jsonValue.prettyString)")
        #expect(await verifier.verify(try await credential(list: url, index: 7)).errors.map(\.code.rawValue) == ["revoked"])
        let credentials = try await (0..<8).asyncMap { try await credential(list: url, index: 100 + $0) }
        let reports = await withTaskGroup(of: Bool.self) { group in
            for credential in credentials { group.addTask { await verifier.verify(credential).verified } }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(reports == Array(repeating: true, count: 8))
        #expect(server.requests(to: "/status/1") == 1)
    }

    @Test("Concurrent first requests share one fetch")
    func concurrentFirstFetch() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let url = server.url("/slow")
        server.set("/slow", .init(body: try await listCredential(url: url), delay: 0.3))
        let provider = HTTPSStatusListProvider(options: Self.loopbackOptions(server))
        let sizes = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<6 { group.addTask { (try? await provider.statusListCredential(at: url))?.count ?? -1 } }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(Set(sizes).count == 1 && sizes[0] > 0)
        #expect(server.requests(to: "/slow") == 1)
    }

    @Test("The cache expires at the list's ttl, its validUntil or the default, whichever is first, and a stale list is fetched again")
    func expiry() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let url = server.url("/status/ttl")
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        server.set("/status/ttl", .init(body: try await listCredential(url: url, subjectExtras: ["ttl": .number(JSONNumber(60_000))])))
        let provider = HTTPSStatusListProvider(options: Self.loopbackOptions(server) { $0.now = { clock.now } })
        _ = try await provider.statusListCredential(at: url)
        clock.advance(59)
        _ = try await provider.statusListCredential(at: url)
        #expect(server.requests(to: "/status/ttl") == 1)
        clock.advance(2)  // past the 60 s ttl
        _ = try await provider.statusListCredential(at: url)
        #expect(server.requests(to: "/status/ttl") == 2)

        // Without ttl: the default; validUntil earlier than that wins; the maximum caps a huge ttl.
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let plain = try await listCredential(url: url)
        #expect(provider.cacheExpiry(of: plain, fetchedAt: now) == now.addingTimeInterval(300))
        let soon = try await listCredential(url: url, validUntil: now.addingTimeInterval(30))
        #expect(provider.cacheExpiry(of: soon, fetchedAt: now) == now.addingTimeInterval(30))
        let huge = try await listCredential(url: url, subjectExtras: ["ttl": .number(JSONNumber(1_000_000_000_000))])
        #expect(provider.cacheExpiry(of: huge, fetchedAt: now) == now.addingTimeInterval(86_400))
    }

    @Test("Fetch failures make the status unknown, never valid", arguments: ["404", "announced", "streamed", "timeout", "offHost", "garbage"])
    func failures(_ kind: String) async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let url = server.url("/status/x")
        let list = try await listCredential(url: url)
        var options = Self.loopbackOptions(server)
        switch kind {
        case "404": break
        case "announced":
            options.network.maximumBodyBytes = 1000
            server.set("/status/x", .init(body: list))
        case "streamed":
            options.network.maximumBodyBytes = 100_000
            server.set("/status/x", .init(body: list + [UInt8](repeating: 0x20, count: 400_000), omitContentLength: true))
        case "timeout":
            options.network.deadline = .milliseconds(500)
            server.set("/status/x", .init(body: list, delay: 3))
        case "offHost":
            server.set("/status/x", .init(status: 302, headers: ["Location": "http://localhost:\(server.port)/status/y"]))
            server.set("/status/y", .init(body: list))
        default:
            server.set("/status/x", .init(body: Array("not a credential".utf8)))
        }
        let report = await Verifier(statusLists: HTTPSStatusListProvider(options: options)).verify(try await credential(list: url, index: 3))
        #expect(!report.verified && report.errors.map(\.code.rawValue) == ["statusUnknown"], "\(report.jsonValue.prettyString)")
        let expected = ["404": "fetchFailed: httpStatus", "announced": "fetchFailed: responseTooLarge", "streamed": "fetchFailed: responseTooLarge",
                        "timeout": "fetchFailed: deadlineExceeded", "offHost": "networkRefused: redirectRefused"][kind]
        if let expected { #expect(report.errors.first?.message.contains(expected) == true, "\(report.errors)") }
        if kind == "offHost" { #expect(server.requests(to: "/status/y") == 0) }
    }

    @Test("A same-host redirect is followed")
    func sameHostRedirect() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let url = server.url("/status/moved")
        server.set("/status/old", .init(status: 301, headers: ["Location": url]))
        let published = try await listCredential(url: url)
        server.set("/status/moved", .init(body: published))
        let bytes = try await HTTPSStatusListProvider(options: Self.loopbackOptions(server)).statusListCredential(at: server.url("/status/old"))
        #expect(bytes == published)
        #expect(server.requests(to: "/status/moved") == 1)
    }

    @Test("Refused before any connection: not HTTPS, local or private hosts, credentials in the URL, not allowed", arguments: [
        "http://issuer.example/status/1", "ftp://issuer.example/status/1", "https://127.0.0.1/status", "https://10.1.2.3/status",
        "https://172.20.0.1/status", "https://192.168.1.1/status", "https://169.254.169.254/latest/meta-data", "https://100.64.0.1/s",
        "https://[::1]/status", "https://[fe80::1]/status", "https://[fd00::1]/status", "https://[::ffff:10.0.0.1]/status",
        "https://localhost/status", "https://api.localhost/status", "https://0.0.0.0/status", "https://user:secret@issuer.example/status",
        "not a url", "https:///no-host", "https://[64:ff9b::a00:1]/s", "https://[fec0::1]/s", "https://198.18.0.1/s", "https://192.0.2.1/s",
        "https://127.1/s", "https://[fe80::1%25eth0]/s", "https://rebinding.example/s",
    ])
    func refusals(_ url: String) async throws {
        // The production rules; the resolver answers loopback for any name, as a hostile DNS would.
        var options = HTTPSStatusListProvider.Options()
        options.network.resolver = ScriptedResolver([["127.0.0.1"]])
        let provider = HTTPSStatusListProvider(options: options)
        do {
            _ = try await provider.statusListCredential(at: url)
            Issue.record("\(url) was fetched")
        } catch let error as VCError {
            #expect(error.code == .networkRefused, "\(url): \(error)")
            #expect(!error.message.contains("secret"), "a credential in the URL reached the message")
        }
    }

    @Test("With allowed URLs, any other URL is refused, also on loopback")
    func allowList() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.set("/a", .init(body: try await listCredential(url: server.url("/a"))))
        server.set("/b", .init(body: try await listCredential(url: server.url("/b"))))
        let provider = HTTPSStatusListProvider(options: Self.loopbackOptions(server) { $0.allowedURLs = [server.url("/a")] })
        #expect(try await !provider.statusListCredential(at: server.url("/a")).isEmpty)
        await #expect(throws: VCError(.networkRefused, "")) { try await provider.statusListCredential(at: server.url("/b")) }
        #expect(server.requests(to: "/b") == 0)
    }
}

/// An issuer with a did:key and an in-memory signer, for signing status lists.
struct StatusListIssuer {
    let did: DID
    let signer: InMemorySigner

    init(seed: UInt8) {
        let key = try! Ed25519.PrivateKey(seedBytes: [UInt8](repeating: seed, count: 32))
        did = DIDKey.did(for: key.publicKey)
        signer = InMemorySigner(privateKey: key, verificationMethodId: "\(did)#\(did.methodSpecificId)")
    }

    func credential() -> JSONValue {
        .object(Issuer.credential(issuer: did.description, subject: ["id": "did:example:subject", "degree": ["name": "Cử nhân"]],
                                  types: ["AlumniCredential"], id: "urn:uuid:0a0e3e57-6f4c-4b8a-9ad0-1f0c4ef7a001",
                                  validFrom: DateTimeStamp(Date(timeIntervalSince1970: 1_700_000_000)), validUntil: nil))
    }
}

/// A clock tests move by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date) { current = start }
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var output: [T] = []
        for element in self { output.append(try await transform(element)) }
        return output
    }
}
