import CSodium
import DIDCore
import Foundation
import JSONLD
import StrictJSON
import VerifiableCredentials
import WalletCrypto

// wallet-bench: throughput of the hot paths (signature verification, JSON parsing,
// canonicalisation, DID resolution), with baselines measured in the same run.
//
//     swift run -c release wallet-bench [--json] [--quick]

let arguments = Set(CommandLine.arguments.dropFirst())
let emitJSON = arguments.contains("--json")
let bench = Bench(minimumTime: arguments.contains("--quick") ? 0.3 : 1.5, rounds: 3)
var results: [Measurement] = []
@MainActor func record(_ measurement: Measurement) {
    results.append(measurement)
    if !emitJSON {
        FileHandle.standardError.write(Data("  measured \(measurement.group) / \(measurement.name)\n".utf8))
    }
}

if arguments.contains("--breakdown") {
    try await Breakdown.run(profileFormat: arguments.contains("--di") ? "di" : arguments.contains("--rdfc") ? "rdfc" : "jwt", loop: arguments.contains("--loop"))
    exit(0)
}

if let index = CommandLine.arguments.firstIndex(of: "--canonicalize-file"), index + 1 < CommandLine.arguments.count {
    // The RDFC-1.0 canonical N-Quads of a JSON-LD file (pinned contexts, safe mode), for comparisons.
    let document = try JSONValue(parsing: Array(try Data(contentsOf: URL(fileURLWithPath: CommandLine.arguments[index + 1]))))
    print(try JSONLDProcessor(safeMode: true).canonicalize(document).canonicalNQuads, terminator: "")
    exit(0)
}

if let index = CommandLine.arguments.firstIndex(of: "--verify-file"), index + 1 < CommandLine.arguments.count {
    // The verification rate of one credential file, one core (for comparisons on other tools' documents).
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: CommandLine.arguments[index + 1])))
    let (report, rate) = await CredentialBench.verificationRate(of: bytes)
    print("verified: \(report.verified) format: \(report.format?.rawValue ?? "?") \(report.errors.map(\.code.rawValue))")
    print(String(format: "%.0f verifications per second", rate))
    exit(0)
}

if let index = CommandLine.arguments.firstIndex(of: "--rdfc-file"), index + 1 < CommandLine.arguments.count {
    // The eddsa-rdfc-2022 verification rate of a credential's content: its proof removed, issued
    // again by the benchmark key with eddsa-rdfc-2022 (to compare with another tool verifying
    // the same document with its own proof).
    var document = try JSONValue(parsing: Array(try Data(contentsOf: URL(fileURLWithPath: CommandLine.arguments[index + 1])))).objectValue!
    let fixture = try Workloads.issuedCredential()
    document.removeValue(forKey: "proof")
    if var issuer = document["issuer"]?.objectValue {
        issuer["id"] = fixture.credential["issuer"]
        document["issuer"] = .object(issuer)
    } else {
        document["issuer"] = fixture.credential["issuer"]
    }
    let signed: [UInt8]
    do { signed = JSONSerializer().serialize(try await Issuer.issueDataIntegrity(.object(document), signer: fixture.signer, cryptosuite: .eddsaRdfc2022)) } catch {
        FileHandle.standardError.write(Data("cannot issue this document with eddsa-rdfc-2022: \(error)\n".utf8))
        exit(1)
    }
    let (report, rate) = await CredentialBench.verificationRate(of: signed)
    print("verified: \(report.verified) format: \(report.format?.rawValue ?? "?") \(report.errors.map(\.code.rawValue)) (\(signed.count) B)")
    print(String(format: "%.0f verifications per second", rate))
    exit(0)
}

if arguments.contains("--credentials-only") {
    // The credential rows and the ratios the targets are stated in, alone (for repeated runs).
    let rows = try await CredentialBench.run(quick: arguments.contains("--quick"))
    for row in rows { print(row.name, Int(row.perSecond)) }
    for (name, value) in CredentialBench.ratios(rows) { print(name, value) }
    exit(0)
}

if arguments.contains("--ecdsa-only") { let rows = ECDSABench.run(bench); for row in rows { print(row.name, Int(row.operationsPerSecond)) }; for (name, percent) in ECDSABench.ratios(rows) { print(name, String(format: "%.1f %%", percent)) }; exit(0) }

if arguments.contains("--ecdsa-jwt-only") {
    // ES256 and ES256K vc+jwt verification beside the libraries' own verify rates (issue 15's target).
    let rows = try await ECDSAJWTBench.run(quick: arguments.contains("--quick"))
    for row in rows { print(row.name.padding(toLength: 76, withPad: " ", startingAt: 0), Int(row.perSecond)) }
    for (name, value) in ECDSAJWTBench.ratios(rows) { print(name, value) }
    exit(0)
}

if arguments.contains("--targets-only") {
    // Issue 14's speed targets alone, each beside its baseline (cold start, batch, SD-JWT, vc+jwt).
    for row in try await TargetsBench.run(quick: arguments.contains("--quick")) {
        print(row.name.padding(toLength: 100, withPad: " ", startingAt: 0), String(format: "%10.3f", row.value), row.unit)
    }
    exit(0)
}

if arguments.contains("--keystore-only") {
    // The keystore table alone (for before/after runs of store changes).
    for row in try await KeystoreBench.run(quick: arguments.contains("--quick")).rows {
        print(row.name.padding(toLength: 76, withPad: " ", startingAt: 0), String(format: "%10.1f", row.value), row.unit)
    }
    exit(0)
}

if arguments.contains("--holder-only") {
    // The holder store alone (for profiling with WALLET_BENCH_STORED / WALLET_BENCH_LIST_LOOP).
    for row in try await HolderBench.run(quick: arguments.contains("--quick")) { print(row.0, row.1, row.2) }
    exit(0)
}

// MARK: Ed25519 through WalletCrypto and directly through libsodium

_ = sodium_init()
let privateKey = try! Ed25519.PrivateKey(seedBytes: [UInt8](repeating: 7, count: 32))
let publicKey = privateKey.publicKey
var rawSecretKey = [UInt8](repeating: 0, count: 64)
var rawPublicKey = [UInt8](repeating: 0, count: 32)
_ = crypto_sign_seed_keypair(&rawPublicKey, &rawSecretKey, [UInt8](repeating: 7, count: 32))

for (label, size) in [("32 B", 32), ("1 KB", 1024)] {
    let message = [UInt8](repeating: 0xAB, count: size)
    let signature = privateKey.signature(for: message)
    var rawSignature = [UInt8](repeating: 0, count: 64)
    let signatureBytes = signature.rawRepresentation
    let (signWrapped, signDirect) = bench.measurePair(
        "Ed25519", "sign \(label) (WalletCrypto)", { blackHole(privateKey.signature(for: message)) },
        "sign \(label) (libsodium direct)", { _ = crypto_sign_detached(&rawSignature, nil, message, UInt64(message.count), rawSecretKey) })
    record(signWrapped)
    record(signDirect)
    let (verifyWrapped, verifyDirect) = bench.measurePair(
        "Ed25519", "verify \(label) (WalletCrypto)", { precondition(publicKey.isValidSignature(signature, for: message)) },
        "verify \(label) (libsodium direct)", {
            precondition(crypto_sign_verify_detached(signatureBytes, message, UInt64(message.count), rawPublicKey) == 0)
        })
    record(verifyWrapped)
    record(verifyDirect)
}

for row in ECDSABench.run(bench) { record(row) }

// MARK: did:key

let didText = DIDKey.did(for: publicKey).description
let keyResolver = DIDKeyResolver()
record(bench.measure("DID", "parse DID") { blackHole(try! DID(parsing: didText)) })
record(bench.measure("DID", "resolve did:key (Multikey document)") {
    precondition(keyResolver.resolveSynchronously(try! DID(parsing: didText)).didDocument != nil)
})
record(bench.measure("DID", "resolve did:key for signature verification (no key agreement)") {
    precondition(keyResolver.resolveSynchronously(try! DID(parsing: didText), options: .signatureVerification).didDocument != nil)
})
record(bench.measure("DID", "did:key → Ed25519 public key") {
    guard case .ed25519 = try! DIDKey.publicKey(of: try! DID(parsing: didText)) else { fatalError() }
})

// MARK: JSON

for (label, document) in [("2 KB credential", Workloads.smallDocument), ("1 MB document", Workloads.largeDocument)] {
    let data = Data(document)
    let parsed = try! JSONParser(options: .init(maxBytes: 8 << 20)).parse(document)
    let (parseOurs, parseFoundation) = bench.measurePair(
        "JSON", "parse \(label) (StrictJSON)", { blackHole(try! JSONParser(options: .init(maxBytes: 8 << 20)).parse(document)) },
        "parse \(label) (JSONSerialization)", { blackHole(try! JSONSerialization.jsonObject(with: data)) }, bytes: document.count)
    record(parseOurs)
    record(parseFoundation)
    record(bench.measure("JSON", "JCS \(label) (parsed value)", bytes: document.count) {
        blackHole(try! JCS.canonicalize(parsed))
    })
    record(bench.measure("JSON", "parse + JCS \(label)", bytes: document.count) {
        blackHole(try! JCS.canonicalize(json: document, options: .init(maxBytes: 8 << 20)))
    })
    record(bench.measure("JSON", "serialize \(label) (StrictJSON compact)", bytes: document.count) {
        blackHole(JSONSerializer().serialize(parsed))
    })
    let foundationObject = try! JSONSerialization.jsonObject(with: data)
    record(bench.measure("JSON", "serialize \(label) (JSONSerialization sortedKeys)", bytes: document.count) {
        blackHole(try! JSONSerialization.data(withJSONObject: foundationObject, options: [.sortedKeys]))
    })
}

// MARK: RDF Dataset Canonicalization (RDFC-1.0)

for claims in arguments.contains("--quick") ? [10, 100, 1000] : [10, 100, 1000, 10_000] {
    let quads = try NQuads.parse(Workloads.rdfCredential(claims: claims))
    record(bench.measure("RDFC-1.0", "canonicalize a credential with \(claims) claims (\(quads.count) quads)") {
        blackHole(try! RDFCanonicalizer().canonicalize(quads))
    })
}
// JSON-LD expansion + toRdf + RDFC-1.0 of the vc-di-eddsa documents (pinned contexts, safe mode).
for (label, document) in [("Alumni credential", Workloads.alumniCredential), ("employment authorization credential", Workloads.employmentCredential)] {
    let processor = JSONLDProcessor(safeMode: true)
    record(bench.measure("JSON-LD", "expand \(label)") { blackHole(try! processor.expand(document)) })
    record(bench.measure("JSON-LD", "expand + toRdf \(label)") { blackHole(try! processor.toRDF(document)) })
    record(bench.measure("JSON-LD", "expand + toRdf + RDFC-1.0 \(label)") { blackHole(try! processor.canonicalize(document)) })
}
// The whole pipeline on JSON credentials as the number of claims grows.
for claims in arguments.contains("--quick") ? [10, 100, 1000] : [10, 100, 1000, 10_000] {
    let document = Workloads.jsonLDCredential(claims: claims)
    let processor = JSONLDProcessor(safeMode: true)
    record(bench.measure("JSON-LD", "expand + toRdf + RDFC-1.0, credential with \(claims) claims") { blackHole(try! processor.canonicalize(document)) })
}
let clique = try NQuads.parse(Workloads.blankNodeClique(nodes: 10))
record(bench.measure("RDFC-1.0", "refuse a 10-node blank node clique (complexityLimit)") {
    do { _ = try RDFCanonicalizer().canonicalize(clique); fatalError("the clique was canonicalized") } catch { blackHole(error) }
})

// MARK: Credentials

let credentialRows = arguments.contains("--skip-credentials") ? [] : try await CredentialBench.run(quick: arguments.contains("--quick"))

// MARK: ES256 and ES256K vc+jwt beside the libraries' verify rates

let ecdsaJWTRows = arguments.contains("--skip-credentials") ? [] : try await ECDSAJWTBench.run(quick: arguments.contains("--quick"))

// MARK: Holder (SD-JWT, status lists, credential store)

let holderRows = arguments.contains("--skip-holder") ? [] : try await HolderBench.run(quick: arguments.contains("--quick"))

// MARK: Keystore

let keystoreFigures = arguments.contains("--skip-keystore") ? KeystoreBench.Figures() : try await KeystoreBench.run(quick: arguments.contains("--quick"))

// MARK: Issue 14's targets (cold start, batch, SD-JWT, vc+jwt)

let targetRows = arguments.contains("--skip-targets") ? [] : try await TargetsBench.run(quick: arguments.contains("--quick"))

// MARK: Report

@MainActor func find(_ name: String) -> Measurement { results.first { $0.name == name }! }
var ratios: [(String, Double)] = []
for label in ["32 B", "1 KB"] {
    for operation in ["sign", "verify"] {
        let wrapped = find("\(operation) \(label) (WalletCrypto)"), direct = find("\(operation) \(label) (libsodium direct)")
        ratios.append(("Ed25519 \(operation) \(label): WalletCrypto / direct libsodium", wrapped.operationsPerSecond / direct.operationsPerSecond))
    }
}
for label in ["2 KB credential", "1 MB document"] {
    let ours = find("parse \(label) (StrictJSON)"), foundation = find("parse \(label) (JSONSerialization)")
    ratios.append(("JSON parse \(label): StrictJSON / JSONSerialization", ours.operationsPerSecond / foundation.operationsPerSecond))
}

if emitJSON {
    var measurements: [JSONValue] = []
    for result in results {
        var object: JSONObject = [
            "group": .string(result.group), "name": .string(result.name),
            "operationsPerSecond": .number(JSONNumber((result.operationsPerSecond * 10).rounded() / 10)!),
            "microsecondsPerOperation": .number(JSONNumber((result.microsecondsPerOperation * 1000).rounded() / 1000)!),
            "iterations": .number(JSONNumber(result.iterations)),
        ]
        if let throughput = result.megabytesPerSecond { object["megabytesPerSecond"] = .number(JSONNumber((throughput * 10).rounded() / 10)!) }
        measurements.append(.object(object))
    }
    let report: JSONValue = [
        "measurements": .array(measurements),
        "ratios": .array(ratios.map { ["name": .string($0.0), "ratio": .number(JSONNumber(($0.1 * 1000).rounded() / 1000)!)] }),
        "ecdsaJWT": .array(ecdsaJWTRows.map { ["name": .string($0.name), "perSecond": .number(JSONNumber(($0.perSecond * 10).rounded() / 10)!)] }),
        "credentials": .array(credentialRows.map { ["name": .string($0.name), "perSecond": .number(JSONNumber(($0.perSecond * 10).rounded() / 10)!)] }),
        "holder": .array(holderRows.map { ["name": .string($0.0), "value": .number(JSONNumber(($0.1 * 10).rounded() / 10)!), "unit": .string($0.2)] }),
        "targets": .array(targetRows.map { ["name": .string($0.name), "value": .number(JSONNumber(($0.value * 1000).rounded() / 1000)!), "unit": .string($0.unit)] }),
        "keystore": .array(keystoreFigures.rows.map { ["name": .string($0.name), "value": .number(JSONNumber(($0.value * 10).rounded() / 10)!), "unit": .string($0.unit)] }),
        "machine": ["cores": .number(JSONNumber(ProcessInfo.processInfo.activeProcessorCount)), "os": .string(ProcessInfo.processInfo.operatingSystemVersionString)],
    ]
    print(report.prettyString)
} else {
    func pad(_ text: String, _ width: Int) -> String { text.count >= width ? text : text + String(repeating: " ", count: width - text.count) }
    func left(_ text: String, _ width: Int) -> String { text.count >= width ? text : String(repeating: " ", count: width - text.count) + text }
    print(pad("benchmark", 58) + left("ops/s", 14) + left("µs/op", 12) + left("MB/s", 10))
    print(String(repeating: "-", count: 94))
    for result in results {
        let throughput = result.megabytesPerSecond.map { String(format: "%.1f", $0) } ?? ""
        print(pad("\(result.group): \(result.name)", 58) + left(String(format: "%.0f", result.operationsPerSecond), 14)
              + left(String(format: "%.3f", result.microsecondsPerOperation), 12) + left(throughput, 10))
    }
    print("")
    for (name, ratio) in ratios { print(pad(name, 70) + String(format: "%.3f", ratio)) }
    if !credentialRows.isEmpty {
        print("")
        print(pad("credentials", 70) + left("per second", 14))
        print(String(repeating: "-", count: 94))
        for row in credentialRows { print(pad(row.name, 70) + left(String(format: "%.0f", row.perSecond), 14)) }
        for (name, value) in CredentialBench.ratios(credentialRows) { print(pad(name, 70) + left(value, 14)) }
    }
    if !ecdsaJWTRows.isEmpty {
        print("")
        print(pad("ES256 / ES256K vc+jwt (beside the libraries, same run)", 70) + left("per second", 14))
        print(String(repeating: "-", count: 94))
        for row in ecdsaJWTRows { print(pad(row.name, 70) + left(String(format: "%.0f", row.perSecond), 14)) }
        for (name, value) in ECDSAJWTBench.ratios(ecdsaJWTRows) { print(pad(name, 70) + left(value, 14)) }
    }
    if !holderRows.isEmpty {
        print("")
        print(pad("SD-JWT, status lists, holder store", 70) + left("value", 14) + "  unit")
        print(String(repeating: "-", count: 94))
        for row in holderRows { print(pad(row.0, 70) + left(String(format: "%.1f", row.1), 14) + "  " + row.2) }
    }
    if !targetRows.isEmpty {
        print("")
        print(pad("issue 14 targets (each beside its baseline, same run)", 100) + left("value", 14) + "  unit")
        print(String(repeating: "-", count: 124))
        for row in targetRows { print(pad(row.name, 100) + left(String(format: "%.3f", row.value), 14) + "  " + row.unit) }
    }
    if !keystoreFigures.rows.isEmpty {
        print("")
        print(pad("keystore", 70) + left("value", 14) + "  unit")
        print(String(repeating: "-", count: 94))
        for row in keystoreFigures.rows { print(pad(row.name, 70) + left(String(format: "%.1f", row.value), 14) + "  " + row.unit) }
    }
}
