import Foundation
import Logging
import DIDCore
public import StrictJSON
import WalletCrypto

extension CredentialIssuerService {
    /// The grant an offer carries.
    public enum OfferGrant: Sendable {
        /// A pre-authorized code (§4.1.1), with a Transaction Code the user must type when given.
        case preAuthorizedCode(transactionCode: String?)
        /// The authorization code flow, with an `issuer_state` naming this offer (§4.1.1, §5.1.3).
        case authorizationCode
    }

    /// An offer made by ``createOffer(configurationIds:claims:grant:disclosable:byReference:deferral:)``.
    public struct CreatedOffer: Sendable {
        /// The offer object.
        public let offer: CredentialOffer
        /// The link a wallet opens: `openid-credential-offer://?credential_offer=…` (by value) or
        /// `…?credential_offer_uri=…` (by reference).
        public let uri: String
        /// The offer's id (the last segment of its `credential_offer_uri`).
        public let id: String
    }

    /// Prepares an offer of `configurationIds` about `claims`: stores what it authorizes under a
    /// fresh pre-authorized code (with the salted SHA-256 of the Transaction Code, never the code)
    /// or `issuer_state`, expiring after ``Configuration/offerLifetime``.
    /// - Parameters:
    ///   - configurationIds: Configurations of this issuer.
    ///   - claims: The subject's claims (for the W3C formats, `credentialSubject` without `id`).
    ///   - grant: Pre-authorized (with an optional Transaction Code) or authorization code.
    ///   - disclosable: The SD-JWT VC claims made selectively disclosable (`nil`: every top-level claim).
    ///   - byReference: Whether the link carries a `credential_offer_uri` rather than the offer.
    ///   - deferral: When set, the credential endpoint defers issuance (§9) and the credential is
    ///     ready this long after the request.
    /// - Throws: ``OpenID4VCError/Code/unsupportedConfiguration`` for an id the issuer does not offer.
    public func createOffer(configurationIds: [String], claims: JSONObject, grant: OfferGrant = .preAuthorizedCode(transactionCode: nil),
                            disclosable: [String]? = nil, byReference: Bool = false, deferral: Duration? = nil) async throws(OpenID4VCError) -> CreatedOffer {
        guard !configurationIds.isEmpty, configurationIds.count <= CredentialOffer.maximumConfigurations else {
            throw OpenID4VCError(.unsupportedConfiguration, "an offer names 1 to \(CredentialOffer.maximumConfigurations) configurations")
        }
        for id in configurationIds where !configuration.configurations.contains(where: { $0.id == id }) {
            throw OpenID4VCError(.unsupportedConfiguration, "this issuer does not offer the configuration \(id)")
        }
        let record = IssuanceGrant(configurationIds: configurationIds, claims: claims, disclosable: disclosable,
                                   deferralSeconds: deferral.map { Int($0.components.seconds) })
        let offer: CredentialOffer
        switch grant {
        case .preAuthorizedCode(let transactionCode):
            let code = Self.randomValue()
            var object = record.jsonObject
            var transaction: CredentialOffer.TransactionCode?
            if let transactionCode {
                let salt = SecureRandom.bytes(count: 16)
                object["txSalt"] = .string(Base64URL.encode(salt))
                object["txHash"] = .string(Base64URL.encode(Self.transactionCodeHash(transactionCode, salt: salt)))
                let numeric = transactionCode.allSatisfy { $0.isASCII && $0.isNumber }
                transaction = CredentialOffer.TransactionCode(
                    inputMode: numeric ? "numeric" : "text", length: transactionCode.count, description: "The code the issuer sent you")
            }
            object["attempts"] = 0
            object["expires"] = .number(JSONNumber(Int(now().timeIntervalSince1970) + Int(configuration.offerLifetime.components.seconds)))
            try await store.put(.preAuthorizedCode, key: code, value: .object(object), lifetime: configuration.offerLifetime)
            offer = CredentialOffer(
                credentialIssuer: configuration.credentialIssuer, credentialConfigurationIds: configurationIds,
                preAuthorizedCode: .init(code: code, transactionCode: transaction, authorizationServer: nil)
            )
        case .authorizationCode:
            guard configuration.servesAuthorizationEndpoint else {
                throw OpenID4VCError(.unsupportedConfiguration, "this issuer does not serve an authorization endpoint")
            }
            let state = Self.randomValue()
            try await store.put(.issuerState, key: state, value: .object(record.jsonObject), lifetime: configuration.offerLifetime)
            offer = CredentialOffer(
                credentialIssuer: configuration.credentialIssuer, credentialConfigurationIds: configurationIds,
                authorizationCode: .init(issuerState: state, authorizationServer: nil)
            )
        }
        let id = Self.randomValue()
        let link: String
        if byReference {
            try await store.put(.offer, key: id, value: offer.jsonValue, lifetime: configuration.offerLifetime)
            link = "openid-credential-offer://?credential_offer_uri=" + FormEncoding.escape(url(.offers) + id)
        } else {
            link = "openid-credential-offer://?credential_offer=" + FormEncoding.escape(offer.jsonValue.compactString)
        }
        logger.info("offer created", metadata: ["configurations": "\(configurationIds)", "byReference": "\(byReference)"])
        return CreatedOffer(offer: offer, uri: link, id: id)
    }

    /// `GET /offers/<id>`: the offer object (`application/json`, §4.1.3), or 404.
    public func offer(id: String) async -> OpenIDHTTPResponse {
        guard id.utf8.count <= 64, let value = try? await store.read(.offer, key: id) else { return OpenIDHTTPResponse(status: 404) }
        return .json(value)
    }

    /// SHA-256 of the salt and the code's UTF-8 bytes.
    static func transactionCodeHash(_ code: String, salt: [UInt8]) -> [UInt8] {
        WalletCrypto.SHA256.hash(salt + Array(code.utf8))
    }
}
