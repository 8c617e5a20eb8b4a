import Foundation
import WalletCrypto

/// A floor under passphrases that protect a backup file (security requirement 41).
///
/// A backup leaves the machine, so anyone who copies it can guess offline for as long as they
/// like; Argon2id slows each guess but cannot save a short or patterned passphrase. The estimate
/// is deliberately simple and conservative — a floor, not a promise:
/// - at least ``minimumLength`` Unicode scalars (after NFKD), and
/// - at least ``minimumBits`` estimated bits, where each scalar that is neither a repeat of the
///   one before, nor the next step of a run (`abc`, `321`), nor the end of three scalars that
///   already occurred (the second `qwerty` in `qwertyqwerty`) contributes log2 of the size of the
///   character classes the passphrase uses (lower case 26, upper case 26, digits 10, other ASCII
///   33, anything beyond ASCII 100).
///
/// "correct horse battery staple" (28 scalars, about 140 bits) passes; "password1234" (8 useful
/// scalars of 36 possible, about 41 bits) does not.
public struct PassphraseStrength: Sendable, Hashable {
    /// The fewest Unicode scalars a backup passphrase may have, 12.
    public static let minimumLength = 12
    /// The fewest estimated bits a backup passphrase may have, 56.
    public static let minimumBits = 56.0

    /// The passphrase's length in Unicode scalars.
    public let length: Int
    /// The estimated entropy in bits.
    public let estimatedBits: Double

    /// Estimates the strength of `passphrase` (the rules are in the type's overview).
    public init(of passphrase: Passphrase) {
        let scalars: [UInt32] = passphrase.bytes.withUnsafeBytes { raw in
            var result: [UInt32] = []
            result.reserveCapacity(raw.count)
            var iterator = raw.makeIterator()
            var decoder = UTF8()
            while case .scalarValue(let scalar) = decoder.decode(&iterator) { result.append(scalar.value) }
            return result
        }
        var classes = (lower: false, upper: false, digit: false, symbol: false, other: false)
        var useful = 0
        // Three scalars packed into one value (each below 2^21).
        var seenTriples = Set<UInt64>()
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case 0x61...0x7A: classes.lower = true
            case 0x41...0x5A: classes.upper = true
            case 0x30...0x39: classes.digit = true
            case 0x20...0x7E: classes.symbol = true
            default: classes.other = true
            }
            if index == 0 { useful += 1; continue }
            let step = Int64(scalar) - Int64(scalars[index - 1])
            let previousStep = index >= 2 ? Int64(scalars[index - 1]) - Int64(scalars[index - 2]) : nil
            let repeats = step == 0
            let continuesRun = abs(step) == 1 && (previousStep == nil || previousStep == step)
            var repeatsEarlierText = false
            if index >= 2 {
                let triple = UInt64(scalars[index - 2]) << 42 | UInt64(scalars[index - 1]) << 21 | UInt64(scalar)
                repeatsEarlierText = !seenTriples.insert(triple).inserted
            }
            if !repeats && !continuesRun && !repeatsEarlierText { useful += 1 }
        }
        let pool = (classes.lower ? 26 : 0) + (classes.upper ? 26 : 0) + (classes.digit ? 10 : 0)
            + (classes.symbol ? 33 : 0) + (classes.other ? 100 : 0)
        length = scalars.count
        estimatedBits = pool > 1 ? Double(useful) * log2(Double(pool)) : 0
    }

    /// Whether the passphrase meets the floor for a backup.
    public var isAcceptableForBackup: Bool {
        length >= Self.minimumLength && estimatedBits >= Self.minimumBits
    }
}
