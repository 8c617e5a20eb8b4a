public import StrictJSON
public import WalletCrypto

/// A verification method (DID Core 1.0 §5.2) with the key formats this library reads:
/// `Multikey` (Controlled Identifiers §2.2.2), `Ed25519VerificationKey2020`,
/// `X25519KeyAgreementKey2020`, the legacy `Ed25519VerificationKey2018` /
/// `X25519KeyAgreementKey2019` with `publicKeyBase58`, and `JsonWebKey2020` / `JsonWebKey`.
public struct VerificationMethod: Hashable, Sendable {
    /// The method's id: an absolute DID URL, or a relative one such as `#key-1`.
    public var id: String
    /// The method's type: `Multikey`, `Ed25519VerificationKey2020`, `JsonWebKey2020`...
    public var type: String
    /// `controller`: the DID that controls the key.
    public var controller: String
    /// `publicKeyMultibase`, for `Multikey` and the 2020 key types.
    public var publicKeyMultibase: String?
    /// `publicKeyJwk`, for `JsonWebKey2020` and `JsonWebKey`.
    public var publicKeyJwk: JWK?
    /// `publicKeyBase58`, for the legacy 2018/2019 key types.
    public var publicKeyBase58: String?
    /// Members this type does not model, kept in order.
    public var additionalMembers: JSONObject

    /// A verification method from its members; nothing is checked until a key is read from it.
    public init(id: String, type: String, controller: String, publicKeyMultibase: String? = nil,
                publicKeyJwk: JWK? = nil, publicKeyBase58: String? = nil, additionalMembers: JSONObject = JSONObject()) {
        self.id = id
        self.type = type
        self.controller = controller
        self.publicKeyMultibase = publicKeyMultibase
        self.publicKeyJwk = publicKeyJwk
        self.publicKeyBase58 = publicKeyBase58
        self.additionalMembers = additionalMembers
    }

    /// Parses a verification method from its JSON object (DID Core 1.0 §5.2).
    ///
    /// - Throws: ``DIDError`` `invalidVerificationMethod` when a required member is missing or of the wrong type.
    public init(json: JSONValue) throws(DIDError) {
        guard let object = json.objectValue else {
            throw DIDError(.invalidVerificationMethod, "a verification method must be an object")
        }
        func string(_ name: String, required: Bool) throws(DIDError) -> String? {
            guard let value = object[name] else {
                if required { throw DIDError(.invalidVerificationMethod, "a verification method needs \"\(name)\"") }
                return nil
            }
            guard let text = value.stringValue else {
                throw DIDError(.invalidVerificationMethod, "verification method member \"\(name)\" must be a string")
            }
            return text
        }
        id = try string("id", required: true)!
        type = try string("type", required: true)!
        controller = try string("controller", required: true)!
        publicKeyMultibase = try string("publicKeyMultibase", required: false)
        publicKeyBase58 = try string("publicKeyBase58", required: false)
        publicKeyJwk = try object["publicKeyJwk"].map { value throws(DIDError) in try JWK(json: value) }
        var rest = object
        for name in Self.modelledMembers { rest.removeValue(forKey: name) }
        additionalMembers = rest
    }

    static let modelledMembers = ["id", "type", "controller", "publicKeyMultibase", "publicKeyJwk", "publicKeyBase58"]

    /// The method as a JSON object: the modelled members, then the others in order.
    public var jsonValue: JSONValue {
        var object: JSONObject = ["id": .string(id), "type": .string(type), "controller": .string(controller)]
        if let publicKeyMultibase { object["publicKeyMultibase"] = .string(publicKeyMultibase) }
        if let publicKeyBase58 { object["publicKeyBase58"] = .string(publicKeyBase58) }
        if let publicKeyJwk { object["publicKeyJwk"] = publicKeyJwk.jsonValue }
        for member in additionalMembers { object[member.key] = member.value }
        return .object(object)
    }

    /// The Ed25519 public key this method holds, whatever its representation.
    public func ed25519PublicKey() throws(DIDError) -> Ed25519.PublicKey {
        do {
            switch type {
            case "Multikey", "Ed25519VerificationKey2020":
                return try Ed25519.PublicKey(rawRepresentation: try multikey(expecting: .ed25519Public))
            case "Ed25519VerificationKey2018":
                guard let publicKeyBase58 else { throw DIDError(.invalidVerificationMethod, "\(type) needs publicKeyBase58") }
                return try Ed25519.PublicKey(rawRepresentation: try Base58.decode(publicKeyBase58))
            case "JsonWebKey2020", "JsonWebKey":
                guard let publicKeyJwk else { throw DIDError(.invalidVerificationMethod, "\(type) needs publicKeyJwk") }
                return try publicKeyJwk.ed25519PublicKey()
            default:
                throw DIDError(.invalidVerificationMethod, "verification method type \(type) holds no Ed25519 key")
            }
        } catch let error as DIDError {
            throw error
        } catch {
            throw DIDError(.invalidPublicKey, "\(id): \(error)")
        }
    }

    /// The X25519 public key this method holds, whatever its representation.
    public func x25519PublicKey() throws(DIDError) -> X25519.PublicKey {
        do {
            switch type {
            case "Multikey", "X25519KeyAgreementKey2020":
                return try X25519.PublicKey(rawRepresentation: try multikey(expecting: .x25519Public))
            case "X25519KeyAgreementKey2019":
                guard let publicKeyBase58 else { throw DIDError(.invalidVerificationMethod, "\(type) needs publicKeyBase58") }
                return try X25519.PublicKey(rawRepresentation: try Base58.decode(publicKeyBase58))
            case "JsonWebKey2020", "JsonWebKey":
                guard let publicKeyJwk else { throw DIDError(.invalidVerificationMethod, "\(type) needs publicKeyJwk") }
                return try publicKeyJwk.x25519PublicKey()
            default:
                throw DIDError(.invalidVerificationMethod, "verification method type \(type) holds no X25519 key")
            }
        } catch let error as DIDError {
            throw error
        } catch {
            throw DIDError(.invalidPublicKey, "\(id): \(error)")
        }
    }

    /// Decodes `publicKeyMultibase` as `z` base58btc of `varint(codec) || key`.
    private func multikey(expecting codec: Multicodec) throws(DIDError) -> [UInt8] {
        guard let publicKeyMultibase else {
            throw DIDError(.invalidVerificationMethod, "\(type) needs publicKeyMultibase")
        }
        let bytes = try Multibase.decode(publicKeyMultibase, expecting: .base58btc)
        let (code, body) = try Multicodec.split(bytes)
        guard code == codec.code else {
            throw DIDError(.invalidPublicKey, "publicKeyMultibase holds multicodec 0x\(String(code, radix: 16)), expected \(codec)")
        }
        return Array(body)
    }
}
