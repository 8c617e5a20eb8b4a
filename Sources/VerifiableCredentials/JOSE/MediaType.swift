/// A media type as a JOSE header's `typ` states it (RFC 7515 §4.1.9), compared the way media
/// types compare: `typ` values are explicit types (RFC 8725 §3.11), so `application/vc+jwt`,
/// `VC+JWT` and `vc+jwt` are one type, and `vc+jwtx` or `text/vc+jwt` another.
///
/// - A value without '/' is the subtype of `application` (RFC 7515 §4.1.9: "treat it as if
///   'application/' were prepended").
/// - Type and subtype are RFC 6838 §4.2 restricted names (an ASCII letter or digit, then up to 126
///   of letters, digits and `!#$&-^_.+`), compared ASCII case-insensitively (RFC 6838 §4.2,
///   RFC 7515 §4.1.9 citing RFC 2045). Anything else is not a media type: `init(typ:)` fails.
/// - Parameters (`;charset=utf-8`) are refused, not ignored: none of the types compared here
///   registers a parameter (RFC 6838 §4.3 leaves parameters to each registration), and a value
///   that is not exactly one of the expected types is safer refused than cut down to one.
///   Surrounding or inner white space is refused for the same reason.
public struct MediaType: Sendable, Hashable, CustomStringConvertible {
    /// The top-level type, in lower case (`application`).
    public let type: String
    /// The subtype, in lower case (`vc+jwt`).
    public let subtype: String

    /// `vc+jwt`: a credential secured with JOSE (VC-JOSE-COSE §3.1.1).
    public static let vcJWT = MediaType(application: "vc+jwt")
    /// `vp+jwt`: a presentation secured with JOSE (VC-JOSE-COSE §3.1.2).
    public static let vpJWT = MediaType(application: "vp+jwt")
    /// `dc+sd-jwt`: an SD-JWT VC (SD-JWT VC §3.2.1).
    public static let dcSDJWT = MediaType(application: "dc+sd-jwt")
    /// `vc+sd-jwt`: the SD-JWT VC type of drafts before -06, still accepted on input.
    public static let vcSDJWT = MediaType(application: "vc+sd-jwt")
    /// `kb+jwt`: an SD-JWT key-binding JWT (RFC 9901 §4.3).
    public static let kbJWT = MediaType(application: "kb+jwt")
    /// `JWT`: a plain JWT (RFC 7519 §5.1), as VC 1.1 JWTs are typed.
    public static let jwt = MediaType(application: "jwt")

    static let shortForms: [(String, MediaType)] = [("vc+jwt", .vcJWT), ("vp+jwt", .vpJWT), ("dc+sd-jwt", .dcSDJWT), ("kb+jwt", .kbJWT), ("JWT", .jwt)]

    private init(application subtype: String) {
        type = "application"
        self.subtype = subtype
    }

    /// The media type a `typ` value names; `nil` when it is not `restricted-name` or
    /// `restricted-name "/" restricted-name` (RFC 6838 §4.2).
    public init?(typ: String) {
        // The short forms issuers write, without building anything (this runs for every JWS).
        // Compared byte for byte: `String`'s `==` is canonical equivalence.
        for (short, known) in Self.shortForms where typ.utf8.elementsEqual(short.utf8) {
            self = known
            return
        }
        let bytes = Array(typ.utf8)
        let parts = bytes.split(separator: UInt8(ascii: "/"), maxSplits: 1, omittingEmptySubsequences: false)
        let (typeBytes, subtypeBytes) = parts.count == 2 ? (parts[0], parts[1]) : (ArraySlice(Array("application".utf8)), parts[0])
        guard let type = Self.restrictedName(typeBytes), let subtype = Self.restrictedName(subtypeBytes) else { return nil }
        self.type = type
        self.subtype = subtype
    }

    /// `bytes` in lower case when they are an RFC 6838 §4.2 restricted name (ASCII only, so that no
    /// Unicode case mapping, such as U+212A KELVIN SIGN to "k", can make a lookalike match).
    static func restrictedName(_ bytes: ArraySlice<UInt8>) -> String? {
        guard (1...127).contains(bytes.count) else { return nil }
        var lowered: [UInt8] = []
        lowered.reserveCapacity(bytes.count)
        for (offset, byte) in bytes.enumerated() {
            let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            let isAlphanumeric = (lower >= 0x61 && lower <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            let isRestrictedSymbol = switch byte {
            case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "-"), UInt8(ascii: "^"),
                 UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "+"): true
            default: false
            }
            guard isAlphanumeric || (offset > 0 && isRestrictedSymbol) else { return nil }
            lowered.append(lower)
        }
        return String(decoding: lowered, as: UTF8.self)
    }

    /// `type/subtype`, in lower case.
    public var description: String { "\(type)/\(subtype)" }

    /// The form producers write in `typ`: without `application/` when the type is `application`
    /// (RFC 7515 §4.1.9 recommends it), in lower case. Reports name formats by it (`vc+jwt`).
    public var shortForm: String { type == "application" ? subtype : description }
}
