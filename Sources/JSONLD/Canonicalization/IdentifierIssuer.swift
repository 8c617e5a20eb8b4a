/// An identifier issuer (RDFC-1.0 §4.5): issues `prefix` + counter to blank nodes, remembering
/// what it issued and in which order. Blank node identifiers are told apart by code points.
struct IdentifierIssuer: Sendable {
    let prefix: String
    private(set) var counter = 0
    private var issuedByCodePoints: [CodePoints: String] = [:]
    /// Existing identifiers in the order they were issued.
    private(set) var order: [String] = []

    init(prefix: String) { self.prefix = prefix }

    /// The issued identifiers map (existing → issued). Two input identifiers that are different
    /// code points but equal Swift strings (canonically equivalent) share one key here.
    var issued: [String: String] {
        Dictionary(issuedByCodePoints.map { ($0.key.string, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// §4.5.2 Issue Identifier algorithm.
    @discardableResult
    mutating func issue(_ existing: String) -> String {
        if let identifier = issuedByCodePoints[CodePoints(existing)] { return identifier }
        let identifier = prefix + String(counter)
        counter += 1
        issuedByCodePoints[CodePoints(existing)] = identifier
        order.append(existing)
        return identifier
    }

    func identifier(for existing: String) -> String? { issuedByCodePoints[CodePoints(existing)] }
}
