#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A decompression failure is reported by the verifier as `invalidStatusList`; its text says so.
extension GZIP.Failure: LocalizedError {
    /// `"invalidStatusList: message"`, the code the verifier reports for a list that does not decompress.
    public var errorDescription: String? { "\(VCError.Code.invalidStatusList): \(message)" }
}

/// A status list missing from a ``StaticStatusListProvider`` leaves the status unknown.
extension StaticStatusListProvider.NotFound: LocalizedError {
    /// `"statusUnknown: …"`, the code the verifier reports when a status list cannot be had.
    public var errorDescription: String? { "\(VCError.Code.statusUnknown): no status list credential is given for \(url)" }
}
