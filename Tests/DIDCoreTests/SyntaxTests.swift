import Foundation
import DIDCore
import Testing

@Suite("DID and DID URL syntax (DID Core 1.0 §3)")
struct SyntaxTests {
    @Test("Valid DIDs", arguments: [
        "did:example:123456789abcdefghi", "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
        "did:web:example.com%3A8443", "did:example:a:b:c", "did:example::a", "did:e2e:A.b-c_d", "did:example:%41%2f",
    ])
    func valid(_ text: String) throws {
        let did = try DID(parsing: text)
        #expect(did.description == text)
    }

    @Test("Invalid DIDs fail with invalidDid", arguments: [
        "", "did", "did:", "did::abc", "did:Example:abc", "did:ex-ample:abc", "DID:example:abc", "did:example:",
        "did:example:abc:", "did:example:a b", "did:example:%4", "did:example:%zz", "did:example:ab/c", "did:example:é",
        "did:example:abc#frag", "urn:example:abc", "did:example",
    ])
    func invalid(_ text: String) {
        #expect(throws: DIDError(.invalidDid, "")) { try DID(parsing: text) }
    }

    @Test("Parts of a DID")
    func parts() throws {
        let did = try DID(parsing: "did:example:abc:def")
        #expect(did.method == "example")
        #expect(did.methodSpecificId == "abc:def")
    }

    @Test("DID URLs: path, query, fragment")
    func didURLs() throws {
        let url = try DIDURL(parsing: "did:example:123/path/to?service=files&relativeRef=/a#key-1")
        #expect(url.did.description == "did:example:123")
        #expect(url.path == "/path/to")
        #expect(url.query == "service=files&relativeRef=/a")
        #expect(url.fragment == "key-1")
        #expect(url.description == "did:example:123/path/to?service=files&relativeRef=/a#key-1")
        let fragmentOnly = try DIDURL(parsing: "did:key:z6Mk#z6Mk")
        #expect(fragmentOnly.path.isEmpty && fragmentOnly.query == nil && fragmentOnly.fragment == "z6Mk")
        let empty = try DIDURL(parsing: "did:example:1#")
        #expect(empty.fragment == "")
        #expect(try DIDURL(parsing: "did:example:1").fragment == nil)
    }

    @Test("Invalid DID URLs fail with invalidDidUrl", arguments: [
        "did:example:123#a#b", "did:example:123/a b", "did:example:123?q=%G1", "did:Example:1#x", "did:example:123#frag^", "#frag",
    ])
    func invalidURLs(_ text: String) {
        #expect(throws: DIDError(.invalidDidUrl, "")) { try DIDURL(parsing: text) }
    }
}
