/// IRI helpers for JSON-LD processing: absolute-IRI test and RFC 3986 §5.2 reference resolution.
enum IRI {
    /// `scheme ":" …` with a scheme of ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) (RFC 3986 §3.1).
    static func isAbsolute(_ text: String) -> Bool {
        var first = true
        for byte in text.utf8 {
            let isLetter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            if byte == UInt8(ascii: ":") { return !first }
            if first {
                guard isLetter else { return false }
                first = false
            } else {
                let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
                guard isLetter || isDigit || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") else { return false }
            }
        }
        return false
    }

    /// An absolute IRI without the characters RFC 3987 excludes (spaces, controls, `<>"{}|\\^` and backquote):
    /// what may become an RDF IRI term.
    static func isWellFormed(_ text: String) -> Bool {
        guard isAbsolute(text) else { return false }
        // Native strings: scan their contiguous UTF-8 directly.
        return text.utf8.withContiguousStorageIfAvailable(hasOnlyIRICharacters) ?? hasOnlyIRICharacters(text.utf8)
    }

    private static func hasOnlyIRICharacters(_ bytes: some Sequence<UInt8>) -> Bool {
        // Branch-free over a table (0: allowed, 1: excluded, 2: "#"), so that the loop over
        // every IRI of every document stays short.
        var excluded: UInt8 = 0, fragments = 0
        for byte in bytes {
            let kind = iriByteKinds[Int(byte)]
            excluded |= kind & 1
            fragments &+= Int(kind >> 1)
        }
        // A fragment cannot contain "#" (RFC 3987 ifragment).
        return excluded == 0 && fragments <= 1
    }

    static let iriByteKinds: [UInt8] = (0...255).map { byte -> UInt8 in
        if byte == UInt8(ascii: "#") { return 2 }
        return byte <= 0x20 || "<>\"{}|\\^`".utf8.contains(UInt8(byte)) ? 1 : 0
    }

    /// Whether `text` has the form of a keyword (`@` followed by letters only), JSON-LD 1.1 §9.
    static func hasKeywordForm(_ text: String) -> Bool {
        guard text.hasPrefix("@"), text.count > 1 else { return false }
        return text.dropFirst().unicodeScalars.allSatisfy { $0.isASCII && $0.properties.isAlphabetic }
    }

    static let keywords: Set<String> = [
        "@base", "@container", "@context", "@direction", "@graph", "@id", "@import", "@included", "@index", "@json",
        "@language", "@list", "@nest", "@none", "@prefix", "@propagate", "@protected", "@reverse", "@set", "@type",
        "@value", "@version", "@vocab",
    ]

    /// Every keyword starts with `@`: other strings (most are IRIs) are not hashed.
    static func isKeyword(_ text: String) -> Bool { text.utf8.first == UInt8(ascii: "@") && keywords.contains(text) }

    /// Resolves `reference` against `base` (RFC 3986 §5.2.2), or returns it unchanged when there
    /// is no base.
    static func resolve(_ reference: String, against base: String?) -> String {
        guard let base, !base.isEmpty else { return reference }
        if isAbsolute(reference) { return removeDotSegments(in: reference) }
        let b = Components(base)
        let r = Components(reference)
        var result = Components()
        result.scheme = b.scheme
        if let authority = r.authority {
            result.authority = authority
            result.path = removeDotSegments(r.path)
            result.query = r.query
        } else {
            result.authority = b.authority
            if r.path.isEmpty {
                result.path = b.path
                result.query = r.query ?? b.query
            } else {
                if r.path.hasPrefix("/") {
                    result.path = removeDotSegments(r.path)
                } else {
                    result.path = removeDotSegments(merge(base: b, path: r.path))
                }
                result.query = r.query
            }
        }
        result.fragment = r.fragment
        return result.text
    }

    static func merge(base: Components, path: String) -> String {
        if base.authority != nil && base.path.isEmpty { return "/" + path }
        guard let slash = base.path.lastIndex(of: "/") else { return path }
        return String(base.path[...slash]) + path
    }

    /// RFC 3986 §5.2.4.
    static func removeDotSegments(_ path: String) -> String {
        var input = Substring(path)
        var output: [Substring] = []
        while !input.isEmpty {
            if input.hasPrefix("../") { input = input.dropFirst(3) }
            else if input.hasPrefix("./") { input = input.dropFirst(2) }
            else if input.hasPrefix("/./") { input = input.dropFirst(2) }
            else if input == "/." { input = "/" }
            else if input.hasPrefix("/../") { input = input.dropFirst(3); if !output.isEmpty { output.removeLast() } }
            else if input == "/.." { input = "/"; if !output.isEmpty { output.removeLast() } }
            else if input == "." || input == ".." { input = "" }
            else {
                let start = input.startIndex
                var end = input.index(after: start)
                if input.first == "/" { end = input[end...].firstIndex(of: "/") ?? input.endIndex } else { end = input.firstIndex(of: "/") ?? input.endIndex }
                output.append(input[start..<end])
                input = input[end...]
            }
        }
        return output.joined()
    }

    static func removeDotSegments(in iri: String) -> String {
        let components = Components(iri)
        guard components.scheme != nil, components.authority != nil || components.path.hasPrefix("/") else { return iri }
        var copy = components
        copy.path = removeDotSegments(components.path)
        return copy.text
    }

    struct Components {
        var scheme: String?
        var authority: String?
        var path = ""
        var query: String?
        var fragment: String?

        init() {}

        init(_ text: String) {
            var rest = Substring(text)
            if let hash = rest.firstIndex(of: "#") { fragment = String(rest[rest.index(after: hash)...]); rest = rest[..<hash] }
            if let question = rest.firstIndex(of: "?") { query = String(rest[rest.index(after: question)...]); rest = rest[..<question] }
            if let colon = rest.firstIndex(of: ":"), IRI.isAbsolute(String(rest[...colon])) {
                scheme = String(rest[..<colon])
                rest = rest[rest.index(after: colon)...]
            }
            if rest.hasPrefix("//") {
                rest = rest.dropFirst(2)
                let end = rest.firstIndex(of: "/") ?? rest.endIndex
                authority = String(rest[..<end])
                rest = rest[end...]
            }
            path = String(rest)
        }

        var text: String {
            var output = ""
            if let scheme { output += scheme + ":" }
            if let authority { output += "//" + authority }
            output += path
            if let query { output += "?" + query }
            if let fragment { output += "#" + fragment }
            return output
        }
    }
}
