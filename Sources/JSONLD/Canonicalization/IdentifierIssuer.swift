/// An identifier issuer (RDFC-1.0 §4.5): issues `prefix` + counter to blank nodes, remembering
/// what it issued and in which order.
struct IdentifierIssuer: Sendable {
    let prefix: String
    private(set) var counter = 0
    private(set) var issued: [String: String] = [:]
    /// Existing identifiers in the order they were issued.
    private(set) var order: [String] = []

    init(prefix: String) { self.prefix = prefix }

    /// §4.5.2 Issue Identifier algorithm.
    @discardableResult
    mutating func issue(_ existing: String) -> String {
        if let identifier = issued[existing] { return identifier }
        let identifier = prefix + String(counter)
        counter += 1
        issued[existing] = identifier
        order.append(existing)
        return identifier
    }

    func identifier(for existing: String) -> String? { issued[existing] }
}
