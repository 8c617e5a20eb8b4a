import Logging
import Foundation
import StrictJSON
public import VerifiableCredentials
import WalletCore
import WalletCrypto

extension IssuanceClient {
    /// The key a credential is to be bound to: its signer (for the key proof), how the proof
    /// names it, and its DID when bound by DID.
    public struct HolderKey: Sendable {
        /// Signs the key proof; its public key is the one bound.
        public let signer: any Signer
        /// `jwk` (SD-JWT VC) or `kid` (a DID URL, W3C formats).
        public let reference: KeyProof.KeyReference
        /// The holder DID, for `kid` proofs.
        public let did: String?

        /// A holder key.
        public init(signer: any Signer, reference: KeyProof.KeyReference, did: String?) {
            self.signer = signer
            self.reference = reference
            self.did = did
        }
    }

    /// A credential as the issuer sent it, before it is verified and stored.
    public struct ReceivedCredential: Sendable {
        /// The configuration it was requested as.
        public let configuration: CredentialConfiguration
        /// The credential: compact (`dc+sd-jwt`, `jwt_vc_json`) or a JSON document (`ldp_vc`).
        public let credential: IssuedCredential
        /// The key the wallet proved, which the credential must be bound to.
        public let holderKey: PublicSigningKey
        /// The DID the proof named, if any.
        public let holderDID: String?
    }

    /// A deferred credential that was not ready in time.
    public struct PendingCredential: Sendable, Hashable {
        /// The configuration requested.
        public let configurationId: String
        /// The issuer's `transaction_id`.
        public let transactionId: String
    }

    /// What a run of the flow produced.
    public struct Outcome: Sendable {
        /// The offer taken.
        public let offer: CredentialOffer
        /// The issuer's metadata.
        public let metadata: CredentialIssuerMetadata
        /// The credentials received (not yet verified).
        public let received: [ReceivedCredential]
        /// The deferred credentials still pending.
        public let pending: [PendingCredential]
    }

    /// The whole flow for `offer` (§3.4, §3.5): issuer metadata (its `credential_issuer` must be
    /// the offer's), authorization server metadata, an access token — by the pre-authorized code
    /// (with the Transaction Code `transactionCode` supplies, never logged) or by the
    /// authorization code flow with PKCE S256 through a ``LoopbackRedirectListener`` (`authorize`
    /// gets the URL to open; the `state` that comes back must be the one sent) —, then for each
    /// configuration a `c_nonce`, a key proof with `holderKey`'s signer, and the credential request,
    /// polling deferred credentials for up to ``ReceiveOptions/deferredWait``.
    public func receive(
        offer: CredentialOffer, options: ReceiveOptions,
        holderKey: @Sendable (CredentialConfiguration, SignatureAlgorithm) async throws(OpenID4VCError) -> HolderKey,
        transactionCode: @Sendable (CredentialOffer.TransactionCode) async -> String?,
        authorize: (@Sendable (String) async -> Void)? = nil
    ) async throws(OpenID4VCError) -> Outcome {
        let metadata = try await issuerMetadata(for: offer.credentialIssuer)
        if metadata.requiresResponseEncryption {
            throw OpenID4VCError(.unsupportedConfiguration, "the issuer requires encrypted credential requests or responses, which this wallet does not send")
        }
        let wanted = options.configurationIds ?? offer.credentialConfigurationIds
        var configurations: [(CredentialConfiguration, SignatureAlgorithm)] = []
        for id in wanted {
            guard offer.credentialConfigurationIds.contains(id), let configuration = metadata.configuration(id) else {
                throw OpenID4VCError(.unsupportedConfiguration, "the configuration \(id.prefix(80)) is not both offered and in the issuer's metadata")
            }
            configurations.append((configuration, try Self.proofAlgorithm(for: configuration, keyType: options.keyType)))
        }
        let usePreAuthorized = offer.preAuthorizedCode != nil && !(options.preferAuthorizationCode && offer.authorizationCode != nil)
        let hint = usePreAuthorized ? offer.preAuthorizedCode?.authorizationServer : offer.authorizationCode?.authorizationServer
        let server = try Self.authorizationServer(metadata: metadata, hint: hint)
        let serverMetadata = try await authorizationServerMetadata(for: server)
        let token: Token
        if usePreAuthorized, let grant = offer.preAuthorizedCode {
            var form: [(String, String)] = [("grant_type", CredentialOffer.preAuthorizedCodeGrantType), ("pre-authorized_code", grant.code)]
            if let spec = grant.transactionCode {
                guard let code = await transactionCode(spec), !code.isEmpty else {
                    throw OpenID4VCError(.transactionCodeRequired, "the offer requires a transaction code (tx_code) and none was given")
                }
                form.append(("tx_code", code))
            }
            if !serverMetadata.anonymousPreAuthorizedAccess { form.append(("client_id", options.clientId)) }
            token = try await self.token(endpoint: serverMetadata.tokenEndpoint, form: form)
        } else {
            guard let authorize else {
                throw OpenID4VCError(.authorizationFailed, "the offer needs the authorization code flow and no way to open the authorization URL was given")
            }
            token = try await authorizationCodeToken(
                offer: offer, metadata: metadata, server: serverMetadata, configurationIds: wanted, options: options, open: authorize)
        }
        var received: [ReceivedCredential] = []
        var pending: [PendingCredential] = []
        for (configuration, algorithm) in configurations {
            let holder = try await holderKey(configuration, algorithm)
            guard holder.signer.publicKey.algorithm == algorithm else {
                throw OpenID4VCError(.unsupportedConfiguration, "the holder key signs \(holder.signer.publicKey.algorithm), not \(algorithm)")
            }
            var response = try await requestCredential(configuration: configuration, metadata: metadata, token: token, holder: holder,
                                                       clientId: serverMetadata.anonymousPreAuthorizedAccess && usePreAuthorized ? nil : options.clientId)
            let deadline = ContinuousClock.now + options.deferredWait
            while case .deferred(let transaction, let interval) = response {
                guard let endpoint = metadata.deferredCredentialEndpoint, ContinuousClock.now + .seconds(interval) <= deadline else {
                    pending.append(PendingCredential(configurationId: configuration.id, transactionId: transaction))
                    break
                }
                try? await Task.sleep(for: .seconds(interval))
                response = try await deferredCredential(endpoint: endpoint, token: token, transactionId: transaction)
            }
            guard case .issued(let credentials) = response else { continue }
            for credential in credentials {
                let issued: IssuedCredential = credential.stringValue.map { .compact($0) } ?? .document(credential)
                received.append(ReceivedCredential(configuration: configuration, credential: issued, holderKey: holder.signer.publicKey,
                                                   holderDID: holder.did))
            }
        }
        logger.info("issuance finished", metadata: ["received": "\(received.count)", "pending": "\(pending.count)"])
        return Outcome(offer: offer, metadata: metadata, received: received, pending: pending)
    }

    /// A nonce (when the issuer has a Nonce Endpoint), a key proof, the credential request; one
    /// retry with a fresh nonce when the issuer answers `invalid_nonce`.
    private func requestCredential(configuration: CredentialConfiguration, metadata: CredentialIssuerMetadata, token: Token, holder: HolderKey,
                                   clientId: String?) async throws(OpenID4VCError) -> CredentialResponse {
        var attempt = 0
        while true {
            attempt += 1
            let nonce = try await metadata.nonceEndpoint.asyncMap { endpoint throws(OpenID4VCError) in try await self.nonce(endpoint: endpoint) }
            let proof = try await KeyProof.sign(signer: holder.signer, audience: metadata.credentialIssuer, nonce: nonce, clientId: clientId,
                                                key: holder.reference)
            var body: JSONObject = [:]
            if let identifier = token.credentialIdentifiers[configuration.id]?.first {
                body["credential_identifier"] = .string(identifier)
            } else {
                body["credential_configuration_id"] = .string(configuration.id)
            }
            body["proofs"] = ["jwt": [.string(proof)]]
            do {
                return try await credential(endpoint: metadata.credentialEndpoint, token: token, body: .object(body))
            } catch where error.code == .peerError && error.message.contains("invalid_nonce") && attempt == 1 {
                continue
            }
        }
    }

    /// EdDSA or ES256, as `keyType` asks or the configuration's `jwt` proof algorithms allow
    /// (EdDSA first).
    static func proofAlgorithm(for configuration: CredentialConfiguration, keyType: KeyType?) throws(OpenID4VCError) -> SignatureAlgorithm {
        guard CredentialConfiguration.supportedFormats.contains(configuration.format) else {
            throw OpenID4VCError(.unsupportedConfiguration, "the configuration \(configuration.id.prefix(80)) is \(configuration.format.prefix(40)), not one of \(CredentialConfiguration.supportedFormats.joined(separator: ", "))")
        }
        guard let listed = configuration.proofSigningAlgorithms else {
            throw OpenID4VCError(.unsupportedConfiguration, "the configuration \(configuration.id.prefix(80)) takes no jwt key proof, so its credential would not be bound to a wallet key")
        }
        let candidates: [SignatureAlgorithm]
        switch keyType {
        case .ed25519: candidates = [.eddsa]
        case .p256: candidates = [.es256]
        case .secp256k1: candidates = []
        case nil: candidates = [.eddsa, .es256]
        }
        guard let algorithm = candidates.first(where: { listed.contains($0.rawValue) }) else {
            throw OpenID4VCError(.unsupportedConfiguration, "the issuer takes key proofs in \(listed.joined(separator: ", ")), none of which this wallet's \(keyType.map { "\($0) " } ?? "")keys sign")
        }
        return algorithm
    }

    /// The authorization server: the offer's hint (which must be listed), the first listed, or the
    /// issuer itself (§12.2.4).
    static func authorizationServer(metadata: CredentialIssuerMetadata, hint: String?) throws(OpenID4VCError) -> String {
        if let hint {
            guard metadata.authorizationServers.contains(hint) else {
                throw OpenID4VCError(.issuerMismatch, "the offer's authorization_server is not one of the issuer's authorization_servers")
            }
            return hint
        }
        return metadata.authorizationServers.first ?? metadata.credentialIssuer
    }
}

extension Optional {
    /// `map` with an async, typed-throwing transform.
    func asyncMap<T, E: Error>(_ transform: (Wrapped) async throws(E) -> T) async throws(E) -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
