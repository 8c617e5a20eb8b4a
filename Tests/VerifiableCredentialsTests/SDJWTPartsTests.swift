import Testing
import VerifiableCredentials

/// `SDJWT.Parts` splits at the UTF-8 byte '~' (decision 0023): the pieces and the part `sd_hash`
/// covers are those of RFC 9901 §4 however the text is written.
@Suite("SD-JWT parts: split at '~' bytes")
struct SDJWTPartsTests {
    @Test("pieces, key-binding JWT and the hashed part")
    func pieces() throws {
        let withBinding = try SDJWT.Parts(parsing: "aa.bb.cc~d1~d2~kk.ll.mm")
        #expect(withBinding.issuerJWT == "aa.bb.cc")
        #expect(withBinding.disclosures == ["d1", "d2"])
        #expect(withBinding.keyBindingJWT == "kk.ll.mm")
        #expect(withBinding.hashedPart == "aa.bb.cc~d1~d2~")
        let without = try SDJWT.Parts(parsing: "aa.bb.cc~d1~")
        #expect(without.disclosures == ["d1"] && without.keyBindingJWT == nil && without.hashedPart == "aa.bb.cc~d1~")
        let bare = try SDJWT.Parts(parsing: "aa.bb.cc~")
        #expect(bare.disclosures.isEmpty && bare.keyBindingJWT == nil && bare.hashedPart == "aa.bb.cc~")
    }

    @Test("a '~' followed by a combining mark is still a separator; the hashed part is the text up to the last '~'")
    func combiningMark() throws {
        // As Characters, "~\u{0301}" is one grapheme and would not split; as bytes it does, and the
        // piece starting with the mark is refused later as base64url.
        let parts = try SDJWT.Parts(parsing: "aa.bb.cc~\u{0301}d1~kk.ll.mm")
        #expect(parts.disclosures == ["\u{0301}d1"])
        #expect(parts.hashedPart == "aa.bb.cc~\u{0301}d1~")
        #expect(parts.keyBindingJWT == "kk.ll.mm")
    }

    @Test("no '~', an empty issuer JWT or an empty disclosure are refused")
    func refused() {
        #expect(throws: VCError.self) { try SDJWT.Parts(parsing: "aa.bb.cc") }
        #expect(throws: VCError.self) { try SDJWT.Parts(parsing: "~d1~") }
        #expect(throws: VCError.self) { try SDJWT.Parts(parsing: "aa.bb.cc~~d2~") }
    }
}
