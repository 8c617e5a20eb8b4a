public import WalletCrypto

/// Argon2id presets and the bounds every stored parameter must fall within before the KDF runs
/// (security requirement 2: an attacker who edits the header can neither weaken the KDF below
/// the floor nor make unlocking exhaust memory above the ceiling).
public struct KDFPolicy: Sendable, Hashable {
    /// The smallest parameters accepted from a header.
    public var floor: Argon2id.Parameters
    /// The largest parameters accepted from a header.
    public var ceiling: Argon2id.Parameters

    /// A policy accepting parameters between `floor` and `ceiling`, both included.
    public init(floor: Argon2id.Parameters, ceiling: Argon2id.Parameters) {
        self.floor = floor
        self.ceiling = ceiling
    }

    /// Floor: libsodium's `interactive` limits (2 passes, 64 MiB). Ceiling: 10 passes, 1 GiB
    /// (`sensitive` memory).
    public static let standard = KDFPolicy(
        floor: .interactive,
        ceiling: Argon2id.Parameters(opsLimit: 10, memLimit: Argon2id.Parameters.sensitive.memLimit))

    /// Whether `parameters` lie within the bounds.
    public func allows(_ parameters: Argon2id.Parameters) -> Bool {
        parameters.opsLimit >= floor.opsLimit && parameters.opsLimit <= ceiling.opsLimit
            && parameters.memLimit >= floor.memLimit && parameters.memLimit <= ceiling.memLimit
    }
}

extension Argon2id.Parameters {
    /// Whether these parameters are weaker than `other` in either dimension.
    public func isWeaker(than other: Argon2id.Parameters) -> Bool {
        opsLimit < other.opsLimit || memLimit < other.memLimit
    }
}
