import Foundation
import WalletCrypto

/// RDF Dataset Canonicalization, RDFC-1.0 (W3C Recommendation, 2024): gives the blank nodes of
/// a dataset canonical identifiers (`c14n0`, `c14n1`, …) and serializes it as sorted canonical
/// N-Quads.
///
/// Poison datasets (§4.4 "Dataset Poisoning", security requirement 29): the work spent in the
/// Hash N-Degree Quads algorithm — each call and each permutation it tries — is counted, and
/// canonicalization stops with `complexityLimit` when it exceeds ``maximumWork``.
public struct RDFCanonicalizer: Sendable {
    /// The hash function of the canonicalization (RDFC-1.0 §4.2): SHA-256 by default, SHA-384 when a suite asks for it.
    public enum HashAlgorithm: String, Sendable {
        /// SHA-256 (the default) and SHA-384.
        case sha256 = "SHA256", sha384 = "SHA384"
    }

    /// The outcome: the canonical N-Quads document, and the issued identifiers map (input blank
    /// node identifier → canonical identifier, §4.4.3 step 7).
    public struct Result: Sendable {
        /// The canonical N-Quads document as UTF-8 bytes (what the cryptosuites hash).
        public let canonicalBytes: [UInt8]
        /// The issued identifiers map: input blank node identifier → canonical identifier (`c14n0`...).
        public let issuedIdentifiers: [String: String]
        /// The N-degree hashing steps spent (see ``RDFCanonicalizer/maximumWork``).
        public let work: Int
        /// The input dataset, in output order the indexes of its quads, and each blank node's
        /// canonical identifier by number.
        let input: RDFDataset
        let order: [Int]
        let canonicalLabels: [String]

        /// The canonical N-Quads document.
        public var canonicalNQuads: String { String(decoding: canonicalBytes, as: UTF8.self) }

        /// The canonical quads, sorted like their serialization.
        public var quads: [RDFQuad] {
            func canonical(_ id: RDFDataset.TermID) -> RDFTerm {
                RDFDataset.isBlankNode(id) ? .blankNode(canonicalLabels[RDFDataset.blankNodeNumber(id)]) : input.term(id)
            }
            return order.map { index in
                let quad = input.quads[index]
                return RDFQuad(subject: canonical(quad.subject), predicate: canonical(quad.predicate), object: canonical(quad.object),
                               graph: quad.graph == RDFDataset.defaultGraph ? nil : canonical(quad.graph))
            }
        }
    }

    /// The hash function used by the algorithm.
    public var hashAlgorithm: HashAlgorithm
    /// How literals are escaped in the hashed and output N-Quads: RDFC-1.0's canonical form, or
    /// the URDNA2015 form older Linked Data proofs were made with.
    public var escaping: NQuads.Escaping = .canonical
    /// The N-degree hashing budget. The default lets every test of the W3C suite through and
    /// stops a 10-node blank node clique quickly.
    public var maximumWork: Int

    /// The default N-degree hashing budget, 25,000 steps (the W3C suite needs at most 3,348).
    public static let defaultMaximumWork = 25_000

    /// A canonicalizer.
    ///
    /// - Parameters:
    ///   - hashAlgorithm: The hash function; SHA-256 unless stated.
    ///   - maximumWork: The N-degree hashing budget; over it canonicalization fails with `complexityLimit`.
    public init(hashAlgorithm: HashAlgorithm = .sha256, maximumWork: Int = RDFCanonicalizer.defaultMaximumWork) {
        self.hashAlgorithm = hashAlgorithm
        self.maximumWork = maximumWork
    }

    /// Canonicalizes an N-Quads document.
    public func canonicalize(nquads: String) throws(JSONLDError) -> Result {
        try canonicalize(NQuads.parse(nquads))
    }

    /// §4.4.3 the canonicalization algorithm. A quad given twice counts once (a dataset is a set).
    public func canonicalize(_ input: [RDFQuad]) throws(JSONLDError) -> Result {
        try canonicalize(RDFDataset(input))
    }

    func canonicalize(_ input: RDFDataset) throws(JSONLDError) -> Result {
        var state = CanonicalizationState(dataset: input, algorithm: hashAlgorithm, maximumWork: maximumWork, escaping: escaping)
        try state.run()
        // Steps 6–7, §5: relabel, serialize, sort in code point order (UTF-8 byte order is code
        // point order), without duplicates. Lines are written into one buffer and sorted as ranges.
        // (A blank node no quad mentions has no canonical identifier, and is never written.)
        let canonicalLabels = state.blankNodes.map { state.canonicalIssuer.identifier(for: $0) ?? "" }
        let labels = canonicalLabels.map { Array($0.utf8) }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(state.termBytes.count + input.quads.count * 16)
        var lines: [(range: Range<Int>, quad: Int)] = []
        lines.reserveCapacity(input.quads.count)
        for index in input.quads.indices {
            let start = buffer.count
            state.write(index, into: &buffer) { labels[$0] }
            lines.append((start..<buffer.count, index))
        }
        buffer.withUnsafeBufferPointer { bytes in
            ByteRanges.sort(&lines) { ByteRanges.precedes($0.range, $1.range, in: bytes) }
        }
        var output: [UInt8] = []
        output.reserveCapacity(buffer.count)
        var order: [Int] = []
        order.reserveCapacity(lines.count)
        var previous: Range<Int>?
        buffer.withUnsafeBufferPointer { bytes in
            for line in lines {
                // Equal lines are neighbours: keep one of each (byte equality, not Unicode equivalence).
                if let previous, ByteRanges.equal(previous, line.range, in: bytes) { continue }
                output.append(contentsOf: bytes[line.range])
                order.append(line.quad)
                previous = line.range
            }
        }
        return Result(canonicalBytes: output, issuedIdentifiers: state.canonicalIssuer.issued, work: state.work, input: input, order: order,
                      canonicalLabels: canonicalLabels)
    }
}

/// Comparisons of byte ranges of one buffer, in code point (UTF-8 byte) order.
enum ByteRanges {
    static func precedes(_ lhs: Range<Int>, _ rhs: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let common = min(lhs.count, rhs.count)
        let order = common == 0 ? 0 : memcmp(bytes.baseAddress! + lhs.lowerBound, bytes.baseAddress! + rhs.lowerBound, common)
        return order != 0 ? order < 0 : lhs.count < rhs.count
    }

    /// Sorts `items`: by insertion for the few lines of one blank node (the library sort
    /// allocates a merge buffer even for five elements), by the library otherwise.
    static func sort<Item>(_ items: inout [Item], by precedes: (Item, Item) -> Bool) {
        guard items.count <= 16 else {
            items.sort(by: precedes)
            return
        }
        for index in items.indices.dropFirst() {
            let item = items[index]
            var position = index
            while position > 0, precedes(item, items[position - 1]) {
                items[position] = items[position - 1]
                position -= 1
            }
            items[position] = item
        }
    }

    static func equal(_ lhs: Range<Int>, _ rhs: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        lhs.count == rhs.count && (lhs.isEmpty || memcmp(bytes.baseAddress! + lhs.lowerBound, bytes.baseAddress! + rhs.lowerBound, lhs.count) == 0)
    }
}

/// The canonicalization state (§4.3) and the hashing algorithms that use it.
///
/// Blank nodes are the dataset's numbers, and every other term is serialized once, up front:
/// the hashing steps and the output then only copy bytes.
struct CanonicalizationState {
    let dataset: RDFDataset
    let algorithm: RDFCanonicalizer.HashAlgorithm
    let maximumWork: Int
    let escaping: NQuads.Escaping
    var work = 0
    /// The serialized IRIs and literals of the dataset, and each term's range in it.
    var termBytes: [UInt8] = []
    var termRanges: [Range<Int>] = []
    /// Blank node identifiers by number.
    var blankNodes: [String] { dataset.blankNodes }
    /// Blank node number → the quads that mention it (indexes into the dataset's quads).
    var blankNodeToQuads: [[Int]] = []
    /// Blank node numbers in the order they first appear in the quads (§4.4.3 step 2).
    var blankNodeOrder: [Int] = []
    var canonicalIssuer = IdentifierIssuer(prefix: "c14n")
    var firstDegreeHashes: [String?] = []

    static let labelA: [UInt8] = Array("a".utf8), labelZ: [UInt8] = Array("z".utf8)

    init(dataset: RDFDataset, algorithm: RDFCanonicalizer.HashAlgorithm, maximumWork: Int, escaping: NQuads.Escaping) {
        self.dataset = dataset
        self.algorithm = algorithm
        self.maximumWork = maximumWork
        self.escaping = escaping
    }

    func hash(_ text: String) -> String { hash(bytes: Array(text.utf8)) }

    func hash(bytes: [UInt8]) -> String {
        Hex.encode(algorithm == .sha256 ? SHA256.hash(bytes) : SHA384.hash(bytes))
    }

    /// Serializes the terms and maps each blank node to the quads that mention it (step 2).
    mutating func prepare() {
        termBytes.reserveCapacity(dataset.terms.count * 48)
        termRanges.reserveCapacity(dataset.terms.count)
        for term in dataset.terms {
            let start = termBytes.count
            NQuads.write(term, into: &termBytes, escaping: escaping) { $0 }
            termRanges.append(start..<termBytes.count)
        }
        blankNodeToQuads = Array(repeating: [], count: dataset.blankNodes.count)
        func mention(_ id: RDFDataset.TermID, in index: Int) {
            guard RDFDataset.isBlankNode(id) else { return }
            let number = RDFDataset.blankNodeNumber(id)
            if blankNodeToQuads[number].isEmpty { blankNodeOrder.append(number) }
            if blankNodeToQuads[number].last != index { blankNodeToQuads[number].append(index) }
        }
        for (index, quad) in dataset.quads.enumerated() {
            mention(quad.subject, in: index)
            mention(quad.object, in: index)
            mention(quad.graph, in: index)
        }
        firstDegreeHashes = Array(repeating: nil, count: dataset.blankNodes.count)
    }

    /// Appends quad `index` in canonical N-Quads form, its blank nodes written `_:` + `label`.
    func write(_ index: Int, into out: inout [UInt8], label: (Int) -> [UInt8]) {
        let quad = dataset.quads[index]
        func append(_ id: RDFDataset.TermID) {
            if RDFDataset.isBlankNode(id) {
                out.append(UInt8(ascii: "_"))
                out.append(UInt8(ascii: ":"))
                out.append(contentsOf: label(RDFDataset.blankNodeNumber(id)))
            } else {
                out.append(contentsOf: termBytes[termRanges[Int(id)]])
            }
        }
        append(quad.subject)
        out.append(0x20)
        append(quad.predicate)
        out.append(0x20)
        append(quad.object)
        if quad.graph != RDFDataset.defaultGraph {
            out.append(0x20)
            append(quad.graph)
        }
        out.append(0x20)
        out.append(UInt8(ascii: "."))
        out.append(0x0A)
    }

    mutating func run() throws(JSONLDError) {
        prepare()
        // Step 3: first-degree hashes.
        var hashToBlankNodes: [String: [String]] = [:]
        for number in blankNodeOrder {
            hashToBlankNodes[hashFirstDegreeQuads(number), default: []].append(blankNodes[number])
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

    /// §4.6.3 Hash First Degree Quads: the quads of blank node `reference`, with it written
    /// `_:a` and any other blank node `_:z`, serialized, sorted, concatenated and hashed.
    mutating func hashFirstDegreeQuads(_ reference: Int) -> String {
        if let known = firstDegreeHashes[reference] { return known }
        var buffer: [UInt8] = []
        var lines: [Range<Int>] = []
        for index in blankNodeToQuads[reference] {
            let start = buffer.count
            write(index, into: &buffer) { $0 == reference ? Self.labelA : Self.labelZ }
            lines.append(start..<buffer.count)
        }
        var joined: [UInt8] = []
        joined.reserveCapacity(buffer.count)
        buffer.withUnsafeBufferPointer { bytes in
            ByteRanges.sort(&lines) { ByteRanges.precedes($0, $1, in: bytes) }
            for line in lines { joined.append(contentsOf: bytes[line]) }
        }
        let result = hash(bytes: joined)
        firstDegreeHashes[reference] = result
        return result
    }

    /// Blank node identifier → number, built when N-degree hashing first needs it.
    var blankNodeNumbersByName: [CodePoints: Int] = [:]

    /// The number of a blank node identifier of the dataset.
    mutating func number(of identifier: String) -> Int {
        if blankNodeNumbersByName.isEmpty {
            blankNodeNumbersByName = Dictionary(dataset.blankNodes.enumerated().map { (CodePoints($1), $0) }, uniquingKeysWith: { first, _ in first })
        }
        return blankNodeNumbersByName[CodePoints(identifier)]!
    }

    /// §4.7.3 Hash Related Blank Node.
    mutating func hashRelatedBlankNode(_ related: String, quad: RDFQuad, issuer: IdentifierIssuer, position: String) -> String {
        // An issued identifier is written as a blank node (`_:c14n0`); otherwise the first-degree hash.
        let identifier = (canonicalIssuer.identifier(for: related) ?? issuer.identifier(for: related)).map { "_:" + $0 } ?? hashFirstDegreeQuads(number(of: related))
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
        let number = number(of: identifier)
        for index in blankNodeToQuads[number] {
            let quad = dataset.quads[index]
            for (id, position) in [(quad.subject, "s"), (quad.object, "o"), (quad.graph, "g")] where RDFDataset.isBlankNode(id) {
                let related = RDFDataset.blankNodeNumber(id)
                guard related != number else { continue }
                let relatedHash = hashRelatedBlankNode(blankNodes[related], quad: dataset.rdfQuad(quad), issuer: issuer, position: position)
                hashToRelated[relatedHash, default: []].append(blankNodes[related])
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
