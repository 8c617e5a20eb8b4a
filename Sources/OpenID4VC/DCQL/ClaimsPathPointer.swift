public import StrictJSON

/// A claims path pointer (OpenID4VP 1.0 §7): a non-empty array of strings (object keys),
/// non-negative integers (array indices) and `null` (every element of the selected arrays).
public struct ClaimsPathPointer: Sendable, Hashable, CustomStringConvertible {
    /// One step of a pointer.
    public enum Component: Sendable, Hashable {
        /// An object member by key.
        case key(String)
        /// An array element by index.
        case index(Int)
        /// Every element of the selected arrays (`null`).
        case allElements
    }

    /// One step of a concrete path to a selected claim: a key or an index, never "all".
    public enum Step: Sendable, Hashable {
        /// An object member by key.
        case key(String)
        /// An array element by index.
        case index(Int)
    }

    /// The most components a pointer may have here (a bound on the walk).
    public static let maximumComponents = 16

    /// The components, in order.
    public let components: [Component]

    /// A pointer from its components.
    ///
    /// - Throws: ``OpenID4VCError`` `invalidMessage` when empty, `messageTooLarge` when longer
    ///   than ``maximumComponents``.
    public init(_ components: [Component]) throws(OpenID4VCError) {
        guard !components.isEmpty else { throw OpenID4VCError(.invalidMessage, "a claims path pointer is a non-empty array") }
        guard components.count <= Self.maximumComponents else {
            throw OpenID4VCError(.messageTooLarge, "a claims path pointer has at most \(Self.maximumComponents) components")
        }
        self.components = components
    }

    /// Parses the JSON form: strings, `null` and non-negative integers (§7).
    ///
    /// - Throws: ``OpenID4VCError`` `invalidMessage` for any other element or an empty array.
    public init(json: JSONValue) throws(OpenID4VCError) {
        guard let elements = json.arrayValue else { throw OpenID4VCError(.invalidMessage, "a claims path pointer is an array") }
        var components: [Component] = []
        for element in elements {
            switch element {
            case .string(let key): components.append(.key(key))
            case .null: components.append(.allElements)
            case .number(let number):
                guard let value = number.int64Value, value >= 0, value <= Int64(Int32.max), String(value) == number.text else {
                    throw OpenID4VCError(.invalidMessage, "a claims path index is a non-negative integer, not \(number.text)")
                }
                components.append(.index(Int(value)))
            default:
                throw OpenID4VCError(.invalidMessage, "a claims path component is a string, null or a non-negative integer, not \(element.typeName)")
            }
        }
        try self.init(components)
    }

    /// The JSON form.
    public var jsonValue: JSONValue {
        .array(components.map { component in
            switch component {
            case .key(let key): .string(key)
            case .index(let index): .number(JSONNumber(index))
            case .allElements: .null
            }
        })
    }

    /// `address.street_address`, `degrees[*].type`, `nationalities[1]`: for people.
    public var description: String { Self.text(components.map { component in
        switch component {
        case .key(let key): .key(key)
        case .index(let index): .index(index)
        case .allElements: .key("*")
        }
    }, starIsAll: true) }

    /// The dotted form of a concrete path, as `SDJWT.present(_:disclose:…)` takes it (`a.b`,
    /// `list[0]`).
    public static func text(_ steps: [Step]) -> String { text(steps, starIsAll: false) }

    private static func text(_ steps: [Step], starIsAll: Bool) -> String {
        var output = ""
        for step in steps {
            switch step {
            case .key(let key) where starIsAll && key == "*": output += "[*]"
            case .key(let key): output += output.isEmpty ? key : ".\(key)"
            case .index(let index): output += "[\(index)]"
            }
        }
        return output
    }

    /// Applies the pointer to `root` (§7.1.1): the selected elements with their concrete paths,
    /// in document order; `nil` when processing aborts (a key applied to a non-object, an index
    /// or `null` to a non-array) or nothing is selected. At most `limit` elements are selected
    /// (a bound on `null` over large arrays); beyond that the result is `nil`.
    public func select(in root: JSONValue, limit: Int = 4096) -> [(path: [Step], value: JSONValue)]? {
        var selection: [(path: [Step], value: JSONValue)] = [([], root)]
        for component in components {
            var next: [(path: [Step], value: JSONValue)] = []
            for (path, value) in selection {
                switch component {
                case .key(let key):
                    guard let object = value.objectValue else { return nil }
                    if let member = object[key] { next.append((path + [.key(key)], member)) }
                case .index(let index):
                    guard let array = value.arrayValue else { return nil }
                    if array.indices.contains(index) { next.append((path + [.index(index)], array[index])) }
                case .allElements:
                    guard let array = value.arrayValue else { return nil }
                    for (index, element) in array.enumerated() { next.append((path + [.index(index)], element)) }
                }
                if next.count > limit { return nil }
            }
            selection = next
        }
        return selection.isEmpty ? nil : selection
    }
}
