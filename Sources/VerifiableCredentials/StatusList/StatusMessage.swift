public import StrictJSON

/// One entry of a `BitstringStatusListEntry`'s `statusMessage` (W3C Bitstring Status List
/// §2.1): what a status value means on a `message` list, the value written as a hexadecimal
/// string with a `0x` prefix.
public struct StatusMessage: Sendable, Hashable {
    /// The status value the message is for.
    public let status: Int
    /// What the value means, for people.
    public let message: String

    /// A message for the status value `status`.
    public init(status: Int, message: String) {
        self.status = status
        self.message = message
    }

    /// `{"status": "0x…", "message": "…"}`.
    public var jsonValue: JSONValue {
        ["status": .string("0x" + String(status, radix: 16)), "message": .string(message)]
    }

    /// Reads one `statusMessage` entry; `nil` unless `status` is `0x` hex and `message` a string.
    public init?(json: JSONValue) {
        guard let text = json["status"]?.stringValue, let value = Self.parseStatus(text),
              let message = json["message"]?.stringValue else { return nil }
        self.init(status: value, message: message)
    }

    /// `0x` followed by 1–2 hexadecimal digits (a status value has at most 8 bits), either case.
    public static func parseStatus(_ text: String) -> Int? {
        guard text.hasPrefix("0x") || text.hasPrefix("0X") else { return nil }
        let digits = text.dropFirst(2)
        guard (1...2).contains(digits.count), digits.allSatisfy(\.isHexDigit) else { return nil }
        return Int(digits, radix: 16)
    }

    /// `VALUE=MESSAGE` as typed on the command line (`0x1=accepted` or `1=accepted`).
    public init?(argument: String) {
        guard let equals = argument.firstIndex(of: "=") else { return nil }
        let valueText = String(argument[..<equals]), message = String(argument[argument.index(after: equals)...])
        guard !message.isEmpty, let value = Self.parseStatus(valueText) ?? Int(valueText), (0...255).contains(value) else { return nil }
        self.init(status: value, message: message)
    }
}
