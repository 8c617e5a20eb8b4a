import StrictJSON
public import WalletCrypto

/// The `did:key` method (W3C CCG did:key v0.7): the DID is the multibase base58btc of the
/// multicodec-prefixed public key, and the document is derived from it without any lookup.
///
/// Ed25519 keys (`z6Mk…`) resolve to a document with the Ed25519 method under
/// `authentication`, `assertionMethod`, `capabilityInvocation` and `capabilityDelegation`, and
/// the X25519 key derived from it under `keyAgreement` (§3.1.5, "Encryption Method Creation") —
/// unless resolved for signature verification (``DIDResolutionOptions/signatureVerification``),
/// which never uses that key and leaves its derivation out (decision 0017).
/// Bare X25519 keys (`z6LS…`) resolve to a key-agreement-only document. ECDSA keys — P-256
/// (`zDn…`), P-384 (`z82…`), secp256k1 (`zQ3s…`), compressed SEC 1 points — resolve to one method
/// under the four signing relationships and, unless resolved for signature verification, under
/// `keyAgreement` too (the curves do ECDH with the same key, as the did:key vectors show).
public enum DIDKey {
    /// The method name, `key`.
    public static let methodName = "key"

    /// How verification methods are written in the resolved document.
    public enum Representation: String, Sendable, CaseIterable, Hashable {
        /// `Multikey` with `publicKeyMultibase`, DID v1.1 context (the current did:key spec; default).
        case multikey
        /// `Ed25519VerificationKey2020` / `X25519KeyAgreementKey2020` with `publicKeyMultibase`.
        case ed25519VerificationKey2020 = "ed25519-2020"
        /// `Ed25519VerificationKey2018` / `X25519KeyAgreementKey2019` with `publicKeyBase58`.
        case ed25519VerificationKey2018 = "ed25519-2018"
        /// `JsonWebKey2020` with `publicKeyJwk`.
        case jsonWebKey2020 = "jwk"
    }

    /// The did:key of an Ed25519 public key: `did:key:z` + base58btc(0xed01 || key).
    public static func did(for publicKey: Ed25519.PublicKey) -> DID {
        DID(uncheckedMethod: methodName, methodSpecificId: multibase(publicKey))
    }

    /// The did:key of a signing key: `did:key:` + its Multikey encoding (``Multikey/encode(_:)``).
    public static func did(for publicKey: PublicSigningKey) -> DID {
        DID(uncheckedMethod: methodName, methodSpecificId: Multikey.encode(publicKey))
    }

    /// The did:key of an X25519 public key: `did:key:z` + base58btc(0xec01 || key).
    public static func did(for publicKey: X25519.PublicKey) -> DID {
        DID(uncheckedMethod: methodName, methodSpecificId: multibase(publicKey))
    }

    /// `z` base58btc of `0xed01 || key`, the Multikey encoding of an Ed25519 public key.
    public static func multibase(_ publicKey: Ed25519.PublicKey) -> String {
        Multibase.base58btc.encode(Multicodec.ed25519Public.prefixing(publicKey.rawRepresentation))
    }

    /// `z` base58btc of `0xec01 || key`, the Multikey encoding of an X25519 public key.
    public static func multibase(_ publicKey: X25519.PublicKey) -> String {
        Multibase.base58btc.encode(Multicodec.x25519Public.prefixing(publicKey.rawRepresentation))
    }

    /// The key a did:key encodes.
    public enum PublicKey: Hashable, Sendable {
        /// An Ed25519 public key (multicodec `0xed`, `z6Mk…`).
        case ed25519(Ed25519.PublicKey)
        /// An X25519 public key (multicodec `0xec`, `z6LS…`).
        case x25519(X25519.PublicKey)
        /// A P-256 public key (multicodec `0x1200`, `zDn…`).
        case p256(P256.PublicKey)
        /// A P-384 public key (multicodec `0x1201`, `z82…`).
        case p384(P384.PublicKey)
        /// A secp256k1 public key (multicodec `0xe7`, `zQ3s…`).
        case secp256k1(Secp256k1.PublicKey)

        /// The key as a signing key; `nil` for an X25519 key.
        public var signingKey: PublicSigningKey? {
            switch self {
            case .ed25519(let key): .ed25519(key)
            case .x25519: nil
            case .p256(let key): .p256(key)
            case .p384(let key): .p384(key)
            case .secp256k1(let key): .secp256k1(key)
            }
        }
    }

    /// Decodes the key of a did:key (did:key §3.1.2 "Decode Public Key Algorithm").
    ///
    /// - `invalidDid`: not `did:key`, or not a `z` multibase identifier.
    /// - `invalidPublicKey`: bad base58, bad varint, unknown codec, wrong key length, or an ECDSA
    ///   key that is not a compressed point on its curve.
    ///   (Whether an Ed25519 key is a valid point is checked by
    ///   ``document(for:representation:encryptionKeyDerivation:)`` when it derives the X25519 key.)
    /// - `methodNotSupported`: a well-formed key of a type this library does not support
    ///   (P-521, BLS12-381, RSA...).
    public static func publicKey(of did: DID) throws(DIDError) -> PublicKey {
        guard did.method == methodName else { throw DIDError(.invalidDid, "\(did) is not a did:key") }
        let identifier = did.methodSpecificId
        guard identifier.first == "z" else {
            throw DIDError(.invalidDid, "a did:key identifier is base58btc multibase and starts with 'z'")
        }
        let bytes: [UInt8]
        let code: UInt64
        let body: ArraySlice<UInt8>
        do {
            bytes = try Base58.decode(utf8: Array(identifier.utf8.dropFirst()))
            (code, body) = try Multicodec.split(bytes)
        } catch {
            throw DIDError(.invalidPublicKey, "cannot decode the did:key identifier: \(error.message)")
        }
        switch code {
        case Multicodec.ed25519Public.code:
            guard body.count == Ed25519.publicKeyLength else {
                throw DIDError(.invalidPublicKey, "an ed25519-pub key has 32 bytes, got \(body.count)")
            }
            // The point itself is checked when the document is built (the X25519 conversion
            // refuses invalid and small-order points) and by every signature verification, which
            // rejects small-order keys; decoding stays cheap for the verification hot path.
            return .ed25519(try! Ed25519.PublicKey(rawRepresentation: Array(body)))  // length checked
        case Multicodec.x25519Public.code:
            guard body.count == X25519.keyLength else {
                throw DIDError(.invalidPublicKey, "an x25519-pub key has 32 bytes, got \(body.count)")
            }
            return .x25519(try! X25519.PublicKey(rawRepresentation: Array(body)))
        case Multicodec.p256Public.code, Multicodec.p384Public.code, Multicodec.secp256k1Public.code:
            switch try Multikey.key(code: code, body: body) {
            case .p256(let key): return .p256(key)
            case .p384(let key): return .p384(key)
            case .secp256k1(let key): return .secp256k1(key)
            case .ed25519(let key): return .ed25519(key)  // not reached: the codes above are ECDSA
            }
        default:
            if let codec = Multicodec.known(code: code), codec != .ed25519Private {
                throw DIDError(.methodNotSupported, "did:key with \(codec.name) keys is not supported (supported: ed25519-pub, x25519-pub, p256-pub, p384-pub, secp256k1-pub)")
            }
            throw DIDError(.invalidPublicKey, "multicodec 0x\(String(code, radix: 16)) is not a public key type")
        }
    }

    /// The DID document of a did:key (did:key §3.1.3 "Document Creation Algorithm").
    ///
    /// - Parameter encryptionKeyDerivation: the spec's `enableEncryptionKeyDerivation` option.
    ///   `true` (the default, and what `wallet did resolve` shows) adds the X25519 key derived from
    ///   an Ed25519 key under `keyAgreement` and refuses an Ed25519 key that is not a valid
    ///   prime-order point (`invalidPublicKey`, decision 0003). `false` leaves both out — the
    ///   conversion costs about as much as a signature verification and verifying a signature
    ///   never uses the key-agreement key (decision 0017); the Ed25519 methods are the same.
    /// - Parameter did: The did:key whose document is derived.
    /// - Parameter representation: How the verification methods are written (`Multikey` unless stated).
    public static func document(for did: DID, representation: Representation = .multikey,
                                encryptionKeyDerivation: Bool = true) throws(DIDError) -> DIDDocument {
        let key = try publicKey(of: did)
        let identifier = did.methodSpecificId
        let controller = did.description
        switch key {
        case .ed25519(let edKey):
            let edMethod = method(id: "\(controller)#\(identifier)", controller: controller, ed25519: edKey, multibase: identifier, representation)
            let reference = VerificationMethodReference.reference(edMethod.id)
            var document = DIDDocument(context: context(for: representation, hasEd25519: true, hasKeyAgreement: encryptionKeyDerivation), id: did)
            document.verificationMethod = [edMethod]
            for relationship in [VerificationRelationship.authentication, .assertionMethod, .capabilityDelegation, .capabilityInvocation] {
                document[relationship] = [reference]
            }
            guard encryptionKeyDerivation else { return document }
            let xMethod = try keyAgreementMethod(for: edKey, controller: controller, representation)
            if representation == .multikey {
                // The current spec embeds the derived key-agreement method.
                document[.keyAgreement] = [.embedded(xMethod)]
            } else {
                document.verificationMethod.append(xMethod)
                document[.keyAgreement] = [.reference(xMethod.id)]
            }
            return document
        case .x25519(let xKey):
            let xMethod = method(id: "\(controller)#\(identifier)", controller: controller, x25519: xKey, multibase: identifier, representation)
            var document = DIDDocument(context: context(for: representation, hasEd25519: false, hasKeyAgreement: true), id: did)
            document.verificationMethod = [xMethod]
            document[.keyAgreement] = [.reference(xMethod.id)]
            return document
        case .p256(let ecKey):
            return try ecdsaDocument(for: did, key: .p256(ecKey), representation: representation, keyAgreement: encryptionKeyDerivation)
        case .p384(let ecKey):
            return try ecdsaDocument(for: did, key: .p384(ecKey), representation: representation, keyAgreement: encryptionKeyDerivation)
        case .secp256k1(let ecKey):
            return try ecdsaDocument(for: did, key: .secp256k1(ecKey), representation: representation, keyAgreement: encryptionKeyDerivation)
        }
    }

    /// The document of an ECDSA did:key: one method (`Multikey`, or `JsonWebKey2020` with the EC
    /// JWK), named by the identifier, under the signing relationships and — the curve doing ECDH
    /// with the same key — `keyAgreement` unless `keyAgreement` is false. The Ed25519 2018/2020
    /// representations have no ECDSA form (`representationNotSupported`).
    private static func ecdsaDocument(for did: DID, key: PublicSigningKey, representation: Representation,
                                      keyAgreement: Bool) throws(DIDError) -> DIDDocument {
        let controller = did.description
        let id = "\(controller)#\(did.methodSpecificId)"
        let method: VerificationMethod
        switch representation {
        case .multikey:
            method = VerificationMethod(id: id, type: "Multikey", controller: controller, publicKeyMultibase: did.methodSpecificId)
        case .jsonWebKey2020:
            method = VerificationMethod(id: id, type: "JsonWebKey2020", controller: controller, publicKeyJwk: JWK(publicSigningKey: key))
        case .ed25519VerificationKey2020, .ed25519VerificationKey2018:
            throw DIDError(.representationNotSupported, "a \(key.curveName) did:key has no \(representation.rawValue) representation")
        }
        var document = DIDDocument(context: context(for: representation, hasEd25519: false, hasKeyAgreement: false), id: did)
        document.verificationMethod = [method]
        var relationships: [VerificationRelationship] = [.authentication, .assertionMethod, .capabilityDelegation, .capabilityInvocation]
        if keyAgreement { relationships.append(.keyAgreement) }
        for relationship in relationships { document[relationship] = [.reference(id)] }
        return document
    }

    /// The key-agreement method of an Ed25519 did:key (§3.1.5 "Encryption Method Creation"):
    /// the X25519 key converted from the Ed25519 key, named by its own multibase.
    private static func keyAgreementMethod(for edKey: Ed25519.PublicKey, controller: String,
                                           _ representation: Representation) throws(DIDError) -> VerificationMethod {
        // A valid Ed25519 point converts to X25519; invalid and small-order encodings do not.
        let xKey: X25519.PublicKey
        KeyAgreementDerivations.record()
        do { xKey = try edKey.x25519PublicKey() } catch {
            throw DIDError(.invalidPublicKey, "the ed25519-pub key is not a valid curve point")
        }
        let xMultibase = multibase(xKey)
        return method(id: "\(controller)#\(xMultibase)", controller: controller, x25519: xKey, multibase: xMultibase, representation)
    }

    private static func context(for representation: Representation, hasEd25519: Bool, hasKeyAgreement: Bool) -> JSONValue {
        switch representation {
        case .multikey:
            return ["https://www.w3.org/ns/did/v1.1"]
        case .ed25519VerificationKey2020:
            var contexts: [JSONValue] = ["https://www.w3.org/ns/did/v1"]
            if hasEd25519 { contexts.append("https://w3id.org/security/suites/ed25519-2020/v1") }
            if hasKeyAgreement { contexts.append("https://w3id.org/security/suites/x25519-2020/v1") }
            return .array(contexts)
        case .ed25519VerificationKey2018:
            var contexts: [JSONValue] = ["https://www.w3.org/ns/did/v1"]
            if hasEd25519 { contexts.append("https://w3id.org/security/suites/ed25519-2018/v1") }
            if hasKeyAgreement { contexts.append("https://w3id.org/security/suites/x25519-2019/v1") }
            return .array(contexts)
        case .jsonWebKey2020:
            return ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"]
        }
    }

    private static func method(id: String, controller: String, ed25519 key: Ed25519.PublicKey, multibase: String,
                               _ representation: Representation) -> VerificationMethod {
        switch representation {
        case .multikey:
            VerificationMethod(id: id, type: "Multikey", controller: controller, publicKeyMultibase: multibase)
        case .ed25519VerificationKey2020:
            VerificationMethod(id: id, type: "Ed25519VerificationKey2020", controller: controller, publicKeyMultibase: multibase)
        case .ed25519VerificationKey2018:
            VerificationMethod(id: id, type: "Ed25519VerificationKey2018", controller: controller, publicKeyBase58: Base58.encode(key.rawRepresentation))
        case .jsonWebKey2020:
            VerificationMethod(id: id, type: "JsonWebKey2020", controller: controller, publicKeyJwk: JWK(ed25519: key))
        }
    }

    private static func method(id: String, controller: String, x25519 key: X25519.PublicKey, multibase: String,
                               _ representation: Representation) -> VerificationMethod {
        switch representation {
        case .multikey:
            VerificationMethod(id: id, type: "Multikey", controller: controller, publicKeyMultibase: multibase)
        case .ed25519VerificationKey2020:
            VerificationMethod(id: id, type: "X25519KeyAgreementKey2020", controller: controller, publicKeyMultibase: multibase)
        case .ed25519VerificationKey2018:
            VerificationMethod(id: id, type: "X25519KeyAgreementKey2019", controller: controller, publicKeyBase58: Base58.encode(key.rawRepresentation))
        case .jsonWebKey2020:
            VerificationMethod(id: id, type: "JsonWebKey2020", controller: controller, publicKeyJwk: JWK(x25519: key, use: nil))
        }
    }
}
