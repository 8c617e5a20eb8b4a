import Foundation
import GuardedHTTP
import NIOCore
import Testing

/// Decompression bombs, the raw byte cap and the total deadline (security requirement 38),
/// against plain-HTTP loopback servers that the allow-list admits.
@Suite("Guarded client: encodings, byte cap, deadline")
struct TransferLimitTests {
    /// A client allowed to reach `server` (plain http, loopback) and nothing else.
    static func client(for server: TestServer, _ change: (inout GuardedHTTPConfiguration) -> Void = { _ in }) throws -> GuardedHTTPClient {
        var configuration = GuardedHTTPConfiguration()
        configuration.allowedHosts = [try AllowedHost(parsing: "127.0.0.1:\(server.port)")]
        configuration.deadline = .seconds(10)
        change(&configuration)
        return GuardedHTTPClient(configuration: configuration)
    }

    /// 100 MiB of zeros, gzipped (about 100 KiB): what a 1 MB response grew to 2.26 GB from.
    static let gzipBomb: [UInt8] = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "head -c 104857600 /dev/zero | gzip -9"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try? process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(data)
    }()

    @Test("Accept-Encoding: identity is sent, and a plain response is returned whole")
    func identity() async throws {
        let body = Array("a status list".utf8)
        let server = try await TestServer { _ in .respond(status: 200, headers: [("Content-Type", "application/vc+jwt")], body: body) }
        let response = try await Self.client(for: server).get(server.url("/list"), accept: "application/vc+jwt")
        await server.stop()
        #expect(response.body == body && response.status == 200 && response.contentType == "application/vc+jwt")
        let request = try #require(server.requests.first)
        #expect(request.header("Accept-Encoding") == ["identity"])
        #expect(request.header("Accept") == ["application/vc+jwt"])
        #expect(server.requests.count == 1)
    }

    @Test("A response with a content coding is refused, a gzip bomb among them, without inflating it", arguments: [
        "gzip", "GZIP", "x-gzip", "deflate", "br", "zstd", "compress", "identity, gzip", "gzip, identity",
    ])
    func contentEncodingRefused(_ coding: String) async throws {
        let bomb = Self.gzipBomb
        #expect(bomb.count > 50_000 && bomb.count < 1_000_000 && bomb.prefix(2) == [0x1F, 0x8B])
        let server = try await TestServer { _ in .respond(status: 200, headers: [("Content-Encoding", coding)], body: bomb) }
        // Refused at the head: the body (which would inflate to 100 MiB) is never read, let alone decoded.
        await #expect(throws: GuardedHTTPError(.contentEncodingRefused, "")) { try await Self.client(for: server).get(server.url("/bomb")) }
        await server.stop()
    }

    @Test("A transfer coding other than chunked is refused")
    func transferCodingRefused() async throws {
        let server = try await TestServer { _ in
            .respond(status: 200, headers: [("Transfer-Encoding", "gzip, chunked")], body: Array("5\r\nhello\r\n0\r\n\r\n".utf8), closeDelimited: true)
        }
        await #expect(throws: GuardedHTTPError(.contentEncodingRefused, "")) { try await Self.client(for: server).get(server.url("/")) }
        await server.stop()
    }

    @Test("Content-Encoding: identity is no coding, and is accepted")
    func identityCoding() async throws {
        let server = try await TestServer { _ in .respond(status: 200, headers: [("Content-Encoding", "identity")], body: [1, 2, 3]) }
        #expect(try await Self.client(for: server).get(server.url("/")).body == [1, 2, 3])
        await server.stop()
    }

    @Test("An announced length over the cap is refused before the body is read")
    func announcedTooLarge() async throws {
        let server = try await TestServer { _ in .respond(status: 200, headers: [("Content-Length", "10000000000")], body: [0x41]) }
        await #expect(throws: GuardedHTTPError(.responseTooLarge, "")) { try await Self.client(for: server).get(server.url("/huge")) }
        await server.stop()
    }

    @Test("A streamed body is cut at the cap: 1 GiB offered, the client stops after 1 MiB, memory bounded")
    func streamedTooLarge() async throws {
        let server = try await TestServer { _ in .stream(total: 1 << 30, chunk: 64 << 10) }
        let client = try Self.client(for: server) { $0.maximumBodyBytes = 1 << 20 }
        let before = residentBytes()
        let start = ContinuousClock.now
        await #expect(throws: GuardedHTTPError(.responseTooLarge, "")) { try await client.get(server.url("/stream")) }
        #expect(ContinuousClock.now - start < .seconds(8))
        // Loose on purpose (other suites share the process); 1 GiB buffered would be far over it.
        #expect(residentBytes() - before < 256 << 20, "memory grew past the cap")
        try await Task.sleep(for: .milliseconds(200))
        #expect(server.bytesSent < 64 << 20, "the client kept reading: \(server.bytesSent) bytes sent")
        await server.stop()
    }

    @Test("The cap is exact: cap bytes pass, cap + 1 bytes do not", arguments: [false, true])
    func capIsExact(announced: Bool) async throws {
        let cap = 4096
        let server = try await TestServer { path in
            let count = path == "/at" ? cap : cap + 1
            return .respond(status: 200, body: [UInt8](repeating: 0x42, count: count), closeDelimited: !announced)
        }
        let client = try Self.client(for: server) { $0.maximumBodyBytes = cap }
        #expect(try await client.get(server.url("/at")).body.count == cap)
        await #expect(throws: GuardedHTTPError(.responseTooLarge, "")) { try await client.get(server.url("/over")) }
        await server.stop()
    }

    @Test("The client enforces its total deadline: a server trickling a byte a second is cut off at 2 s")
    func trickleDeadline() async throws {
        let server = try await TestServer { _ in .trickle(count: 30, interval: .seconds(1)) }
        let client = try Self.client(for: server) { $0.deadline = .seconds(2) }
        let start = ContinuousClock.now
        await #expect(throws: GuardedHTTPError(.deadlineExceeded, "")) { try await client.get(server.url("/slow")) }
        let elapsed = ContinuousClock.now - start
        // Without the client's own deadline the fetch takes the full 30 s (each byte resets a read timeout).
        #expect(elapsed >= .milliseconds(1900) && elapsed < .seconds(10), "took \(elapsed)")
        await server.stop()
    }

    @Test("The deadline covers the lookup too")
    func lookupDeadline() async throws {
        var configuration = GuardedHTTPConfiguration()
        configuration.resolver = StalledResolver()
        configuration.deadline = .milliseconds(500)
        let start = ContinuousClock.now
        await #expect(throws: GuardedHTTPError(.deadlineExceeded, "")) {
            try await GuardedHTTPClient(configuration: configuration).get("https://slow-dns.test/list")
        }
        // The lookup takes 60 s: returning in well under that is the deadline at work. The margin
        // is wide because a loaded CI machine delays the deadline's wake-up by seconds.
        #expect(ContinuousClock.now - start < .seconds(30))
    }

    @Test("A status other than 2xx is an httpStatus error carrying the status")
    func httpStatus() async throws {
        let server = try await TestServer { _ in .respond(status: 404) }
        let client = try Self.client(for: server)
        do {
            _ = try await client.get(server.url("/missing"))
            Issue.record("a 404 was returned as a body")
        } catch {
            #expect(error.code == .httpStatus && error.status == 404)
        }
        await server.stop()
    }
}

/// The default resolver's lookup cannot be interrupted; the deadline must not wait for it.
@Suite("Guarded client: a blocking lookup and the deadline")
struct BlockingLookupTests {
    @Test("A lookup blocked for 20 s does not hold a 500 ms deadline")
    func blockedLookup() async throws {
        var configuration = GuardedHTTPConfiguration()
        configuration.resolver = SystemResolver(blocking: { _ in
            // It holds one of NIO's blocking-pool threads meanwhile: long enough to tell, no longer.
            Thread.sleep(forTimeInterval: 20)
            return []
        })
        configuration.deadline = .milliseconds(500)
        let start = ContinuousClock.now
        await #expect(throws: GuardedHTTPError(.deadlineExceeded, "")) {
            try await GuardedHTTPClient(configuration: configuration).get("https://blocked-dns.test/list")
        }
        // Well under the lookup's 20 s, with a margin for a loaded machine (a CI run took 3.6 s).
        #expect(ContinuousClock.now - start < .seconds(12), "the deadline waited for the lookup")
    }

    @Test("An answering blocking lookup is used")
    func answeringLookup() async throws {
        let resolver = SystemResolver(blocking: { _ in [IPAddress(v4: 127, 0, 0, 1)] })
        #expect(try await resolver.addresses(of: "wallet.test") == [IPAddress(v4: 127, 0, 0, 1)])
    }
}
