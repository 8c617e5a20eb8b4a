internal import CSodium
internal import Foundation

/// One-time, thread-safe initialisation of libsodium.
///
/// `sodium_init()` takes its own lock and a Swift `static let` is initialised exactly once, so
/// every entry point of this module calls ``ensureInitialized()`` before touching libsodium.
enum Sodium {
    private static let status: Int32 = sodium_init()

    /// `sodium_init()` returns 0 on first success, 1 when already initialised and -1 on failure;
    /// failure means no secure randomness is available, which no caller can recover from.
    @inline(__always)
    static func ensureInitialized() {
        precondition(status >= 0, "libsodium failed to initialise (no entropy source?)")
    }
}

extension ContiguousBytes {
    /// Calls `body` with a pointer that is never `nil`, as libsodium expects even for empty input.
    @inline(__always)
    func withNonNullBytes<R>(_ body: (UnsafePointer<UInt8>, Int) throws -> R) rethrows -> R {
        try withUnsafeBytes { raw in
            if let base = raw.baseAddress, raw.count > 0 {
                return try body(base.assumingMemoryBound(to: UInt8.self), raw.count)
            }
            var zero: UInt8 = 0
            return try withUnsafePointer(to: &zero) { try body($0, 0) }
        }
    }
}
