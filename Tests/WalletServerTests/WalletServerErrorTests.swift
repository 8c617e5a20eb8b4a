import Foundation
import Testing
import WalletServer

@Suite struct WalletServerErrorTests {
    /// An app that shows `localizedDescription` shows the stable code first.
    @Test func localizedDescriptionStartsWithTheCode() {
        let error: any Error = WalletServerError(.bodyTooLarge, "over 64 KiB")
        #expect(error.localizedDescription == "bodyTooLarge: over 64 KiB")
    }
}
