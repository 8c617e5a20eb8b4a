public import StrictJSON

/// Rebuilds the claims of an SD-JWT from its payload and disclosures (RFC 9901 §7.1, steps
/// 3–5), refusing everything the RFC and security requirement 21 list: unsupported `_sd_alg`,
/// the same digest twice, two identical disclosures, a disclosure that nothing references, a
/// claim name that collides, an object disclosure in an array slot or the reverse, and
/// malformed `_sd` arrays or `...` elements.
///
/// The rebuilt claims are at most ``maximumDepth`` containers deep (security requirement 36):
/// each disclosure's value may reference further disclosures, so without a bound a chain of
/// small disclosures nests as deep as the input is long (a 1 MB chain printed as 278 MB of
/// indented JSON, and a recursion as deep as the chain).
public enum SDJWTProcessor {
    /// The nesting the rebuilt claims may reach: the JSON parser's limit (the claims object is 1).
    public static let maximumDepth = 64

    /// The processed claims: disclosed claims in place, undisclosed array elements removed,
    /// `_sd` and `_sd_alg` gone. Claims nested deeper than `maximumDepth` objects and arrays
    /// are refused with `complexityLimit`.
    public static func process(payload: JSONObject, disclosures: [Disclosure],
                               maximumDepth: Int = SDJWTProcessor.maximumDepth) throws(VCError) -> JSONObject {
        var algorithm = SDHashAlgorithm.sha256
        if let name = payload["_sd_alg"] {
            guard let text = name.stringValue, let supported = SDHashAlgorithm(rawValue: text) else {
                throw VCError(.unsupportedHashAlgorithm, "_sd_alg \(name.compactString) is not supported (sha-256, sha-512)")
            }
            algorithm = supported
        }
        var byDigest: [String: Disclosure] = [:]
        byDigest.reserveCapacity(disclosures.count)
        for disclosure in disclosures {
            let digest = disclosure.digest(algorithm)
            guard byDigest.updateValue(disclosure, forKey: digest) == nil else {
                throw VCError(.duplicateDigest, "the same disclosure is given twice")
            }
        }
        var state = State(byDigest: byDigest, maximumDepth: maximumDepth)
        var claims = try state.object(payload, depth: 1)
        claims.removeValue(forKey: "_sd_alg")
        // Each digest is marked once at most (a second mark throws), so the count of disclosures
        // found is the count of distinct disclosures referenced.
        let unused = byDigest.count - state.referenced
        guard unused == 0 else {
            throw VCError(.unreferencedDisclosure, "\(unused) disclosure(s) are not referenced by the SD-JWT")
        }
        return claims
    }

    /// Top-level claims an SD-JWT VC must not disclose selectively (SD-JWT VC §3.2.2.2), and the
    /// SD-JWT's own `_sd_alg` (RFC 9901 §4.1.1).
    static let notDisclosable: Set<String> = ["iss", "nbf", "exp", "cnf", "vct", "vct#integrity", "status", "_sd_alg"]

    struct State {
        let byDigest: [String: Disclosure]
        let maximumDepth: Int
        var seen = Set<String>()
        /// Disclosures found through a digest so far.
        var referenced = 0

        mutating func mark(_ digest: String) throws(VCError) {
            guard seen.insert(digest).inserted else {
                throw VCError(.duplicateDigest, "the digest \(digest) appears more than once")
            }
        }

        /// `object`, which sits at `depth` (the claims object is at 1), rebuilt.
        mutating func object(_ object: JSONObject, depth: Int) throws(VCError) -> JSONObject {
            guard depth <= maximumDepth else {
                throw VCError(.complexityLimit, "the disclosed claims nest deeper than \(maximumDepth) levels")
            }
            var output = JSONObject()
            for member in object where member.key != "_sd" {
                output.append(key: member.key, value: try value(member.value, depth: depth + 1))
            }
            if let sd = object["_sd"] {
                guard let digests = sd.arrayValue else { throw VCError(.invalidSDPayload, "_sd must be an array of digests") }
                // Room for every digest at once, not a regrowth and rehash at each power of two.
                seen.reserveCapacity(seen.count + digests.count)
                for entry in digests {
                    guard let digest = entry.stringValue else { throw VCError(.invalidSDPayload, "_sd entries must be strings") }
                    try mark(digest)
                    guard let disclosure = byDigest[digest] else { continue }  // a decoy or undisclosed claim
                    referenced += 1
                    guard let name = disclosure.claimName else {
                        throw VCError(.invalidDisclosure, "an array-element disclosure is referenced from _sd")
                    }
                    // SD-JWT VC §3.2.2.2: these claims are never selectively disclosed — a disclosed
                    // `exp` or `status` would be shown, but the checks read the signed payload.
                    guard depth > 1 || !SDJWTProcessor.notDisclosable.contains(name) else {
                        throw VCError(.invalidDisclosure, "the claim \(name) cannot be selectively disclosed")
                    }
                    guard output[name] == nil else {
                        throw VCError(.claimCollision, "the disclosed claim \(name) already exists")
                    }
                    output.append(key: name, value: try value(disclosure.value, depth: depth + 1))
                }
            }
            return output
        }

        /// `value`, which sits at `depth` when it is an object or array, rebuilt.
        mutating func value(_ value: JSONValue, depth: Int) throws(VCError) -> JSONValue {
            switch value {
            case .object(let object): return .object(try self.object(object, depth: depth))
            case .array(let elements):
                guard depth <= maximumDepth else {
                    throw VCError(.complexityLimit, "the disclosed claims nest deeper than \(maximumDepth) levels")
                }
                var output: [JSONValue] = []
                for element in elements {
                    if let object = element.objectValue, object["..."] != nil {
                        guard object.count == 1, let digest = object["..."]?.stringValue else {
                            throw VCError(.invalidSDPayload, "an array element digest is an object with only \"...\"")
                        }
                        try mark(digest)
                        guard let disclosure = byDigest[digest] else { continue }  // not disclosed: removed
                        referenced += 1
                        guard disclosure.claimName == nil else {
                            throw VCError(.invalidDisclosure, "an object-property disclosure is referenced from an array")
                        }
                        output.append(try self.value(disclosure.value, depth: depth + 1))
                    } else {
                        output.append(try self.value(element, depth: depth + 1))
                    }
                }
                return .array(output)
            default:
                return value
            }
        }
    }
}
