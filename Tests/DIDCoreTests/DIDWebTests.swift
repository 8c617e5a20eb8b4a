import DIDCore
import TestSupport
import Testing

/// The did:web method's DID ↔ URL mapping (did:web §"Method-specific identifier", §"Read
/// (Resolve)"), and what it refuses (security requirements 24 and 44). No network.
@Suite("did:web: DID to URL and back")
struct DIDWebTests {
    static func url(_ did: String) throws -> String { try DIDWeb.location(of: try DID(parsing: did)).documentURL }

    @Test("The spec's examples: bare domain, path, port (either case of %3A)")
    func specExamples() throws {
        #expect(try Self.url("did:web:w3c-ccg.github.io") == "https://w3c-ccg.github.io/.well-known/did.json")
        #expect(try Self.url("did:web:w3c-ccg.github.io:user:alice") == "https://w3c-ccg.github.io/user/alice/did.json")
        #expect(try Self.url("did:web:example.com%3A3000:user:alice") == "https://example.com:3000/user/alice/did.json")
        #expect(try Self.url("did:web:example.com%3a8443") == "https://example.com:8443/.well-known/did.json")
        #expect(try Self.url("did:web:Example.COM") == "https://example.com/.well-known/did.json")
        // Other percent-encodings in a path segment are passed on as written.
        #expect(try Self.url("did:web:example.com:caf%C3%A9") == "https://example.com/caf%C3%A9/did.json")
        #expect(try Self.url("did:web:xn--bcher-kva.example") == "https://xn--bcher-kva.example/.well-known/did.json")
    }

    @Test("Refused with invalidDid: IP addresses, bad ports, encodings in the host, empty, dot and encoded-separator segments", arguments: [
        "did:web:127.0.0.1", "did:web:127.1", "did:web:2130706433", "did:web:10.0.0.1%3A443",
        "did:web:example.com%3A0", "did:web:example.com%3A65536", "did:web:example.com%3A080", "did:web:example.com%3A", "did:web:example.com%3Ax",
        "did:web:example.com%3A443%3A1", "did:web:exa%6Dple.com", "did:web:example.com%2Fpath", "did:web:user%40example.com",
        "did:web:example.com::alice", "did:web:example.com:.", "did:web:example.com:..", "did:web:example.com:%2E%2E",
        "did:web:example.com:a%2Fb", "did:web:example.com:a%5Cb", "did:web:example.com:a%00", "did:web:example.com:a%252F",
        "did:web:-example.com", "did:web:example-.com", "did:web:ex_ample.com", "did:web:.example.com", "did:web:example..com",
        "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
    ])
    func refused(_ text: String) throws {
        let did = try DID(parsing: text)
        #expect(throws: DIDError(.invalidDid, "")) { try DIDWeb.location(of: did) }
    }

    @Test("A host longer than 253 characters or a label over 63 is refused; at the limits it is accepted")
    func lengths() throws {
        let label63 = String(repeating: "a", count: 63)
        #expect(try Self.url("did:web:\(label63).example") == "https://\(label63).example/.well-known/did.json")
        #expect(throws: DIDError(.invalidDid, "")) { try Self.url("did:web:a\(label63).example") }
        let host253 = [label63, label63, label63, String(repeating: "b", count: 61)].joined(separator: ".")
        #expect(host253.count == 253)
        #expect(try Self.url("did:web:\(host253)").hasPrefix("https://\(host253)/"))
        #expect(throws: DIDError(.invalidDid, "")) { try Self.url("did:web:c\(host253)") }
    }

    @Test("URL to DID: host, port (443 left out), path; and back to the same URL")
    func fromURL() throws {
        let cases = [
            ("https://example.com", "did:web:example.com"),
            ("https://example.com/", "did:web:example.com"),
            ("https://Example.com:8443/users/alice", "did:web:example.com%3A8443:users:alice"),
            ("https://example.com:443/users/alice/", "did:web:example.com:users:alice"),
        ]
        for (url, expected) in cases {
            let did = try DIDWeb.did(forURL: url)
            #expect(did.description == expected, "\(url)")
            let location = try DIDWeb.location(of: did)
            #expect(location.documentURL == location.description + (location.pathSegments.isEmpty ? "/.well-known" : "") + "/did.json")
        }
    }

    @Test("Random identifiers: each is refused with invalidDid or maps to a URL that maps back to the same location; the URL never holds a dot segment or an encoded separator")
    func randomIdentifiers() throws {
        var random = SeededGenerator(seed: 15_2)
        let pieces = ["a", "b", "0", "9", "-", ".", "_", ":", "%3A", "%3a", "%2F", "%2E", "%25", "%41", "%00", "..", "443", "8443", "x.y"]
        var mapped = 0
        for _ in 0..<4000 {
            let id = (0..<Int.random(in: 1...8, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            guard let did = try? DID(parsing: "did:web:" + id) else { continue }
            let location: DIDWeb.Location
            do { location = try DIDWeb.location(of: did) } catch {
                #expect(error.code == .invalidDid)
                continue
            }
            mapped += 1
            let url = location.documentURL
            #expect(!url.contains("/../") && !url.contains("/./") && !url.contains("//did.json") && !url.lowercased().contains("%2f"), "\(did) → \(url)")
            let back = try DIDWeb.location(of: try DIDWeb.did(forURL: location.description))
            #expect(back.host == location.host && back.port == (location.port == 443 ? nil : location.port) && back.pathSegments == location.pathSegments, "\(did)")
        }
        #expect(mapped > 100, "only \(mapped) random identifiers mapped")
    }

    @Test("URL to DID refuses what no did:web can be", arguments: [
        "http://example.com", "example.com", "https://user@example.com", "https://example.com?x=1", "https://example.com/#f",
        "https://127.0.0.1", "https://[::1]", "https://example.com:0", "https://example.com:99999", "https://example.com//a",
        "https://example.com/a/../b", "https://example.com/~alice", "https://example.com/a b", "https://example.com/%2e%2e",
    ])
    func fromURLRefused(_ url: String) {
        #expect(throws: DIDError(.invalidDid, "")) { try DIDWeb.did(forURL: url) }
    }
}
