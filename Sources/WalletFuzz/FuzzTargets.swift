import DIDCore
import Foundation
import JSONLD
import WalletKeystore
import StrictJSON
import VerifiableCredentials
import WalletCrypto

/// Fuzz targets (security requirement 32). Each takes arbitrary bytes and must neither crash
/// nor hang; errors are the expected outcome for most inputs.
///
/// - With libFuzzer (`make fuzz`): built with `-sanitize=fuzzer -D FUZZING`; the target is
///   chosen by `WALLET_FUZZ_TARGET` (json, jws, did, credential, wallet, nquads, jsonld).
/// - Without it (a normal build): `wallet-fuzz TARGET FILE...` replays inputs, for regression
///   tests over `Fixtures/fuzz/`.
enum FuzzTargets {
    static let all = ["json", "jws", "did", "credential", "wallet", "nquads", "jsonld"]

    static func run(_ target: String, _ bytes: [UInt8]) {
        switch target {
        case "json": json(bytes)
        case "jws": jws(bytes)
        case "did": did(bytes)
        case "credential": credential(bytes)
        case "wallet": wallet(bytes)
        case "nquads": nquads(bytes)
        case "jsonld": jsonld(bytes)
        default: fatalError("unknown fuzz target \(target); use one of \(all)")
        }
    }

    /// Strict parsing (an accepted text has no repeated member name, compared scalar by scalar),
    /// serialisation round trip, JCS.
    static func json(_ bytes: [UInt8]) {
        guard let value = try? JSONParser(options: .init(maxDepth: 64, maxBytes: 1 << 20)).parse(bytes) else { return }
        func checkNames(_ value: JSONValue) {
            if let object = value.objectValue {
                let names = object.keys.map { $0.unicodeScalars.map(\.value) }
                guard Set(names).count == names.count else { fatalError("a repeated member name was accepted") }
                for member in object { checkNames(member.value) }
            } else if let array = value.arrayValue {
                for element in array { checkNames(element) }
            }
        }
        checkNames(value)
        let compact = JSONSerializer().serialize(value)
        guard let again = try? JSONParser().parse(compact), again == value else { fatalError("round trip changed the value") }
        if let canonical = try? JCS.canonicalize(value) {
            guard (try? JCS.canonicalize(json: canonical)) == canonical else { fatalError("JCS is not idempotent") }
        }
    }

    /// Compact JWS parsing.
    static func jws(_ bytes: [UInt8]) {
        guard let parsed = try? CompactJWS(bytes: bytes) else { return }
        _ = parsed.isValidSignature(publicKey: Ed25519.PrivateKey().publicKey)
    }

    /// DID and DID URL syntax, did:key and did:jwk resolution, the did:web DID ↔ URL mapping.
    static func did(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        if let did = try? DID(parsing: text) {
            guard (try? DID(parsing: did.description)) == did else { fatalError("DID round trip changed it") }
            if did.method == "key" { _ = try? DIDKey.document(for: did) }
            if did.method == "jwk" { _ = try? DIDJWK.document(for: did) }
            if did.method == "web", let location = try? DIDWeb.location(of: did) {
                // The URL a did:web maps to maps back to a DID with the same location (port 443 left out).
                guard let back = try? DIDWeb.did(forURL: location.description), let again = try? DIDWeb.location(of: back),
                      again.host == location.host, again.port == (location.port == 443 ? nil : location.port),
                      again.pathSegments == location.pathSegments else { fatalError("the did:web mapping is not a round trip") }
            }
        }
        // A did:web made from a URL always maps to a document URL.
        if let web = try? DIDWeb.did(forURL: text), (try? DIDWeb.location(of: web)) == nil { fatalError("a did:web from a URL does not map back") }
        if let url = try? DIDURL(parsing: text), url.description != text { fatalError("DID URL round trip changed it") }
        _ = try? Multibase.decode(text)
        // Decoding is strict and canonical: what decodes encodes back to the same text.
        if let decoded = try? Base64URL.decode(text), Base64URL.encode(decoded) != text { fatalError("base64url is not canonical") }
    }

    /// N-Quads parsing, canonical serialisation round trip, RDFC-1.0 within a small work budget
    /// (a poison dataset must stop with `complexityLimit`, not hang).
    static func nquads(_ bytes: [UInt8]) {
        guard let quads = try? NQuads.parse(String(decoding: bytes, as: UTF8.self)) else { return }
        let serialized = quads.map { NQuads.serialize($0) }.joined()
        guard let again = try? NQuads.parse(serialized), again == quads else { fatalError("N-Quads round trip changed the dataset") }
        guard let first = try? RDFCanonicalizer(maximumWork: 2_000).canonicalize(quads) else { return }
        // Canonical output is a fixed point.
        guard let second = try? RDFCanonicalizer(maximumWork: 2_000).canonicalize(nquads: first.canonicalNQuads),
              second.canonicalNQuads == first.canonicalNQuads else { fatalError("canonicalizing canonical N-Quads changed them") }
    }

    /// JSON-LD expansion and toRdf (pinned contexts only), in both modes, then RDFC-1.0 within
    /// a small budget: errors are expected, crashes and hangs are not. Then the unambiguous form
    /// under small limits: a refusal carries one of the module's codes, and a document it accepts
    /// has the same dataset, and the same expanded form, without the rules.
    static func jsonld(_ bytes: [UInt8]) {
        guard let value = try? JSONParser(options: .init(maxDepth: 64, maxBytes: 1 << 16)).parse(bytes) else { return }
        for safe in [false, true] {
            let processor = JSONLDProcessor(safeMode: safe, base: "https://fuzz.example/doc")
            guard let quads = try? processor.toRDF(value) else { continue }
            guard Set(quads).count == quads.count else { fatalError("toRdf gave a quad twice") }
            // The canonical form depends on the dataset only, not on the order of its quads.
            let canonicalizer = RDFCanonicalizer(maximumWork: 2_000)
            if let forward = try? canonicalizer.canonicalize(quads), let backward = try? canonicalizer.canonicalize(quads.reversed()),
               forward.canonicalNQuads != backward.canonicalNQuads {
                fatalError("the canonical form depends on the order of the quads")
            }
        }
        unambiguousForm(value)
    }

    static let jsonldCodes: [JSONLDError.Code] = [.invalidJSONLD, .contextNotAllowed, .dataLoss, .complexityLimit, .ambiguousJSONLD, .numberNotIJSON]

    static func unambiguousForm(_ value: JSONValue) {
        for safe in [false, true] {
            var strict = JSONLDProcessor(safeMode: safe, base: "https://fuzz.example/doc")
            strict.requireUnambiguousForm = true
            strict.limits = .init(maximumTermDefinitions: 600, maximumTermDefinitionCopies: 8_000, maximumScopedContexts: 40, maximumInlineContextBytes: 1_024)
            let lenient = JSONLDProcessor(safeMode: safe, base: "https://fuzz.example/doc")
            let accepted: JSONLDProcessor.Dataset
            do {
                accepted = try strict.dataset(of: value)
            } catch {
                guard jsonldCodes.contains(error.code) else { fatalError("an unexpected error code: \(error)") }
                continue
            }
            // Same work within larger limits: what the rules accept, the lenient processor accepts.
            guard let reference = try? lenient.dataset(of: value) else { fatalError("accepted with the rules, refused without") }
            guard Set(accepted.quads) == Set(reference.quads), accepted.quads.count == reference.quads.count else {
                fatalError("the rules changed the dataset")
            }
            guard JSONValue.array(accepted.expanded) == JSONValue.array(reference.expanded) else { fatalError("the rules changed the expanded form") }
        }
    }

    /// The whole verifier on arbitrary input.
    static func credential(_ bytes: [UInt8]) {
        blocking { _ = await Verifier().verify(bytes) }
    }

    /// Opening a damaged wallet file (test-speed KDF).
    static func wallet(_ bytes: [UInt8]) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wallet-fuzz-\(getpid())")
        try? FileManager.default.removeItem(at: directory)
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: Keystore.databaseURL(in: directory).path, contents: Data(bytes))
        blocking {
            let policy = KDFPolicy(floor: .libraryMinimum, ceiling: .interactive)
            guard let keystore = try? Keystore.open(at: directory, policy: policy) else { return }
            guard (try? await keystore.unlock(Passphrase("fuzz"))) != nil else { return }
            for kind in (try? await keystore.kinds()) ?? [] { _ = try? await keystore.records(kind: kind) }
            try? await keystore.close()
        }
    }

    /// Runs async work to completion from synchronous code.
    static func blocking(_ body: @escaping @Sendable () async -> Void) {
        let done = DispatchSemaphore(value: 0)
        Task {
            await body()
            done.signal()
        }
        done.wait()
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTargets.run(fuzzTarget, Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

let fuzzTarget = ProcessInfo.processInfo.environment["WALLET_FUZZ_TARGET"] ?? "json"

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// SwiftPM links an executable's entry point as `<Module>_main`; libFuzzer's driver runs from it.
@_cdecl("WalletFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var vector = argv
    return LLVMFuzzerRunDriver(&count, &vector) { data, size in fuzzOneInput(data, size) }
}
#else
/// Replays inputs: `wallet-fuzz TARGET FILE...` (a directory replays every file in it).
@main
struct FuzzReplay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let target = arguments.first, FuzzTargets.all.contains(target) else {
            FileHandle.standardError.write(Data("usage: wallet-fuzz \(FuzzTargets.all.joined(separator: "|")) FILE|DIRECTORY...\n".utf8))
            exit(64)
        }
        var count = 0
        for path in arguments.dropFirst() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            let files = isDirectory.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 }
                : [path]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                FuzzTargets.run(target, Array(data))
                count += 1
            }
        }
        print("replayed \(count) inputs through \(target)")
    }
}
#endif
