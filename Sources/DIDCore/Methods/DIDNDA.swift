public import StrictJSON
public import WalletCrypto

/// A `did:nda` DID (NDAChain, the did:nda method specification §3 and §5): `did:nda:0x` and 40
/// hexadecimal digits, an Ethereum-style address — the last 20 bytes of Keccak-256 of the
/// secp256k1 public key's X || Y. The key itself is not in the DID: a verifier either recovers it
/// from a signature and compares addresses, or resolves the DID through an NDA resolver.
///
/// Also read: `did:nda:testnet:0x…`, the form PILA's SDK writes for the test network. It is
/// outside the method's ABNF, so ``isTestnet`` lets a verifier report it (decision 0028).
///
/// Case: the method specification allows upper- and lower-case digits and defines no checksum
/// (§5 "allowed charset"), so every case form is read and the address is compared as bytes;
/// ``isEIP55`` tells whether a mixed-case identifier carries a valid EIP-55 checksum. DIDs stay
/// compared as written (DID Core §3.1), so `did:nda:0xAB…` and `did:nda:0xab…` are two DIDs with
/// one key.
public struct DIDNDA: Hashable, Sendable, CustomStringConvertible {
    /// The method name, `nda`.
    public static let methodName = "nda"
    /// The one network segment read besides none (PILA's SDK, `WithMethod("did:nda:testnet")`).
    public static let testnetSegment = "testnet"

    /// The DID as written.
    public let did: DID
    /// The address the DID names.
    public let address: EthereumAddress
    /// Whether the DID is the `did:nda:testnet:0x…` form (outside the method's ABNF).
    public let isTestnet: Bool
    /// Whether the address digits are all one case, or mixed case with a valid EIP-55 checksum.
    public let isEIP55: Bool

    /// Reads a did:nda; anything else — another method, another network segment, an address
    /// that is not `0x` and exactly 40 hex digits (§3's regular expression, §5's length 42) — is
    /// `invalidDid`.
    public init(_ did: DID) throws(DIDError) {
        guard did.method == Self.methodName else { throw DIDError(.invalidDid, "\(did) is not a did:nda") }
        var identifier = Substring(did.methodSpecificId)
        var testnet = false
        if let colon = identifier.firstIndex(of: ":") {
            guard identifier[..<colon] == Self.testnetSegment else {
                throw DIDError(.invalidDid, "did:nda has no network segment \"\(identifier[..<colon])\" (only testnet is read)")
            }
            testnet = true
            identifier = identifier[identifier.index(after: colon)...]
        }
        let digits = Array(identifier.utf8)
        guard digits.count == 42, digits[0] == UInt8(ascii: "0"), digits[1] == UInt8(ascii: "x"),
              let bytes = Hex.decode(String(decoding: digits[2...], as: UTF8.self)), bytes.count == EthereumAddress.length else {
            throw DIDError(.invalidDid, "a did:nda identifier is 0x and 40 hexadecimal digits")
        }
        do { address = try EthereumAddress(rawRepresentation: bytes) } catch {
            throw DIDError(.invalidDid, "a did:nda identifier is 0x and 40 hexadecimal digits")
        }
        self.did = did
        self.isTestnet = testnet
        let hex = digits[2...]
        let hasLower = hex.contains { (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
        let hasUpper = hex.contains { (UInt8(ascii: "A")...UInt8(ascii: "F")).contains($0) }
        isEIP55 = !(hasLower && hasUpper) || String(decoding: digits, as: UTF8.self) == address.checksummed
    }

    /// Parses text as a did:nda.
    public init(parsing text: String) throws(DIDError) {
        try self.init(DID(parsing: text))
    }

    /// The lower-case did:nda of `address` (the form PILA's SDK writes), on the test network's
    /// form when `testnet` is set.
    public static func did(for address: EthereumAddress, testnet: Bool = false) -> DID {
        DID(uncheckedMethod: methodName, methodSpecificId: (testnet ? testnetSegment + ":" : "") + address.lowercased)
    }

    /// Whether `publicKey`'s address is the DID's.
    public func isAddress(of publicKey: Secp256k1.PublicKey) -> Bool {
        ConstantTime.equals(EthereumAddress(publicKey: publicKey).rawRepresentation, address.rawRepresentation)
    }

    /// The secp256k1 key a did:nda verification method holds: `publicKeyHex` (SEC 1 compressed
    /// or uncompressed, with or without `0x`, as NDA's `EcdsaSecp256k1VerificationKey2019`
    /// methods write it) or a `publicKeyJwk` (`EC`, `secp256k1`). `invalidPublicKey` for anything
    /// else — the method specification's own example (129 hex digits) among them.
    public static func publicKey(of method: VerificationMethod) throws(DIDError) -> Secp256k1.PublicKey {
        if let jwk = method.publicKeyJwk {
            guard jwk.keyType == "EC", jwk.curve == "secp256k1", let x = jwk.x, let y = jwk.y else {
                throw DIDError(.invalidPublicKey, "\(method.id): the JWK is not an EC secp256k1 key")
            }
            do { return try Secp256k1.PublicKey(x: try Base64URL.decode(x), y: try Base64URL.decode(y)) } catch {
                throw DIDError(.invalidPublicKey, "\(method.id): the JWK is not a secp256k1 point")
            }
        }
        guard let text = method.additionalMembers["publicKeyHex"]?.stringValue else {
            throw DIDError(.invalidPublicKey, "\(method.id) has neither publicKeyHex nor publicKeyJwk")
        }
        let digits = text.hasPrefix("0x") ? text.dropFirst(2) : Substring(text)
        guard digits.utf8.count == 66 || digits.utf8.count == 130, let bytes = Hex.decode(digits) else {
            throw DIDError(.invalidPublicKey, "\(method.id): publicKeyHex is not a 33- or 65-byte SEC 1 key in hex (\(digits.utf8.count) digits)")
        }
        do { return try Secp256k1.PublicKey(sec1Representation: bytes) } catch {
            throw DIDError(.invalidPublicKey, "\(method.id): publicKeyHex is not a secp256k1 point")
        }
    }

    /// The DID as written.
    public var description: String { did.description }
}
