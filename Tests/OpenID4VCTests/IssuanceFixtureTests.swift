import Foundation
import OpenID4VC
import StrictJSON
import TestSupport
import Testing

/// The OpenID4VCI 1.0 and HAIP examples under `Fixtures/openid4vc/` (copied from the
/// specifications' repositories, Fixtures/README.md) read by this module's parsers.
@Suite("OpenID4VCI: the specifications' examples")
struct IssuanceFixtureTests {
    static func body(_ path: String) throws -> [UInt8] {
        let text = try Fixtures.text("openid4vc/\(path)")
        // An `http-json` example: the JSON after the head's blank line.
        guard text.hasPrefix("HTTP/"), let blank = text.range(of: "\n\n") else { return Array(text.utf8) }
        return Array(text[blank.upperBound...].utf8)
    }

    @Test("Every OpenID4VCI offer example parses, with its grants", arguments: [
        "OpenID4VCI/credential_offer_by_reference.json", "OpenID4VCI/credential_offer_multiple_credentials.json",
        "OpenID4VCI/credential_offer_pre-authz_code.json", "OpenID4VCI/credential_offer_authz_code.txt",
    ])
    func offers(_ path: String) throws {
        let offer = try CredentialOffer(json: try Self.body(path))
        #expect(offer.credentialIssuer == "https://credential-issuer.example.com" && !offer.credentialConfigurationIds.isEmpty)
        #expect(offer.preAuthorizedCode != nil || offer.authorizationCode?.issuerState != nil)
        if path.hasSuffix("by_reference.json") {
            // `"tx_code": {}`: a code is required, numeric by default.
            #expect(offer.preAuthorizedCode?.transactionCode == CredentialOffer.TransactionCode(inputMode: "numeric", length: nil, description: nil))
        }
        if path.hasSuffix("multiple_credentials.json") {
            #expect(offer.credentialConfigurationIds == ["UniversityDegreeCredential", "org.iso.18013.5.1.mDL"])
            #expect(offer.preAuthorizedCode?.transactionCode?.length == 4)
        }
        // The offer object round-trips.
        #expect(try CredentialOffer(json: JSONSerializer().serialize(offer.jsonValue)).jsonValue == offer.jsonValue)
    }

    @Test("HAIP's offer example uses the pre-1.0 `credentials` member: refused (credential_configuration_ids is required)")
    func haipDraftOffer() throws {
        #expect(throws: OpenID4VCError(.invalidMessage, "")) { try CredentialOffer(json: try Self.body("HAIP/credential_offer_sd_jwt_vc.json")) }
    }

    @Test("Every configuration example reads; the formats this wallet receives are the three it supports", arguments: [
        "credential_metadata_sd_jwt_vc.json", "credential_metadata_jwt_vc_json.json", "credential_metadata_ldp_vc.json", "credential_metadata_mso_mdoc.json",
    ])
    func configurations(_ file: String) throws {
        let supported = try #require(try Fixtures.json("openid4vc/OpenID4VCI/\(file)")["credential_configurations_supported"]?.objectValue)
        #expect(supported.count == 1)
        for member in supported {
            let configuration = try CredentialConfiguration(id: member.key, object: try #require(member.value.objectValue))
            switch configuration.format {
            case "dc+sd-jwt": #expect(configuration.vct == "SD_JWT_VC_example_in_OpenID4VCI" && configuration.proofSigningAlgorithms == ["ES256"])
            case "jwt_vc_json", "ldp_vc": #expect(configuration.types == ["VerifiableCredential", "UniversityDegreeCredential"])
            default:
                #expect(configuration.format == "mso_mdoc" && !CredentialConfiguration.supportedFormats.contains(configuration.format))
                #expect(configuration.signingAlgorithms.contains("-7"), "COSE algorithm numbers are read: \(configuration.signingAlgorithms)")
            }
            #expect(!configuration.display.isEmpty || configuration.credentialMetadata?["claims"] != nil || configuration.format == "mso_mdoc")
        }
    }

    @Test("The full metadata example reads: endpoints, authorization servers, display; it requires encryption, which this wallet reports")
    func fullMetadata() throws {
        let metadata = try CredentialIssuerMetadata(json: try Self.body("OpenID4VCI/credential_issuer_metadata_sd_jwt_long.json"),
                                                    expectedIssuer: "https://credential-issuer.example.com")
        #expect(metadata.credentialEndpoint.hasPrefix("https://") && metadata.nonceEndpoint != nil && metadata.deferredCredentialEndpoint != nil)
        #expect(!metadata.authorizationServers.isEmpty && !metadata.display.isEmpty)
        #expect(metadata.configuration("SD_JWT_VC_example_in_OpenID4VCI")?.format == "dc+sd-jwt")
        #expect(metadata.requiresResponseEncryption)
    }
}
