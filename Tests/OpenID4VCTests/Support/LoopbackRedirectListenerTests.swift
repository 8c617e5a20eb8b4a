import Foundation
import GuardedHTTP
import OpenID4VC
import Testing

/// The loopback redirect listener of the authorization code flow (RFC 8252 §7.3).
@Suite("Loopback redirect listener")
struct LoopbackRedirectListenerTests {
    static func client(_ listener: LoopbackRedirectListener) throws -> GuardedHTTPClient {
        var configuration = GuardedHTTPConfiguration()
        configuration.allowedHosts = [try AllowedHost(parsing: "127.0.0.1:\(listener.port)")]
        return GuardedHTTPClient(configuration: configuration)
    }

    @Test("Other paths get 404 and do not end the wait; the redirect's query comes back decoded; then the listener is closed")
    func redirect() async throws {
        let listener = try LoopbackRedirectListener()
        #expect(listener.redirectURI.hasPrefix("http://127.0.0.1:\(listener.port)/callback/") && listener.path.count > "/callback/".count + 10)
        let waiting = Task { try await listener.waitForRedirect(timeout: .seconds(20)) }
        let client = try Self.client(listener)
        let stray = try await client.send(GuardedHTTPRequest(url: "http://127.0.0.1:\(listener.port)/favicon.ico", errorStatusesReturned: true))
        #expect(stray.status == 404)
        let page = try await client.get(listener.redirectURI + "?code=c%2F1&state=s+2")
        #expect(String(decoding: page.body, as: UTF8.self).contains("You can close this window"))
        #expect(try await waiting.value == ["code": "c/1", "state": "s 2"])
        await #expect(throws: GuardedHTTPError.self) { try await client.get(listener.redirectURI) }
    }

    @Test("No redirect before the deadline: authorizationFailed")
    func deadline() async throws {
        let listener = try LoopbackRedirectListener()
        await #expect(throws: OpenID4VCError(.authorizationFailed, "")) { try await listener.waitForRedirect(timeout: .milliseconds(200)) }
    }

    @Test("After 16 requests to other paths the listener gives up (a page cannot keep it open)")
    func tooManyStrays() async throws {
        let listener = try LoopbackRedirectListener()
        let waiting = Task { () -> OpenID4VCError? in
            do throws(OpenID4VCError) { _ = try await listener.waitForRedirect(timeout: .seconds(30)); return nil } catch { return error }
        }
        let client = try Self.client(listener)
        for index in 0..<LoopbackRedirectListener.maximumConnections {
            _ = try? await client.send(GuardedHTTPRequest(url: "http://127.0.0.1:\(listener.port)/stray\(index)", errorStatusesReturned: true))
        }
        #expect(await waiting.value?.code == .authorizationFailed)
    }
}
