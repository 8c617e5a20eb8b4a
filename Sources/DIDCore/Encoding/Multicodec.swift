/// Multicodec codes for keys (the multiformats table, `key` tag) and the unsigned varint that
/// prefixes them (multiformats unsigned-varint: LEB128, minimal, at most 9 bytes).
public struct Multicodec: Hashable, Sendable, CustomStringConvertible {
    /// The codec's number in the multicodec table.
    public let code: UInt64
    /// The codec's name in the multicodec table (`ed25519-pub`).
    public let name: String

    /// A codec with the given table entry.
    public init(code: UInt64, name: String) {
        self.code = code
        self.name = name
    }

    /// `ed25519-pub` (`0xed`).
    public static let ed25519Public = Multicodec(code: 0xed, name: "ed25519-pub")
    /// `x25519-pub` (`0xec`).
    public static let x25519Public = Multicodec(code: 0xec, name: "x25519-pub")
    /// `ed25519-priv` (`0x1300`).
    public static let ed25519Private = Multicodec(code: 0x1300, name: "ed25519-priv")
    /// `secp256k1-pub` (`0xe7`).
    public static let secp256k1Public = Multicodec(code: 0xe7, name: "secp256k1-pub")
    /// `bls12_381-g1-pub` (`0xea`).
    public static let bls12381G1Public = Multicodec(code: 0xea, name: "bls12_381-g1-pub")
    /// `bls12_381-g2-pub` (`0xeb`).
    public static let bls12381G2Public = Multicodec(code: 0xeb, name: "bls12_381-g2-pub")
    /// `bls12_381-g1g2-pub` (`0xee`).
    public static let bls12381G1G2Public = Multicodec(code: 0xee, name: "bls12_381-g1g2-pub")
    /// `p256-pub` (`0x1200`).
    public static let p256Public = Multicodec(code: 0x1200, name: "p256-pub")
    /// `p384-pub` (`0x1201`).
    public static let p384Public = Multicodec(code: 0x1201, name: "p384-pub")
    /// `p521-pub` (`0x1202`).
    public static let p521Public = Multicodec(code: 0x1202, name: "p521-pub")
    /// `rsa-pub` (`0x1205`).
    public static let rsaPublic = Multicodec(code: 0x1205, name: "rsa-pub")
    /// `jwk_jcs-pub` (`0xeb51`).
    public static let jwkJCSPublic = Multicodec(code: 0xeb51, name: "jwk_jcs-pub")

    /// The key codecs this library recognises.
    public static let knownKeys: [Multicodec] = [
        .ed25519Public, .x25519Public, .ed25519Private, .secp256k1Public, .bls12381G1Public, .bls12381G2Public, .bls12381G1G2Public,
        .p256Public, .p384Public, .p521Public, .rsaPublic, .jwkJCSPublic,
    ]

    /// The known key codec with number `code`, or `nil`.
    public static func known(code: UInt64) -> Multicodec? { knownKeys.first { $0.code == code } }

    /// The name and the hexadecimal code: `ed25519-pub (0xed)`.
    public var description: String { "\(name) (0x\(String(code, radix: 16)))" }

    /// `varint(code) || bytes`.
    public func prefixing(_ bytes: [UInt8]) -> [UInt8] { Varint.encode(code) + bytes }

    /// Splits `varint(code) || key` into the codec and the key bytes.
    public static func split(_ bytes: [UInt8]) throws(DIDError) -> (code: UInt64, body: ArraySlice<UInt8>) {
        let (code, length) = try Varint.decode(bytes)
        return (code, bytes[length...])
    }
}

/// The multiformats unsigned varint.
public enum Varint {
    /// The minimal unsigned varint of `value`, 7 bits a byte, least significant first.
    public static func encode(_ value: UInt64) -> [UInt8] {
        var value = value
        var output: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7F)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            output.append(byte)
        } while value != 0
        return output
    }

    /// Decodes a varint at the start of `bytes`, returning the value and its length. Refuses
    /// non-minimal encodings (a trailing 0x00 group) and more than 9 bytes, as the spec requires.
    public static func decode(_ bytes: some Collection<UInt8>) throws(DIDError) -> (value: UInt64, length: Int) {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        var length = 0
        for byte in bytes {
            length += 1
            guard length <= 9 else { throw DIDError(.invalidVarint, "varint longer than 9 bytes") }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                guard byte != 0 || length == 1 else { throw DIDError(.invalidVarint, "non-minimal varint") }
                return (value, length)
            }
            shift += 7
        }
        throw DIDError(.invalidVarint, length == 0 ? "empty varint" : "truncated varint")
    }
}
