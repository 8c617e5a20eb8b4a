#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Apps that show `error.localizedDescription` get the stable code first, then the message.
extension KeystoreError: LocalizedError {
    /// `"code: message"` (``description``): the code stays in the text an app shows or logs.
    public var errorDescription: String? { description }
}
