import Foundation
import WalletKeystore
import TestSupport
import Testing
import WalletCore
import WalletCrypto

/// Where the CLI keeps a wallet (`WalletLocation`, a CLI setting that lives in WalletCore).
@Suite("Wallet location and permissions")
struct WalletLocationTests {
    @Test("Wider modes than 0700 / 0600 are reported")
    func permissionWarnings() async throws {
        let directory = TemporaryDirectory("modes")
        defer { directory.remove() }
        let wallet = directory.appending("wallet")
        let keystore = try Keystore.create(at: wallet, passphrase: Passphrase("p"), parameters: TestKDF.parameters, policy: TestKDF.policy)
        try await keystore.close()
        let manager = FileManager.default
        #expect(WalletLocation.databaseURL(in: wallet) == Keystore.databaseURL(in: wallet))
        #expect(WalletLocation.permissionWarnings(for: wallet).isEmpty)
        try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wallet.path)
        try manager.setAttributes([.posixPermissions: 0o644], ofItemAtPath: WalletLocation.databaseURL(in: wallet).path)
        #expect(WalletLocation.permissionWarnings(for: wallet).count == 2)
    }

    @Test("Wallet location: --wallet, then WALLET_HOME, then XDG_DATA_HOME, then ~/.local/share")
    func location() {
        #expect(WalletLocation.directory(explicit: "/a", environment: ["WALLET_HOME": "/b"]).path == "/a")
        #expect(WalletLocation.directory(explicit: nil, environment: ["WALLET_HOME": "/b", "XDG_DATA_HOME": "/c"]).path == "/b")
        #if os(Linux)
        #expect(WalletLocation.directory(explicit: nil, environment: ["XDG_DATA_HOME": "/c", "HOME": "/h"]).path == "/c/wallet")
        #expect(WalletLocation.directory(explicit: nil, environment: ["HOME": "/h"]).path == "/h/.local/share/wallet")
        #endif
    }

    @Test("The --kdf presets map to libsodium's limits; moderate is the default")
    func presets() {
        #expect(KDFPreset.default == .moderate)
        #expect(KDFPreset.allCases.map(\.parameters) == [.interactive, .moderate, .sensitive])
    }
}
