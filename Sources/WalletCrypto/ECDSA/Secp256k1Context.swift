internal import CSecp256k1

/// The one libsecp256k1 context of the process.
///
/// It is created once (a Swift `static let` is initialised exactly once, under a lock) and
/// randomised with 32 bytes of libsodium's CSPRNG before anything uses it: the seed blinds the
/// scalar multiplications that involve secret keys (`secp256k1_context_randomize`). After that it
/// is only read — every library call takes it as `const` — so concurrent use is safe. It is never
/// destroyed: it lives as long as the process.
final class Secp256k1Context: @unchecked Sendable {
    /// The shared context.
    static let shared = Secp256k1Context()

    /// The context pointer; read-only after `init`, hence `@unchecked Sendable`.
    let pointer: OpaquePointer

    private init() {
        guard let context = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE)) else {
            fatalError("secp256k1_context_create failed: out of memory")
        }
        let seed = SecureBytes.random(count: 32)
        let randomised = seed.withUnsafeBytes { secp256k1_context_randomize(context, $0.baseAddress!.assumingMemoryBound(to: UInt8.self)) }
        precondition(randomised == 1, "secp256k1_context_randomize cannot fail on a new context")
        self.pointer = context
    }
}
