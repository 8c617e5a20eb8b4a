import JSONLD
import StrictJSON
import TestSupport
import Testing

/// `JSONLDProcessor.requireUnambiguousForm`: a signed RDF dataset has many JSON trees; with the
/// rules on, only the one that names everything through the pinned contexts expands. Each attack
/// is checked twice: without the rules it gives the very dataset the issuer signed (so the
/// signature would verify), with them it is refused with `ambiguousJSONLD`.
@Suite("JSON-LD unambiguous form")
struct UnambiguousFormTests {
    static let v2: JSONObject = [
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
        "id": "urn:uuid:7e2b7e40-cc2a-4d43-9d5e-5bbd1c1f3b7a", "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer", "validFrom": "2020-01-01T00:00:00Z", "validUntil": "2021-01-01T00:00:00Z",
        "credentialSubject": ["id": "did:example:subject", "alumniOf": "The School of Examples"],
    ]
    static let v1: JSONObject = [
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "id": "urn:uuid:7e2b7e40-cc2a-4d43-9d5e-5bbd1c1f3b7b", "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer", "issuanceDate": "2020-01-01T00:00:00Z", "expirationDate": "2021-01-01T00:00:00Z",
        "credentialSubject": ["id": "did:example:subject"],
    ]
    static let dateTime = "http://www.w3.org/2001/XMLSchema#dateTime"

    static func with(_ base: JSONObject, _ change: (inout JSONObject) -> Void) -> JSONObject {
        var object = base
        change(&object)
        return object
    }

    static func subject(_ base: JSONObject, _ change: (inout JSONObject) -> Void) -> JSONObject {
        with(base) { credential in
            var subject = credential["credentialSubject"]!.objectValue!
            change(&subject)
            credential["credentialSubject"] = .object(subject)
        }
    }

    /// Documents with the dataset of `v2` (or `v1`) under another JSON tree.
    static let attacks: [(name: String, original: JSONObject, attack: JSONObject)] = [
        ("validUntil as an absolute IRI key with a typed value object", v2, with(v2) {
            $0.removeValue(forKey: "validUntil")
            $0["https://www.w3.org/2018/credentials#validUntil"] = ["@value": "2021-01-01T00:00:00Z", "@type": .string(dateTime)]
        }),
        ("an inline context aliasing a new name to validUntil", v2, with(v2) {
            $0["@context"] = ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2",
                              ["expires": ["@id": "https://www.w3.org/2018/credentials#validUntil", "@type": .string(dateTime)]]]
            $0.removeValue(forKey: "validUntil")
            $0["expires"] = "2021-01-01T00:00:00Z"
        }),
        ("@index on credentialSubject", v2, subject(v2) { $0["@index"] = "anything" }),
        ("@type written as a key", v2, with(v2) {
            $0.removeValue(forKey: "type")
            $0["@type"] = ["VerifiableCredential"]
        }),
        ("@id written as a key", v2, with(v2) {
            $0.removeValue(forKey: "id")
            $0["@id"] = "urn:uuid:7e2b7e40-cc2a-4d43-9d5e-5bbd1c1f3b7a"
        }),
        ("validUntil moved into @nest", v2, with(v2) {
            $0.removeValue(forKey: "validUntil")
            $0["@nest"] = ["validUntil": "2021-01-01T00:00:00Z"]
        }),
        ("the credential inside @graph", v2, ["@context": v2["@context"]!, "@graph": [.object(with(v2) { $0.removeValue(forKey: "@context") })]]),
        ("a compact IRI key through the cred prefix of VC 1.1", v1, with(v1) {
            $0.removeValue(forKey: "expirationDate")
            $0["cred:expirationDate"] = ["@value": "2021-01-01T00:00:00Z", "type": .string(dateTime)]
        }),
        ("an absolute IRI key in the subject", v2, subject(v2) {
            $0.removeValue(forKey: "alumniOf")
            $0["https://www.w3.org/ns/credentials/examples#alumniOf"] = "The School of Examples"
        }),
        ("@value of an untyped string written as a value object", v2, subject(v2) { $0["alumniOf"] = ["@value": "The School of Examples"] }),
    ]

    static func canonical(_ document: JSONObject, rules: Bool, loader: any JSONLDDocumentLoader = PinnedContextLoader.bundled) throws -> String {
        var processor = JSONLDProcessor(loader: loader, safeMode: true)
        processor.requireUnambiguousForm = rules
        return try processor.canonicalize(.object(document)).canonicalNQuads
    }

    @Test("Each restatement gives the signed dataset without the rules and is refused with them", arguments: attacks.indices)
    func attack(_ index: Int) throws {
        let (name, original, attack) = Self.attacks[index]
        #expect(try Self.canonical(attack, rules: false) == Self.canonical(original, rules: false), "\(name)")
        #expect(try Self.canonical(original, rules: true) == Self.canonical(original, rules: false), "\(name)")
        #expect(throws: JSONLDError(.ambiguousJSONLD, ""), "\(name)") { try Self.canonical(attack, rules: true) }
    }

    @Test("Repeated values and nodes are found in short arrays and in long ones (linear: a set past eight values)", arguments: [3, 9, 20_000])
    func repeatedValues(_ count: Int) throws {
        let distinct: [JSONValue] = (0..<count).map { .string("value \($0)") }
        #expect(throws: Never.self) { try Self.canonical(Self.subject(Self.v2) { $0["alumniOf"] = .array(distinct) }, rules: true) }
        let repeated = distinct + [distinct[count / 2]]
        #expect(throws: JSONLDError(.ambiguousJSONLD, "")) { try Self.canonical(Self.subject(Self.v2) { $0["alumniOf"] = .array(repeated) }, rules: true) }
        let nodes: [JSONValue] = (0..<count).map { ["id": .string("urn:example:\($0)"), "name": .string("n\($0)")] }
        let sameNode = nodes + [["id": "urn:example:1", "name": "another"]]
        #expect(throws: JSONLDError(.ambiguousJSONLD, "")) { try Self.canonical(Self.subject(Self.v2) { $0["alumniOf"] = .array(sameNode) }, rules: true) }
    }

    @Test("@direction is refused: the RDF this library signs does not carry it (rdfDirection is not set)")
    func directionRefused() throws {
        let document = Self.subject(Self.v2) { $0["alumniOf"] = ["@value": "The School of Examples", "@language": "en", "@direction": "rtl"] }
        #expect(try Self.canonical(Self.subject(Self.v2) { $0["alumniOf"] = ["@value": "The School of Examples", "@language": "en"] }, rules: false)
                == Self.canonical(document, rules: false))
        #expect(throws: JSONLDError(.ambiguousJSONLD, "")) { try Self.canonical(document, rules: true) }
    }

    @Test("The error names the key by its JSON Pointer")
    func pointer() throws {
        var processor = JSONLDProcessor(safeMode: true)
        processor.requireUnambiguousForm = true
        let document = Self.with(Self.v2) {
            $0["credentialSubject"] = ["id": "did:example:subject", "degree": [["name": "x"], ["https://schema.org/name": "y"]]]
        }
        do {
            _ = try processor.expand(.object(document))
            Issue.record("expanded")
        } catch {
            #expect(error.code == .ambiguousJSONLD)
            #expect(error.message.hasPrefix("at /credentialSubject/degree/1/https:~1~1schema.org~1name:"), "\(error.message)")
        }
        let attack = Self.attacks.first { $0.name.hasPrefix("@index") }!.attack
        #expect(throws: JSONLDError(.ambiguousJSONLD, "")) { try processor.expand(.object(attack)) }
        do { _ = try processor.expand(.object(attack)) } catch { #expect(error.message.hasPrefix("at /credentialSubject/@index:"), "\(error.message)") }
    }

    @Test("An inline context of any size is refused before it is processed")
    func inlineContextFirst() throws {
        let context = ContextLimitsTests.scopedTypesAttack(types: 8_000, seed: 1)["@context"]!.objectValue!
        var processor = JSONLDProcessor()
        processor.requireUnambiguousForm = true
        processor.limits.maximumTermDefinitions = 1
        processor.limits.maximumInlineContextBytes = 1
        // The rules refuse it, not the limits (which count only once processing starts).
        #expect(throws: JSONLDError(.ambiguousJSONLD, "")) { try processor.expand(["@context": .object(context), "@id": "urn:x"]) }
        #expect(throws: JSONLDError(.ambiguousJSONLD, "")) { try processor.expand(["@context": ["https://www.w3.org/ns/credentials/v2", .object(context)]]) }
        #expect(throws: JSONLDError(.ambiguousJSONLD, "")) { try processor.expand(["@context": nil, "@id": "urn:x"]) }
    }

    /// A caller-pinned context with the features the bundled contexts do not use.
    static let features: JSONValue = ["@context": [
        "@version": 1.1, "@vocab": "https://example.org/vocab#", "id": "@id", "type": "@type", "kind": "@type", "ident": "@id", "nested": "@nest",
        "ex": "https://example.org/",
        "label": ["@id": "ex:label", "@container": "@language"],
        "byIndex": ["@id": "ex:byIndex", "@container": "@index"],
        "byProperty": ["@id": "ex:byProperty", "@container": "@index", "@index": "ex:section"],
        "byId": ["@id": "ex:byId", "@container": "@id"],
        "byType": ["@id": "ex:byType", "@container": "@type"],
        "parentOf": ["@reverse": "ex:childOf"],
        "dropped": nil,
        "data": ["@id": "ex:data", "@type": "@json"],
        "https://example.org/full": ["@id": "https://example.org/full"],
    ]]
    static let featuresURL = "https://features.example/v1"

    static func featureDocument(_ members: JSONObject) -> JSONObject {
        var document: JSONObject = ["@context": .string(featuresURL), "id": "https://example.org/doc"]
        for member in members { document[member.key] = member.value }
        return document
    }

    @Test("Accepted: language, id, type and property-valued index maps, @json literals (their members are not keys), language-tagged value objects, undefined terms under @vocab, a term spelled as an IRI",
          arguments: [
            ["label": ["en": "Degree", "vi": "Bằng"]],
            ["byProperty": ["s1": ["id": "https://example.org/a"]]],
            ["byId": ["https://example.org/b": ["name": "b"]]],
            ["byType": ["ex:Kind": ["id": "https://example.org/c"]]],
            ["data": ["@id": "not a key", "a:b": [1, 2], "@context": ["inline": "fine"], "@index": "x"]],
            ["name": ["@value": "Tên", "@language": "vi"]],
            ["undefinedTerm": "v"],
            ["https://example.org/full": "v"],
          ] as [JSONObject])
    func accepted(_ members: JSONObject) throws {
        let loader = try PinnedContextLoader(extra: [Self.featuresURL: Self.features])
        let document = Self.featureDocument(members)
        #expect(try Self.canonical(document, rules: true, loader: loader) == Self.canonical(document, rules: false, loader: loader))
    }

    @Test("Refused: an index map with unsigned keys, @none map keys, keyword aliases other than id and type, reverse and null-mapped terms, keywords in node objects",
          arguments: [
            ["byIndex": ["anything": ["id": "https://example.org/a"]]],
            ["label": ["@none": "Degree"]],
            ["byId": ["@none": ["name": "b"]]],
            ["byProperty": ["@none": ["id": "https://example.org/a"]]],
            ["kind": "ex:Kind"],
            ["ident": "https://example.org/other"],
            ["nested": ["name": "n"]],
            ["parentOf": ["id": "https://example.org/child"]],
            ["dropped": "v"],
            ["@language": "en"],
            ["@foo": "v"],
            ["name": ["@value": "x", "@type": "https://example.org/T"]],
            ["name": ["@value": "x", "@index": "i"]],
            ["name": ["@language": "en"]],
          ] as [JSONObject])
    func refused(_ members: JSONObject) throws {
        let loader = try PinnedContextLoader(extra: [Self.featuresURL: Self.features])
        #expect(throws: JSONLDError(.ambiguousJSONLD, "")) { try Self.canonical(Self.featureDocument(members), rules: true, loader: loader) }
    }

    @Test("ODRL's uid (an @id alias, with credentials/examples/v1) is refused; id is the one spelling")
    func odrlUid() throws {
        let base: JSONObject = ["@context": ["https://www.w3.org/2018/credentials/v1", "https://www.w3.org/2018/credentials/examples/v1"],
                                "type": ["VerifiableCredential"], "issuer": "did:example:issuer", "issuanceDate": "2020-01-01T00:00:00Z",
                                "credentialSubject": ["id": "did:example:subject"]]
        let withId = Self.with(base) { $0["id"] = "urn:uuid:1" }
        let withUid = Self.with(base) { $0["uid"] = "urn:uuid:1" }
        #expect(try Self.canonical(withUid, rules: false) == Self.canonical(withId, rules: false))
        #expect(try Self.canonical(withId, rules: true) == Self.canonical(withId, rules: false))
        #expect(throws: JSONLDError(.ambiguousJSONLD, "")) { try Self.canonical(withUid, rules: true) }
    }

    @Test("Dataset.expanded is the expanded document the dataset comes from")
    func expanded() throws {
        let processor = JSONLDProcessor(safeMode: true)
        for (_, original, attack) in Self.attacks {
            for document in [original, attack] {
                let dataset = try processor.dataset(of: .object(document))
                let expanded = try processor.expand(.object(document))
                #expect(JSONLDAPITestSuiteTests.sameJSON(.array(dataset.expanded), .array(expanded)))
                #expect(try RDFCanonicalizer().canonicalize(dataset.quads).canonicalNQuads == dataset.canonicalize().canonicalNQuads)
            }
        }
        // The attack moved validUntil; the expanded form shows it under its IRI either way.
        let attack = try processor.dataset(of: .object(Self.attacks[0].attack)).expanded
        #expect(attack.first?["https://www.w3.org/2018/credentials#validUntil"]?[0]?["@value"] == "2021-01-01T00:00:00Z")
    }
}
