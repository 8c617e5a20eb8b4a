internal import CSodium
public import Foundation

/// A buffer for secrets, allocated with `sodium_malloc` and zeroed and released with
/// `sodium_free` when the last reference goes away.
///
/// `sodium_malloc` places the buffer against a guard page and locks it into memory where the
/// system allows it, so it is not swapped out. The bytes are reachable only inside
/// ``withUnsafeBytes(_:)``; `description`, `debugDescription` and the mirror are redacted, and the
/// type is deliberately not `Codable`.
public final class SecureBytes: @unchecked Sendable {
    // Immutable after initialisation, hence the `@unchecked Sendable`.
    private let pointer: UnsafeMutableRawPointer
    /// The number of secret bytes.
    public let count: Int

    /// Allocates `count` zero bytes and lets `initializer` fill them.
    public init(count: Int, initializer: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        precondition(count >= 0, "SecureBytes count must not be negative")
        Sodium.ensureInitialized()
        // sodium_malloc(0) is allowed but returns a pointer we must not touch; keep one byte.
        guard let memory = sodium_malloc(max(count, 1)) else {
            fatalError("sodium_malloc failed: out of memory")
        }
        sodium_memzero(memory, max(count, 1))
        self.pointer = memory
        self.count = count
        do {
            try initializer(UnsafeMutableRawBufferPointer(start: memory, count: count))
        } catch {
            sodium_memzero(memory, max(count, 1))
            sodium_free(memory)
            throw error
        }
    }

    /// Copies `bytes` into secure memory. The caller remains responsible for wiping its copy.
    public convenience init(copying bytes: some ContiguousBytes) {
        let length = bytes.withUnsafeBytes { $0.count }
        self.init(count: length) { destination in
            bytes.withUnsafeBytes { source in
                if let base = source.baseAddress, length > 0 {
                    csodium_shim_copy_secret(destination.baseAddress!, base, length)
                }
            }
        }
    }

    /// `count` bytes from libsodium's CSPRNG.
    public static func random(count: Int) -> SecureBytes {
        SecureBytes(count: count) { buffer in
            if count > 0 { randombytes_buf(buffer.baseAddress!, count) }
        }
    }

    deinit {
        sodium_memzero(pointer, max(count, 1))
        sodium_free(pointer)
    }

    /// Gives `body` read access to the secret bytes. Do not let the pointer escape.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// A new buffer with the first `length` bytes (at most ``count``).
    public func prefix(_ length: Int) -> SecureBytes {
        let length = min(max(length, 0), count)
        return SecureBytes(count: length) { destination in
            if length > 0 { csodium_shim_copy_secret(destination.baseAddress!, pointer, length) }
        }
    }

    /// Copies secret bytes into `destination` at `offset`, one byte at a time and never through
    /// vector registers: `memcpy` leaves up to 64 bytes of its source in those registers, and the
    /// dynamic linker's next lazy binding saves them on the stack, where a core dump finds them.
    public static func copySecret(_ source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer, at offset: Int = 0) {
        precondition(offset >= 0 && source.count <= destination.count - offset, "copySecret out of bounds")
        guard let from = source.baseAddress, let to = destination.baseAddress, source.count > 0 else { return }
        csodium_shim_copy_secret(to + offset, from, source.count)
    }

    /// Compares the contents in constant time (for equal lengths).
    public func constantTimeEquals(_ other: SecureBytes) -> Bool {
        guard count == other.count else { return false }
        return other.withUnsafeBytes { otherBytes in
            sodium_memcmp(pointer, otherBytes.baseAddress!, count) == 0
        }
    }
}

extension SecureBytes: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The length only; the contents are redacted.
    public var description: String { "SecureBytes(\(count) bytes, redacted)" }
    /// The same redacted text as ``description``.
    public var debugDescription: String { description }
    /// An empty mirror, so `dump()` shows no contents.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .class) }
}

extension SecureBytes: ContiguousBytes {}
