import WalletCrypto

/// RDF Dataset Canonicalization, RDFC-1.0 (W3C Recommendation, 2024): gives the blank nodes of
/// a dataset canonical identifiers (`c14n0`, `c14n1`, …) and serializes it as sorted canonical
/// N-Quads.
///
/// Poison datasets (§4.4 "Dataset Poisoning", security requirement 29): the work spent in the
/// Hash N-Degree Quads algorithm — each call and each permutation it tries — is counted, and
/// canonicalization stops with `complexityLimit` when it exceeds ``maximumWork``.
public struct RDFCanonicalizer: Sendable {
    public enum HashAlgorithm: String, Sendable {
        case sha256 = "SHA256", sha384 = "SHA384"
    }

    /// The outcome: the canonical N-Quads document, and the issued identifiers map (input blank
    /// node identifier → canonical identifier, §4.4.3 step 7).
    public struct Result: Sendable {
        public let canonicalNQuads: String
        public let issuedIdentifiers: [String: String]
        /// The canonical quads, sorted like their serialization.
        public let quads: [RDFQuad]
        /// The N-degree hashing steps spent (see ``RDFCanonicalizer/maximumWork``).
        public let work: Int
    }

    public var hashAlgorithm: HashAlgorithm
    /// How literals are escaped in the hashed and output N-Quads: RDFC-1.0's canonical form, or
    /// the URDNA2015 form older Linked Data proofs were made with.
    public var escaping: NQuads.Escaping = .canonical
    /// The N-degree hashing budget. The default lets every test of the W3C suite through and
    /// stops a 10-node blank node clique quickly.
    public var maximumWork: Int

    public static let defaultMaximumWork = 25_000

    public init(hashAlgorithm: HashAlgorithm = .sha256, maximumWork: Int = RDFCanonicalizer.defaultMaximumWork) {
        self.hashAlgorithm = hashAlgorithm
        self.maximumWork = maximumWork
    }

    /// Canonicalizes an N-Quads document.
    public func canonicalize(nquads: String) throws(JSONLDError) -> Result {
        try canonicalize(NQuads.parse(nquads))
    }

    /// §4.4.3 the canonicalization algorithm.
    public func canonicalize(_ input: [RDFQuad]) throws(JSONLDError) -> Result {
        var state = CanonicalizationState(quads: input, algorithm: hashAlgorithm, maximumWork: maximumWork, escaping: escaping)
        try state.run()
        let canonicalIssuer = state.canonicalIssuer
        func canonical(_ term: RDFTerm) -> RDFTerm {
            guard let identifier = term.blankNodeIdentifier else { return term }
            return .blankNode(canonicalIssuer.identifier(for: identifier)!)
        }
        // Steps 6–7, §5: relabel, serialize, sort in code point order (UTF-8 byte order is
        // code point order), without duplicates.
        var lines: [([UInt8], RDFQuad)] = []
        lines.reserveCapacity(state.quads.count)
        for quad in state.quads {
            let relabeled = RDFQuad(subject: canonical(quad.subject), predicate: quad.predicate, object: canonical(quad.object),
                                    graph: quad.graph.map(canonical))
            var bytes: [UInt8] = []
            NQuads.write(relabeled, into: &bytes, escaping: escaping) { $0 }
            lines.append((bytes, relabeled))
        }
        lines.sort { $0.0.lexicographicallyPrecedes($1.0) }
        // Equal lines are now neighbours: keep one of each (byte equality, not Unicode equivalence).
        var unique = 0
        for index in lines.indices where index == 0 || lines[index].0 != lines[unique - 1].0 {
            lines[unique] = lines[index]
            unique += 1
        }
        lines.removeLast(lines.count - unique)
        var output: [UInt8] = []
        output.reserveCapacity(lines.reduce(0) { $0 + $1.0.count })
        for (line, _) in lines { output.append(contentsOf: line) }
        let document = String(decoding: output, as: UTF8.self)
        return Result(canonicalNQuads: document, issuedIdentifiers: canonicalIssuer.issued, quads: lines.map(\.1), work: state.work)
    }
}

/// The canonicalization state (§4.3) and the hashing algorithms that use it.
struct CanonicalizationState {
    let quads: [RDFQuad]
    let algorithm: RDFCanonicalizer.HashAlgorithm
    let maximumWork: Int
    let escaping: NQuads.Escaping
    var work = 0
    /// Blank node identifier → the quads that mention it (indexes into `quads`).
    var blankNodeToQuads: [String: [Int]] = [:]
    /// Blank node identifiers in the order they first appear, for deterministic iteration.
    var blankNodes: [String] = []
    var canonicalIssuer = IdentifierIssuer(prefix: "c14n")
    var firstDegreeHashes: [String: String] = [:]

    init(quads: [RDFQuad], algorithm: RDFCanonicalizer.HashAlgorithm, maximumWork: Int, escaping: NQuads.Escaping) {
        self.quads = quads
        self.algorithm = algorithm
        self.maximumWork = maximumWork
        self.escaping = escaping
    }

    func hash(_ text: String) -> String { hash(bytes: Array(text.utf8)) }

    func hash(bytes: [UInt8]) -> String {
        Hex.encode(algorithm == .sha256 ? SHA256.hash(bytes) : SHA384.hash(bytes))
    }

    mutating func run() throws(JSONLDError) {
        // Step 2: map blank nodes to the quads that mention them.
        for (index, quad) in quads.enumerated() {
            for term in [quad.subject, quad.object, quad.graph] {
                guard let identifier = term?.blankNodeIdentifier else { continue }
                if blankNodeToQuads[identifier] == nil { blankNodes.append(identifier) }
                if blankNodeToQuads[identifier]?.last != index { blankNodeToQuads[identifier, default: []].append(index) }
            }
        }
        // Step 3: first-degree hashes.
        var hashToBlankNodes: [String: [String]] = [:]
        for identifier in blankNodes {
            hashToBlankNodes[hashFirstDegreeQuads(identifier), default: []].append(identifier)
        }
        // Step 4: blank nodes with a unique first-degree hash get canonical identifiers first.
        let sortedHashes = hashToBlankNodes.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for hash in sortedHashes where hashToBlankNodes[hash]!.count == 1 {
            canonicalIssuer.issue(hashToBlankNodes[hash]![0])
        }
        // Step 5: the others, through N-degree hashes.
        for hash in sortedHashes where hashToBlankNodes[hash]!.count > 1 {
            var paths: [(hash: String, issuer: IdentifierIssuer)] = []
            for identifier in hashToBlankNodes[hash]! where canonicalIssuer.identifier(for: identifier) == nil {
                var temporary = IdentifierIssuer(prefix: "b")
                temporary.issue(identifier)
                paths.append(try hashNDegreeQuads(identifier, issuer: temporary))
            }
            // Stable: equal hashes keep their order.
            let ordered = paths.enumerated().sorted { lhs, rhs in
                lhs.element.hash == rhs.element.hash ? lhs.offset < rhs.offset : lhs.element.hash.utf8.lexicographicallyPrecedes(rhs.element.hash.utf8)
            }
            for (_, result) in ordered {
                for existing in result.issuer.order { canonicalIssuer.issue(existing) }
            }
        }
    }

    /// §4.6.3 Hash First Degree Quads: the quads of `reference`, with it written `_:a` and any
    /// other blank node `_:z`, serialized, sorted, concatenated and hashed.
    mutating func hashFirstDegreeQuads(_ reference: String) -> String {
        if let known = firstDegreeHashes[reference] { return known }
        var lines = blankNodeToQuads[reference, default: []].map { index in
            var bytes: [UInt8] = []
            NQuads.write(quads[index], into: &bytes, escaping: escaping) { $0 == reference ? "a" : "z" }
            return bytes
        }
        lines.sort { $0.lexicographicallyPrecedes($1) }
        let result = hash(bytes: Array(lines.joined()))
        firstDegreeHashes[reference] = result
        return result
    }

    /// §4.7.3 Hash Related Blank Node.
    mutating func hashRelatedBlankNode(_ related: String, quad: RDFQuad, issuer: IdentifierIssuer, position: String) -> String {
        // An issued identifier is written as a blank node (`_:c14n0`); otherwise the first-degree hash.
        let identifier = (canonicalIssuer.identifier(for: related) ?? issuer.identifier(for: related)).map { "_:" + $0 } ?? hashFirstDegreeQuads(related)
        var input = position
        if position != "g", case .iri(let predicate) = quad.predicate { input += "<" + predicate + ">" }
        input += identifier
        return hash(input)
    }

    mutating func spend() throws(JSONLDError) {
        work += 1
        if work > maximumWork {
            throw JSONLDError(.complexityLimit, "canonicalization needs more than \(maximumWork) steps of N-degree hashing; the dataset may be crafted to exhaust the verifier")
        }
    }

    /// §4.8.3 Hash N-Degree Quads.
    mutating func hashNDegreeQuads(_ identifier: String, issuer initialIssuer: IdentifierIssuer) throws(JSONLDError) -> (hash: String, issuer: IdentifierIssuer) {
        try spend()
        var issuer = initialIssuer
        // Steps 1–3: related blank nodes grouped by their related hash.
        var hashToRelated: [String: [String]] = [:]
        for index in blankNodeToQuads[identifier, default: []] {
            let quad = quads[index]
            for (term, position) in [(quad.subject, "s"), (quad.object, "o"), (quad.graph, "g")] {
                guard let related = term?.blankNodeIdentifier, related != identifier else { continue }
                let relatedHash = hashRelatedBlankNode(related, quad: quad, issuer: issuer, position: position)
                hashToRelated[relatedHash, default: []].append(related)
            }
        }
        // Step 5.
        var dataToHash = ""
        for relatedHash in hashToRelated.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            dataToHash += relatedHash
            var chosenPath = ""
            var chosenIssuer: IdentifierIssuer?
            var permutation = hashToRelated[relatedHash]!
            var indexes = Array(permutation.indices)
            let list = permutation
            repeat {
                try spend()
                permutation = indexes.map { list[$0] }
                var issuerCopy = issuer
                var path = ""
                var recursionList: [String] = []
                var skip = false
                for related in permutation {
                    if let canonical = canonicalIssuer.identifier(for: related) {
                        path += "_:" + canonical
                    } else {
                        if issuerCopy.identifier(for: related) == nil { recursionList.append(related) }
                        path += "_:" + issuerCopy.issue(related)
                    }
                    if !chosenPath.isEmpty, path.utf8.count >= chosenPath.utf8.count, chosenPath.utf8.lexicographicallyPrecedes(path.utf8) {
                        skip = true
                        break
                    }
                }
                if !skip {
                    for related in recursionList {
                        let result = try hashNDegreeQuads(related, issuer: issuerCopy)
                        path += "_:" + issuerCopy.issue(related)
                        path += "<" + result.hash + ">"
                        issuerCopy = result.issuer
                        if !chosenPath.isEmpty, path.utf8.count >= chosenPath.utf8.count, chosenPath.utf8.lexicographicallyPrecedes(path.utf8) {
                            skip = true
                            break
                        }
                    }
                }
                if !skip, chosenPath.isEmpty || path.utf8.lexicographicallyPrecedes(chosenPath.utf8) {
                    chosenPath = path
                    chosenIssuer = issuerCopy
                }
            } while Self.nextPermutation(&indexes)
            dataToHash += chosenPath
            issuer = chosenIssuer!
        }
        return (hash(dataToHash), issuer)
    }

    /// The next permutation of `indexes` in lexicographic order; false after the last one.
    static func nextPermutation(_ indexes: inout [Int]) -> Bool {
        guard indexes.count > 1 else { return false }
        var pivot = indexes.count - 2
        while pivot >= 0 && indexes[pivot] >= indexes[pivot + 1] { pivot -= 1 }
        guard pivot >= 0 else { return false }
        var successor = indexes.count - 1
        while indexes[successor] <= indexes[pivot] { successor -= 1 }
        indexes.swapAt(pivot, successor)
        indexes[(pivot + 1)...].reverse()
        return true
    }
}
