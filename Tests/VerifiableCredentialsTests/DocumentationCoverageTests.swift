import Foundation
import Testing
import TestSupport

/// The documentation promises of issue 14 §3, checked against the repository's text: every public
/// declaration of the library modules has a `///` comment, every security requirement number a
/// comment cites is in docs/security.md, and every report code and check name is in the DocC
/// article that lists them.
@Suite struct DocumentationCoverageTests {
    /// The library modules: executables (`WalletCLI`, `WalletBench`, `WalletFuzz`) have no API.
    static let libraryModules = [
        "WalletCrypto", "StrictJSON", "DIDCore", "JSONLD", "WalletKeystore", "VerifiableCredentials", "WalletCore",
        "GuardedHTTP", "DIDResolvers", "OpenID4VC", "WalletServer",
    ]

    @Test func everyPublicDeclarationHasADocComment() throws {
        var missing: [String] = []
        for module in Self.libraryModules {
            var total = 0
            for path in try Self.swiftFiles(in: "Sources/\(module)") {
                let text = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent(path), encoding: .utf8)
                let result = DocCommentScanner.scan(text)
                total += result.total
                missing += result.missing.map { "\(path):\($0.line): \($0.text)" }
            }
            // A scan that finds nothing would pass vacuously.
            #expect(total > 0, "no public declaration found in \(module)")
        }
        #expect(missing.isEmpty, "public declarations without a /// comment:\n\(missing.joined(separator: "\n"))")
    }

    @Test func scannerFindsWhatIsUndocumented() {
        let source = """
            /// Documented.
            public struct A {
                public let undocumentedMember: Int
                /// Documented.
                @inlinable
                public func documented() {
                    switch x { case .a: break }
                    let text = "{ public var notADeclaration \\(f("}")) }"
                }
                var internalMember: Int
                public init(
                    multiLine: Int
                ) {}
            }
            struct Internal {
                public var notPublicAPI: Int
            }
            /// Documented.
            public enum E {
                case undocumentedCase
                /// Documented.
                case documentedCase
            }
            enum InternalEnum { case notPublic }
            public extension A {
                func implicitlyPublic() {}
                private func notPublic() {}
            }
            /// Documented.
            public protocol P {
                func requirement()
            }
            public import Foundation
            @available(*, deprecated) public func attributed() {}
            /** Documented. */
            public typealias T = Int
            """
        let found = DocCommentScanner.scan(source).missing.map(\.line)
        #expect(found == [3, 11, 20, 26, 31, 34])
    }

    @Test func everyCitedSecurityRequirementIsInSecurityMD() throws {
        let listed = try Self.securityRequirementNumbers()
        #expect(listed.count >= 42, "docs/security.md lists \(listed.count) requirements")
        var cited: [String] = []
        for directory in ["Sources", "Tests"] {
            for path in try Self.swiftFiles(in: directory, includeGenerated: true) {
                let text = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent(path), encoding: .utf8)
                for number in Self.citedRequirements(in: text) where !listed.contains(number) {
                    cited.append("\(path): security requirement \(number)")
                }
            }
        }
        #expect(cited.isEmpty, "cited but not in docs/security.md:\n\(cited.joined(separator: "\n"))")
    }

    @Test func citationsAreReadInEveryForm() {
        let text = "(security requirements 16–20), Security requirement 7, security requirements 5, 9 and 10; 25, 26, 29"
        #expect(Self.citedRequirements(in: text) == [5, 7, 9, 10, 16, 17, 18, 19, 20])
        #expect(Self.citedRequirements(in: "security requirements 25, 26, 29 and 36") == [25, 26, 29, 36])
        // Across comment lines, and not a protocol requirement.
        #expect(Self.citedRequirements(in: "(security\n    /// requirement 33); the protocol requirement 3") == [33])
    }

    @Test func everyReportCodeAndCheckIsInTheArticle() throws {
        let article = try Self.text("Sources/VerifiableCredentials/VerifiableCredentials.docc/VerificationReportCodes.md")
        let codes = Self.rawValues(of: "Code", in: try Self.text("Sources/VerifiableCredentials/VCError.swift"))
        let checks = Self.rawValues(of: "CheckName", in: try Self.text("Sources/VerifiableCredentials/Verification/CheckName.swift"))
        #expect(codes.count >= 50 && checks.count >= 30, "\(codes.count) codes and \(checks.count) checks read")
        let absent = (codes + checks).filter { !article.contains("| `\($0)` |") }
        #expect(absent.isEmpty, "not in a table row of VerificationReportCodes.md: \(absent)")
    }

    // MARK: Reading the repository

    static func text(_ path: String) throws -> String {
        try String(contentsOf: Fixtures.packageRoot.appendingPathComponent(path), encoding: .utf8)
    }

    /// The `.swift` files under `directory` (relative to the package root), sorted; the generated
    /// JSON-LD contexts and the context generator script are left out unless asked for.
    static func swiftFiles(in directory: String, includeGenerated: Bool = false) throws -> [String] {
        let root = Fixtures.packageRoot.appendingPathComponent(directory)
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var paths: [String] = []
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            let relative = directory + "/" + url.path.dropFirst(root.path.count + 1)
            if !includeGenerated && (relative.hasPrefix("Sources/JSONLD/Generated/") || relative.hasPrefix("Sources/JSONLD/Contexts/")) {
                continue
            }
            paths.append(relative)
        }
        return paths.sorted()
    }

    /// The numbers of docs/security.md's list: lines that start with `N. `.
    static func securityRequirementNumbers() throws -> Set<Int> {
        var numbers = Set<Int>()
        for line in try text("docs/security.md").split(separator: "\n") {
            let digits = line.prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". "), let number = Int(digits) { numbers.insert(number) }
        }
        return numbers
    }

    /// The numbers cited as "security requirement(s) N", "N–M", "N, M and K" (any case, across
    /// comment lines).
    static func citedRequirements(in text: String) -> [Int] {
        var numbers = Set<Int>()
        let joined = text.lowercased().split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let code = line.drop { $0 == " " || $0 == "\t" }
            return String(code.drop { $0 == "/" }.drop { $0 == " " })
        }.joined(separator: " ")
        var rest = joined[...]
        while let found = rest.range(of: "security requirement") {
            var cursor = found.upperBound
            if cursor < rest.endIndex, rest[cursor] == "s" { cursor = rest.index(after: cursor) }
            rest = rest[cursor...]
            // A list: numbers and ranges separated by ", ", " and " or "–"/"-".
            var previous: Int?
            var inRange = false
            while true {
                let trimmed = rest.drop { $0 == " " }
                let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
                guard !digits.isEmpty, let number = Int(digits) else { break }
                if inRange, let start = previous, start < number { numbers.formUnion(start...number) } else { numbers.insert(number) }
                previous = number
                rest = trimmed.dropFirst(digits.count)
                if rest.hasPrefix("–") || rest.hasPrefix("-") {
                    inRange = true; rest = rest.dropFirst()
                } else if rest.hasPrefix(", ") || rest.hasPrefix(" and ") {
                    inRange = false; rest = rest.dropFirst(rest.hasPrefix(", ") ? 2 : 5)
                } else {
                    break
                }
            }
        }
        return numbers.sorted()
    }

    /// The raw values of `static let name = Type("raw")` declarations.
    static func rawValues(of type: String, in source: String) -> [String] {
        source.split(separator: "\n").compactMap { line -> String? in
            guard line.contains("static let "), let open = line.range(of: "= \(type)(\"") else { return nil }
            let tail = line[open.upperBound...]
            guard let close = tail.firstIndex(of: "\"") else { return nil }
            return String(tail[..<close])
        }
    }
}

/// Finds the public declarations of Swift source text and those without a doc comment.
///
/// Counted: declarations marked `public` or `open` whose enclosing types are all public (an
/// extension counts as public: its type's access is not visible here), enum cases of public enums,
/// and members without an access modifier of public protocols and of `public extension`s. Not
/// counted: `public import` lines, extension lines themselves (DocC documents no extension), and
/// anything inside a function, accessor or closure body. Comments and string literals are blanked
/// first, so braces or words inside them change nothing. A declaration is documented when the line
/// before it (attribute lines skipped) is a `///` comment or ends a `/** … */` comment.
struct DocCommentScanner {
    struct Declaration: Equatable {
        let line: Int
        let text: String
    }

    private enum Scope {
        /// A type or extension body: whether its members are public, and whether members without a
        /// modifier are (protocols, `public extension`), and whether it is an enum.
        case type(isPublic: Bool, membersImplicitlyPublic: Bool, isEnum: Bool)
        case body
    }

    static let typeKeywords: Set<String> = ["struct", "class", "enum", "protocol", "actor", "extension"]
    static let declarationKeywords: Set<String> = typeKeywords.union(
        ["func", "init", "subscript", "var", "let", "typealias", "case", "associatedtype", "macro"])
    static let modifiers: Set<String> = [
        "public", "open", "internal", "private", "fileprivate", "package", "static", "final", "override", "mutating",
        "nonmutating", "nonisolated", "convenience", "required", "lazy", "weak", "unowned", "indirect", "dynamic",
        "optional", "class", "consuming", "borrowing", "distributed", "isolated",
    ]

    static func scan(_ source: String) -> (total: Int, missing: [Declaration]) {
        let raw = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let cleaned = blankCommentsAndStrings(source).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var stack: [Scope] = []
        var pending: Scope?
        var total = 0
        var missing: [Declaration] = []
        for (index, line) in cleaned.enumerated() {
            let inTypeContext = stack.allSatisfy { if case .type = $0 { true } else { false } }
            if inTypeContext, let (keyword, mods) = declarationHead(line) {
                let explicitlyPublic = mods.contains("public") || mods.contains("open")
                let restricted = mods.contains { ["private", "fileprivate", "internal", "package"].contains($0) }
                var enclosingPublic = true, implicit = false, enclosingEnum = false
                if case .type(let isPublic, let membersImplicitlyPublic, let isEnum) = stack.last {
                    (enclosingPublic, implicit, enclosingEnum) = (isPublic, membersImplicitlyPublic, isEnum)
                }
                let counts: Bool
                switch keyword {
                case "extension": counts = false
                case "case": counts = !stack.isEmpty && enclosingEnum && enclosingPublic
                default: counts = explicitlyPublic ? enclosingPublic : (!stack.isEmpty && implicit && !restricted)
                }
                if counts {
                    total += 1
                    if !isDocumented(raw, before: index) {
                        missing.append(Declaration(line: index + 1, text: raw[index].trimmingCharacters(in: .whitespaces)))
                    }
                }
                if keyword == "extension" {
                    pending = .type(isPublic: true, membersImplicitlyPublic: explicitlyPublic, isEnum: false)
                } else if typeKeywords.contains(keyword) {
                    let isPublic = counts && (explicitlyPublic || implicit)
                    pending = .type(isPublic: isPublic, membersImplicitlyPublic: isPublic && keyword == "protocol",
                                    isEnum: keyword == "enum")
                } else {
                    pending = .body
                }
            }
            for character in line.utf8 {
                if character == UInt8(ascii: "{") {
                    stack.append(pending ?? .body)
                    pending = nil
                } else if character == UInt8(ascii: "}"), !stack.isEmpty {
                    stack.removeLast()
                }
            }
        }
        return (total, missing)
    }

    /// The declaration keyword and the modifiers, when the line starts a declaration (after
    /// attributes such as `@inlinable` or `@available(…)`).
    static func declarationHead(_ line: String) -> (keyword: String, modifiers: [String])? {
        var rest = Substring(line).drop { $0 == " " || $0 == "\t" }
        while rest.first == "@" {
            rest = rest.dropFirst().drop { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
            let afterName = rest.drop { $0 == " " }
            if afterName.first == "(" {
                guard let end = closingParenthesis(afterName) else { return nil }
                rest = afterName[afterName.index(after: end)...]
            }
            rest = rest.drop { $0 == " " }
        }
        var mods: [String] = []
        while true {
            let word = String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
            guard !word.isEmpty else { return nil }
            rest = rest.dropFirst(word.count)
            let next = String(rest.drop { $0 == " " }.prefix { $0.isLetter })
            // `class func` / `class var` is a modifier; `class Name` declares a class.
            let isClassModifier = word == "class" && (declarationKeywords.contains(next) || modifiers.contains(next))
            if declarationKeywords.contains(word) && !isClassModifier { return (word, mods) }
            guard modifiers.contains(word) else { return nil }
            mods.append(word)
            if rest.first == "(" {  // `private(set)`
                guard let end = closingParenthesis(rest) else { return nil }
                rest = rest[rest.index(after: end)...]
            }
            rest = rest.drop { $0 == " " }
        }
    }

    private static func closingParenthesis(_ text: Substring) -> Substring.Index? {
        var depth = 0
        for index in text.indices {
            if text[index] == "(" { depth += 1 }
            if text[index] == ")" { depth -= 1; if depth == 0 { return index } }
        }
        return nil
    }

    private static func isDocumented(_ lines: [String], before index: Int) -> Bool {
        var previous = index - 1
        while previous >= 0, lines[previous].trimmingCharacters(in: .whitespaces).hasPrefix("@") { previous -= 1 }
        guard previous >= 0 else { return false }
        let line = lines[previous].trimmingCharacters(in: .whitespaces)
        if line.hasPrefix("///") { return true }
        guard line.hasSuffix("*/") else { return false }
        // The comment's first line must open with `/**`.
        var start = previous
        while start >= 0, !lines[start].contains("/*") { start -= 1 }
        return start >= 0 && lines[start].contains("/**")
    }

    /// The source with every comment and the contents of every string literal replaced by spaces
    /// (line breaks kept), so that lines and columns are unchanged.
    static func blankCommentsAndStrings(_ source: String) -> String {
        var bytes = Array(source.utf8)
        var index = 0
        blankCode(&bytes, &index, untilParenthesis: false)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func blank(_ bytes: inout [UInt8], _ range: Range<Int>) {
        for position in range where bytes[position] != UInt8(ascii: "\n") { bytes[position] = UInt8(ascii: " ") }
    }

    /// Walks code from `index`; with `untilParenthesis`, stops after the `)` that closes an
    /// interpolation.
    private static func blankCode(_ bytes: inout [UInt8], _ index: inout Int, untilParenthesis: Bool) {
        var depth = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
                let start = index
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
                blank(&bytes, start..<index)
            } else if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                let start = index
                var nesting = 0
                while index < bytes.count {
                    if bytes[index] == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                        nesting += 1; index += 2
                    } else if bytes[index] == UInt8(ascii: "*"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
                        nesting -= 1; index += 2
                        if nesting == 0 { break }
                    } else {
                        index += 1
                    }
                }
                blank(&bytes, start..<index)
            } else if byte == UInt8(ascii: "\"") || (byte == UInt8(ascii: "#") && startsRawString(bytes, index)) {
                blankString(&bytes, &index)
            } else {
                if untilParenthesis {
                    if byte == UInt8(ascii: "(") { depth += 1 }
                    if byte == UInt8(ascii: ")") {
                        if depth == 0 { index += 1; return }
                        depth -= 1
                    }
                }
                index += 1
            }
        }
    }

    private static func startsRawString(_ bytes: [UInt8], _ index: Int) -> Bool {
        var position = index
        while position < bytes.count, bytes[position] == UInt8(ascii: "#") { position += 1 }
        return position < bytes.count && bytes[position] == UInt8(ascii: "\"")
    }

    /// Blanks a string literal's contents (`"…"`, `"""…"""`, raw `#"…"#`), keeping what its
    /// interpolations hold as code.
    private static func blankString(_ bytes: inout [UInt8], _ index: inout Int) {
        var hashes = 0
        while bytes[index] == UInt8(ascii: "#") { hashes += 1; index += 1 }
        let multiLine = index + 2 < bytes.count && bytes[index + 1] == UInt8(ascii: "\"") && bytes[index + 2] == UInt8(ascii: "\"")
        let quotes = multiLine ? 3 : 1
        index += quotes
        var start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\"), (1...hashes + 1).allSatisfy({ index + $0 < bytes.count }),
               (0..<hashes).allSatisfy({ bytes[index + 1 + $0] == UInt8(ascii: "#") }) {
                let after = index + 1 + hashes
                if after < bytes.count, bytes[after] == UInt8(ascii: "(") {
                    blank(&bytes, start..<index)
                    index = after + 1
                    blankCode(&bytes, &index, untilParenthesis: true)
                    start = index
                    continue
                }
                index = after + 1  // an escaped character
                continue
            }
            if byte == UInt8(ascii: "\""), index + quotes + hashes <= bytes.count,
               (0..<quotes).allSatisfy({ bytes[index + $0] == UInt8(ascii: "\"") }),
               (0..<hashes).allSatisfy({ bytes[index + quotes + $0] == UInt8(ascii: "#") }) {
                blank(&bytes, start..<index)
                index += quotes + hashes
                return
            }
            index += 1
        }
        blank(&bytes, start..<min(index, bytes.count))
    }
}
