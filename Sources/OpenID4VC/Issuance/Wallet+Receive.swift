import DIDCore
import DIDResolvers
public import Logging
public import GuardedHTTP
import StrictJSON
import VerifiableCredentials
public import WalletCore
import WalletCrypto

/// What `Wallet.receive` stored.
public struct ReceiveResult: Sendable {
    /// The Credential Issuer Identifier.
    public let credentialIssuer: String
    /// The credentials stored, each verified and bound to the wallet key that was proven.
    public let stored: [StoredCredential]
    /// Deferred credentials that were not ready in time (§9).
    public let pending: [IssuanceClient.PendingCredential]
}

extension Wallet {
    /// Receives the credentials of a Credential Offer (OpenID4VCI 1.0) into this wallet's store.
    ///
    /// `offer` is the link or the offer object's JSON (``CredentialOfferLink``). The flow is
    /// ``IssuanceClient/receive(offer:options:holderKey:transactionCode:authorize:)`` over
    /// `client`; the holder key is a wallet key of the type the issuer takes (or
    /// ``ReceiveOptions/keyType``), of ``ReceiveOptions/holder`` or of a DID of the wallet with
    /// such a key (a did:key is created when there is none). Each credential is then verified
    /// (``ReceiveOptions/verifier``) and checked to be bound to that key — an SD-JWT VC's
    /// `cnf.jwk` is the key; a W3C credential's `credentialSubject.id` is the holder DID — and is
    /// in the format its configuration names; only when every credential passes are they stored,
    /// each with the issuer's display metadata (security requirement 47).
    ///
    /// - Parameters:
    ///   - offer: The offer link or JSON.
    ///   - options: What to request and how.
    ///   - client: The guarded client for every fetch.
    ///   - transactionCode: Supplies the Transaction Code when the offer asks for one (its text is
    ///     never logged or stored).
    ///   - authorize: Opens (or prints) the authorization URL, for offers that need the
    ///     authorization code flow.
    ///   - logger: Where the steps are logged (endpoints' origins and outcomes, never a code, token
    ///     or nonce); discards by default.
    /// - Throws: ``OpenID4VCError`` (``OpenID4VCError/Code/credentialNotVerified``,
    ///   ``OpenID4VCError/Code/bindingMismatch``, …); a wallet error as its code in the message.
    public func receive(offer: String, options: ReceiveOptions = ReceiveOptions(), client: GuardedHTTPClient,
                        transactionCode: @escaping @Sendable (CredentialOffer.TransactionCode) async -> String? = { _ in nil },
                        authorize: (@Sendable (String) async -> Void)? = nil,
                        logger: Logger = Logger(label: "OpenID4VC.issuance", factory: { _ in SwiftLogNoOpLogHandler() })) async throws(OpenID4VCError) -> ReceiveResult {
        let issuance = IssuanceClient(client: client, logger: logger)
        let parsed = try await issuance.offer(from: offer)
        let outcome = try await issuance.receive(
            offer: parsed, options: options,
            holderKey: { configuration, algorithm throws(OpenID4VCError) in try await self.holderKey(for: configuration, algorithm: algorithm, options: options) },
            transactionCode: transactionCode, authorize: authorize
        )
        let verifier = options.verifier ?? Verifier(resolver: DIDResolverRegistry.networked(web: DIDWebResolver(client: client)))
        for received in outcome.received {
            try await Self.check(received, verifier: verifier)
        }
        var stored: [StoredCredential] = []
        for received in outcome.received {
            let display = Self.display(received.configuration, metadata: outcome.metadata)
            do {
                stored.append(try await storeCredential(received.credential.bytes, verifier: verifier, display: display).0)
            } catch {
                throw OpenID4VCError(.credentialNotVerified, "the credential could not be stored: \(error.code): \(error.message)")
            }
        }
        return ReceiveResult(credentialIssuer: outcome.metadata.credentialIssuer, stored: stored, pending: outcome.pending)
    }

    /// Verifies `received`, then checks its format and its binding to the proven key.
    static func check(_ received: IssuanceClient.ReceivedCredential, verifier: Verifier) async throws(OpenID4VCError) {
        let report = await verifier.verify(received.credential)
        guard report.verified, report.kind == .credential || report.format == .sdJWT else {
            let reason = report.errors.first.map { "\($0.code): \($0.message)" } ?? "not a verifiable credential"
            throw OpenID4VCError(.credentialNotVerified, "the \(received.configuration.format) credential does not verify (\(reason))")
        }
        let format = report.format
        let expected: Bool
        switch received.configuration.format {
        case "dc+sd-jwt": expected = format == .sdJWT
        case "jwt_vc_json": expected = format == .jwtVC11 || format == .vcJWT
        default: expected = format?.cryptosuite != nil
        }
        guard expected else {
            throw OpenID4VCError(.credentialNotVerified, "a \(format?.rawValue ?? "unknown") credential came for a \(received.configuration.format) configuration")
        }
        let keyDID = DIDJWK.did(for: received.holderKey).description
        if received.configuration.format == "dc+sd-jwt" {
            // Verified above; a HAIP issuer's JWT carries x5c (decision 0036), read here for cnf only.
            guard case .compact(let text) = received.credential, let parts = try? SDJWT.Parts(parsing: text),
                  let jws = try? CompactJWS(parsing: parts.issuerJWT, allowing: ["x5c"]), let payload = try? JSONValue(parsing: jws.payload),
                  let jwk = payload["cnf"]?["jwk"], let bound = try? JWK(json: jwk).publicSigningKey() else {
                throw OpenID4VCError(.bindingMismatch, "the SD-JWT VC has no cnf.jwk key")
            }
            guard bound == received.holderKey else {
                throw OpenID4VCError(.bindingMismatch, "the SD-JWT VC is bound (cnf.jwk) to another key than the one the wallet proved")
            }
        } else {
            let subjects = report.statements?.subjectIds ?? []
            let accepted = Set([received.holderDID, keyDID].compactMap { $0 })
            guard !subjects.isEmpty, subjects.allSatisfy(accepted.contains) else {
                throw OpenID4VCError(.bindingMismatch, "the credential's subject is not the holder DID the wallet proved")
            }
        }
    }

    /// What is kept with the credential: the issuer, the configuration, and their display entries.
    static func display(_ configuration: CredentialConfiguration, metadata: CredentialIssuerMetadata) -> JSONValue {
        var object: JSONObject = ["credentialIssuer": .string(metadata.credentialIssuer), "configuration": .string(configuration.id),
                                  "format": .string(configuration.format)]
        if !metadata.display.isEmpty { object["issuerDisplay"] = .array(Array(metadata.display.prefix(16))) }
        if !configuration.display.isEmpty { object["credentialDisplay"] = .array(Array(configuration.display.prefix(16))) }
        return .object(object)
    }

    /// The signer of the key a credential of `configuration` is bound to.
    func holderKey(for configuration: CredentialConfiguration, algorithm: SignatureAlgorithm,
                   options: ReceiveOptions) async throws(OpenID4VCError) -> IssuanceClient.HolderKey {
        let keyType: KeyType = algorithm == .es256 ? .p256 : .ed25519
        let sdJWT = configuration.format == "dc+sd-jwt"
        let methods = configuration.bindingMethods
        let method: Wallet.DIDMethod = !sdJWT && methods.contains("did:jwk") && !methods.contains("did:key") ? .jwk : .key
        if !sdJWT && !methods.isEmpty && !methods.contains("did:key") && !methods.contains("did:jwk") && !methods.contains("jwk") {
            throw OpenID4VCError(.unsupportedConfiguration, "the configuration binds to \(methods.joined(separator: ", ")), none of which this wallet uses")
        }
        do {
            let info: DIDInfo
            if let holder = options.holder {
                info = try await did(holder)
                guard try await key(info.keyId).type == keyType else {
                    throw OpenID4VCError(.unsupportedConfiguration, "the holder \(info.did) has no \(keyType) key, which the issuer needs")
                }
            } else if let existing = try await firstDID(method: method, keyType: keyType) {
                info = existing
            } else {
                info = try await createDID(method: method, keyType: keyType)
            }
            let signer = try await signer(for: info.did.description)
            let useKid = !sdJWT && (methods.isEmpty || methods.contains("did:key") || methods.contains("did:jwk"))
            return IssuanceClient.HolderKey(signer: signer, reference: useKid ? .kid : .jwk, did: useKid ? info.did.description : nil)
        } catch let error as OpenID4VCError {
            throw error
        } catch {
            throw OpenID4VCError(.unsupportedConfiguration, "no holder key: \(error)")
        }
    }

    /// The wallet's first DID of `method` whose key is of `keyType`.
    private func firstDID(method: Wallet.DIDMethod, keyType: KeyType) async throws(WalletError) -> DIDInfo? {
        for info in try await dids() where info.method == method.rawValue {
            if try await key(info.keyId).type == keyType { return info }
        }
        return nil
    }
}
