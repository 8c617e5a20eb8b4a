import Foundation
import OpenID4VC
import Testing

@Suite struct OpenID4VCErrorTests {
    /// An app that shows `localizedDescription` shows the stable code first.
    @Test func localizedDescriptionStartsWithTheCode() {
        let error: any Error = OpenID4VCError(.peerError, "invalid_grant")
        #expect(error.localizedDescription == "peerError: invalid_grant")
        #expect(OpenID4VCError(.peerError, "a") == OpenID4VCError(.peerError, "b"))
        #expect(OpenID4VCError(.peerError, "a") != OpenID4VCError(.invalidMessage, "a"))
    }
}
