import Foundation
import OpenID4VC
import StrictJSON
import Testing
import TestSupport
@testable import WalletServer

/// The credential configurations `wallet offer create` registers for `wallet serve --issuer`
/// (decision 0039): ids derived from the kind, stable, distinct per kind, bounded in number,
/// read back as the issuer publishes them.
@Suite struct IssuerConfigurationRegistryTests {
    static let vct = "https://credentials.example.com/identity_credential"

    @Test("The same kind registers once under the same id; other kinds get other ids; all are read back in id order")
    func registerAndRead() throws {
        let state = try ServerStateDatabase.inMemory()
        #expect(try state.issuerConfigurations().isEmpty)
        let sdJWT = try state.registerIssuerConfiguration(format: "dc+sd-jwt", vct: Self.vct, types: [], contexts: [])
        let again = try state.registerIssuerConfiguration(format: "dc+sd-jwt", vct: Self.vct, types: [], contexts: [])
        #expect(sdJWT.id == again.id && sdJWT.id.hasPrefix("identity_credential-sd-jwt-") && sdJWT.id.count == "identity_credential-sd-jwt-".count + 16)
        let otherVCT = try state.registerIssuerConfiguration(format: "dc+sd-jwt", vct: Self.vct + "2", types: [], contexts: [])
        let jwt = try state.registerIssuerConfiguration(format: "jwt_vc_json", vct: nil, types: ["VerifiableCredential", "IdentityCredential"], contexts: [])
        let ldp = try state.registerIssuerConfiguration(format: "ldp_vc", vct: nil, types: ["VerifiableCredential", "IdentityCredential"],
                                                        contexts: ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"])
        #expect(Set([sdJWT.id, otherVCT.id, jwt.id, ldp.id]).count == 4)
        let read = try state.issuerConfigurations()
        #expect(read.map(\.id) == [sdJWT.id, otherVCT.id, jwt.id, ldp.id].sorted())
        let readLDP = try #require(read.first { $0.id == ldp.id })
        #expect(readLDP.format == "ldp_vc" && readLDP.types == ["VerifiableCredential", "IdentityCredential"])
        #expect(readLDP.contexts == ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"])
        #expect(read.first { $0.id == sdJWT.id }?.vct == Self.vct)
        #expect(readLDP.display.first?["name"] == "IdentityCredential")
    }

    @Test("An id whose stored entry describes another kind (a digest collision, an edited file) is refused, never reused")
    func storedEntryMustMatch() throws {
        let state = try ServerStateDatabase.inMemory()
        let sdJWT = try state.registerIssuerConfiguration(format: "dc+sd-jwt", vct: Self.vct, types: [], contexts: [])
        let other = try state.registerIssuerConfiguration(format: "dc+sd-jwt", vct: Self.vct + "2", types: [], contexts: [])
        // The entry under sdJWT's id now holds the other kind, as a collision would leave it.
        let otherEntry = try #require(try state.setting(ServerStateDatabase.issuerConfigurationPrefix + other.id))
        try state.setSetting(ServerStateDatabase.issuerConfigurationPrefix + sdJWT.id, otherEntry)
        #expect(throws: WalletServerError(.identifierInUse, "")) {
            _ = try state.registerIssuerConfiguration(format: "dc+sd-jwt", vct: Self.vct, types: [], contexts: [])
        }
    }

    @Test("Names are cut to 40 safe characters; a vct of odd characters still gives a usable id")
    func readableIds() throws {
        let state = try ServerStateDatabase.inMemory()
        let odd = try state.registerIssuerConfiguration(format: "dc+sd-jwt", vct: "https://x.example/a b\"c%2F" + String(repeating: "z", count: 80),
                                                        types: [], contexts: [])
        let name = try #require(odd.id.components(separatedBy: "-sd-jwt-").first)
        #expect(name.count == 40 && name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || "0123456789._-".unicodeScalars.contains($0)) })
    }

    @Test("At most 256 configurations: the 257th kind is stateFull, a registered one still registers")
    func bounded() throws {
        let state = try ServerStateDatabase.inMemory()
        var first: CredentialConfiguration?
        for index in 0..<ServerStateDatabase.maximumIssuerConfigurations {
            let registered = try state.registerIssuerConfiguration(format: "dc+sd-jwt", vct: "\(Self.vct)/\(index)", types: [], contexts: [])
            if first == nil { first = registered }
        }
        #expect(throws: WalletServerError(.stateFull, "")) {
            try state.registerIssuerConfiguration(format: "dc+sd-jwt", vct: "\(Self.vct)/more", types: [], contexts: [])
        }
        #expect(try state.registerIssuerConfiguration(format: "dc+sd-jwt", vct: "\(Self.vct)/0", types: [], contexts: []).id == first?.id)
        #expect(try state.issuerConfigurations().count == ServerStateDatabase.maximumIssuerConfigurations)
    }

    @Test("A damaged entry is skipped, not a crash; the prefix is matched exactly (no LIKE wildcards)")
    func damagedAndPrefix() throws {
        let state = try ServerStateDatabase.inMemory()
        let good = try state.registerIssuerConfiguration(format: "jwt_vc_json", vct: nil, types: ["VerifiableCredential", "T"], contexts: [])
        try state.setSetting("issuerConfiguration:broken", "not json")
        try state.setSetting("issuerConfiguration:noformat", #"{"vct":"x"}"#)
        try state.setSetting("issuerConfigurationXevil", #"{"format":"jwt_vc_json"}"#)
        try state.setSetting("issuer_configuration:evil", #"{"format":"jwt_vc_json"}"#)
        #expect(try state.issuerConfigurations().map(\.id) == [good.id])
        #expect(try state.settings(withPrefix: "issuer_").map(\.name) == ["issuer_configuration:evil"])
        try state.removeSetting("issuer_configuration:evil")
        #expect(try state.settings(withPrefix: "issuer_").isEmpty)
    }
}
