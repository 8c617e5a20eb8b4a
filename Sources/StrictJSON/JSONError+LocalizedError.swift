#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Apps that show `error.localizedDescription` get the stable code first, then the message.
extension JSONError: LocalizedError {
    /// `"code: message"`, or `"code at byte n: message"` when the offset is known (``description``): the code stays in the text an app shows or logs.
    public var errorDescription: String? { description }
}
