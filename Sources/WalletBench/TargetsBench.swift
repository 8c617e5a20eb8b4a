import CSodium
import DIDCore
import Foundation
import StrictJSON
import VerifiableCredentials
import WalletCrypto

/// Issue 14's speed targets, each beside its baseline in the same run, in alternating rounds:
/// cold start of the `wallet` binary against `/bin/true`; `vc verify --batch` of 20,000 VC-JWTs
/// against the raw one-core libsodium verify rate (with the batch's peak memory); SD-JWT VC
/// verification against the two-signature limit; `vc+jwt` verification against a raw verify of
/// its signing input.
enum TargetsBench {
    struct Row {
        let name: String
        let value: Double
        let unit: String
    }

    /// Stops the benchmark with a message (a failed precondition prints nothing in a release build).
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("wallet-bench: \(message)\n".utf8))
        exit(1)
    }

    static let resolvedDID = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"

    /// Rate of `body` over about `seconds`, on this task (one core).
    static func rate(seconds: Double, _ body: () async -> Void) async -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        var count = 0
        var elapsed = 0.0
        repeat {
            for _ in 0..<50 { await body() }
            count += 50
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        } while elapsed < seconds
        return Double(count) / elapsed
    }

    static func run(quick: Bool) async throws -> [Row] {
        var rows: [Row] = []
        if CommandLine.arguments.contains("--no-spawn") {
            // In-process rows only (for a profiler).
        } else if let wallet = ChildProcess.walletBinary() {
            rows += coldStart(wallet: wallet, runs: quick ? 40 : 200)
            rows += try await batch(wallet: wallet, count: quick ? 5_000 : 20_000, rounds: quick ? 2 : 3)
        } else {
            FileHandle.standardError.write(Data("wallet-bench: no wallet binary beside this one (--wallet PATH or WALLET_BENCH_WALLET): cold start and batch rows skipped\n".utf8))
        }
        rows += try await sdJWT(rounds: quick ? 3 : 6, seconds: quick ? 0.1 : 0.25)
        rows += try await vcJWT(rounds: quick ? 3 : 6, seconds: quick ? 0.1 : 0.25)
        return rows
    }

    // MARK: Cold start

    /// `wallet did resolve did:key:…` and `wallet --version` against `/bin/true`, alternating
    /// run by run; medians, and the difference the target is about.
    static func coldStart(wallet: String, runs: Int) -> [Row] {
        let commands: [(String, String, [String])] = [
            ("/bin/true", "/bin/true", []),
            ("wallet did resolve did:key:…", wallet, ["did", "resolve", resolvedDID]),
            ("wallet --version", wallet, ["--version"]),
        ]
        // Warm the page cache first: the figures are for a binary already read from disk.
        for (name, path, arguments) in commands {
            let result = ChildProcess.run(path, arguments)
            if result.status != 0 { fail("\(name) exited with \(result.status)") }
        }
        var times = Array(repeating: [Double](), count: commands.count)
        var peak = Array(repeating: 0, count: commands.count)
        for _ in 0..<runs {
            for (index, (_, path, arguments)) in commands.enumerated() {
                let result = ChildProcess.run(path, arguments)
                times[index].append(result.seconds)
                peak[index] = max(peak[index], result.peakResidentBytes)
            }
        }
        let medians = times.map { ChildProcess.median($0) * 1000 }
        var rows: [Row] = []
        let linkage = ChildProcess.loadsSharedSwiftRuntime(wallet) ? "shared Swift runtime" : "static Swift runtime"
        for (index, (name, _, _)) in commands.enumerated() {
            let label = index == 0 ? name : "\(name) (\(linkage))"
            rows.append(Row(name: "cold start: \(label), median of \(runs)", value: medians[index], unit: "ms"))
        }
        for index in 1..<commands.count {
            rows.append(Row(name: "cold start: \(commands[index].0) − /bin/true (medians)", value: medians[index] - medians[0], unit: "ms"))
            let peakResident = ChildProcess.peakResidentBytes(commands[index].1, commands[index].2) ?? peak[index]
            rows.append(Row(name: "cold start: \(commands[index].0), peak RSS", value: Double(peakResident) / 1_048_576, unit: "MiB"))
        }
        return rows
    }

    // MARK: Batch

    /// `wallet vc verify --batch` over `count` VC-JWTs of one issuer (JSON Lines, each JWT a JSON
    /// string), full reports to a file, beside the raw one-core libsodium verify
    /// rate of the same signing input, in alternating rounds; the batch's peak RSS from wait4.
    static func batch(wallet: String, count: Int, rounds: Int) async throws -> [Row] {
        let fixture = try Workloads.issuedCredential()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wallet-bench-batch-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer {
            // WALLET_BENCH_KEEP=1 keeps the input and the reports, for a closer look.
            if ProcessInfo.processInfo.environment["WALLET_BENCH_KEEP"] == nil { try? FileManager.default.removeItem(at: directory) } else {
                FileHandle.standardError.write(Data("kept \(directory.path)\n".utf8))
            }
        }
        let input = directory.appendingPathComponent("credentials.jsonl").path
        let output = directory.appendingPathComponent("reports.jsonl").path
        var lines: [UInt8] = []
        var first = ""
        for index in 0..<count {
            // Distinct credentials (each subject its own id), one issuer.
            var document = fixture.credential.objectValue!
            var subject = document["credentialSubject"]!.objectValue!
            subject["id"] = .string("did:example:subject-\(index)")
            document["credentialSubject"] = .object(subject)
            let jwt = try await Issuer.issueJOSE(.object(document), signer: fixture.signer)
            if index == 0 { first = jwt }
            // JSON Lines: each JWT as a JSON string (what every version of --batch reads).
            lines += JSONSerializer().serialize(.string(jwt))
            lines.append(0x0A)
        }
        try Data(lines).write(to: URL(fileURLWithPath: input))
        let jws = try CompactJWS(parsing: first)
        let signingInput = jws.signingInput, signature = jws.signature
        let publicKey = fixture.key.publicKey.rawRepresentation
        var bestRaw = 0.0, bestBatch = 0.0, worstBatch = Double.infinity, peak = 0
        for _ in 0..<rounds {
            bestRaw = max(bestRaw, await rate(seconds: 0.5) {
                precondition(crypto_sign_verify_detached(signature, signingInput, UInt64(signingInput.count), publicKey) == 0)
            })
            let result = ChildProcess.run(wallet, ["vc", "verify", "--batch", input], output: output)
            peak = max(peak, ChildProcess.peakResidentBytes(wallet, ["vc", "verify", "--batch", input], output: output) ?? result.peakResidentBytes)
            let reports = try Data(contentsOf: URL(fileURLWithPath: output))
            let written = reports.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            guard result.status == 0, written == count else {
                fail("\(wallet) vc verify --batch: exit \(result.status), \(written) reports for \(count) credentials")
            }
            bestBatch = max(bestBatch, Double(count) / result.seconds)
            worstBatch = min(worstBatch, Double(count) / result.seconds)
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        return [
            Row(name: "raw Ed25519 verify of the vc+jwt signing input (\(signingInput.count) B), one core, libsodium direct", value: bestRaw, unit: "per s"),
            Row(name: "wallet vc verify --batch, \(count) VC-JWTs, reports to a file, \(cores) cores (best of \(rounds))", value: bestBatch, unit: "per s"),
            Row(name: "wallet vc verify --batch: slowest of \(rounds) rounds", value: worstBatch, unit: "per s"),
            Row(name: "wallet vc verify --batch / raw one-core verify (best rounds)", value: bestBatch / bestRaw, unit: "×"),
            Row(name: "wallet vc verify --batch: peak RSS (GNU time's wait4 figure, else an upper bound)", value: Double(peak) / 1_048_576, unit: "MiB"),
        ]
    }

    // MARK: SD-JWT and vc+jwt against raw verifies

    /// SD-JWT VC with key binding, 10 claims of which 5 are disclosed, verified (issuer
    /// signature, disclosures, KB-JWT with its `sd_hash`, audience and nonce), against the
    /// two-signature limit 1 / (raw verify of the issuer JWT + raw verify of the KB-JWT).
    static func sdJWT(rounds: Int, seconds: Double) async throws -> [Row] {
        let issuerKey = try Ed25519.PrivateKey(seedBytes: [UInt8](repeating: 5, count: 32))
        let issuerDID = DIDKey.did(for: issuerKey.publicKey)
        let issuer = InMemorySigner(privateKey: issuerKey, verificationMethodId: "\(issuerDID)#\(issuerDID.methodSpecificId)")
        let holderKey = try Ed25519.PrivateKey(seedBytes: [UInt8](repeating: 6, count: 32))
        let holderDID = DIDKey.did(for: holderKey.publicKey)
        let holder = InMemorySigner(privateKey: holderKey, verificationMethodId: "\(holderDID)#\(holderDID.methodSpecificId)")
        var claims = JSONObject()
        for index in 0..<10 { claims["claim_\(index)"] = .string("value number \(index) — giá trị") }
        let sdJWT = try await SDJWT.issue(claims: claims, disclosable: Set((0..<10).map { "claim_\($0)" }), vct: "https://credentials.example/bench",
                                          issuer: issuerDID.description, holderKey: JWK(ed25519: holderKey.publicKey), signer: issuer)
        let presentation = try await SDJWT.present(sdJWT, disclose: Set((0..<5).map { "claim_\($0 * 2)" }), audience: "https://v.example",
                                                    nonce: "n-0S6_WzA2Mj", holder: holder)
        var policy = VerificationPolicy()
        policy.expectedChallenge = "n-0S6_WzA2Mj"
        policy.expectedDomain = "https://v.example"
        let verifier = Verifier(policy: policy)
        let bytes = Array(presentation.utf8)
        let report = await verifier.verify(bytes)
        precondition(report.verified, "the SD-JWT presentation must verify: \(report.errors)")
        if let loop = ProcessInfo.processInfo.environment["WALLET_BENCH_SDJWT_LOOP"].flatMap(Int.init) {
            // For a profiler: verify the presentation again and again first.
            for _ in 0..<loop { let report = await verifier.verify(bytes); precondition(report.verified) }
            // For callgrind: stop after the loop, so two loop lengths give the instructions per verify.
            if ProcessInfo.processInfo.environment["WALLET_BENCH_SDJWT_EXIT"] != nil { exit(0) }
        }
        let parts = try SDJWT.Parts(parsing: presentation)
        precondition(parts.disclosures.count == 5 && parts.keyBindingJWT != nil)
        let issuerJWS = try CompactJWS(parsing: parts.issuerJWT), keyBinding = try CompactJWS(parsing: parts.keyBindingJWT!)
        let issuerInput = issuerJWS.signingInput, issuerSignature = issuerJWS.signature
        let bindingInput = keyBinding.signingInput, bindingSignature = keyBinding.signature
        let issuerPublic = issuerKey.publicKey.rawRepresentation, holderPublic = holderKey.publicKey.rawRepresentation
        var bestLimit = 0.0, bestVerify = 0.0
        for _ in 0..<rounds {
            // Both raw verifies in one loop: its rate is the two-signature limit itself.
            bestLimit = max(bestLimit, await rate(seconds: seconds) {
                precondition(crypto_sign_verify_detached(issuerSignature, issuerInput, UInt64(issuerInput.count), issuerPublic) == 0)
                precondition(crypto_sign_verify_detached(bindingSignature, bindingInput, UInt64(bindingInput.count), holderPublic) == 0)
            })
            bestVerify = max(bestVerify, await rate(seconds: seconds) {
                let report = await verifier.verify(bytes); precondition(report.verified)
            })
        }
        return [
            Row(name: "two-signature limit: raw verify of the issuer JWT (\(issuerInput.count) B) + the KB-JWT (\(bindingInput.count) B)", value: bestLimit, unit: "per s"),
            Row(name: "SD-JWT VC verify (10 claims, 5 disclosed, KB-JWT), one core", value: bestVerify, unit: "per s"),
            Row(name: "SD-JWT VC verify / two-signature limit", value: bestVerify / bestLimit, unit: "×"),
        ]
    }

    /// `vc+jwt` verification of the 2 KB benchmark credential against a raw libsodium verify of
    /// its signing input.
    static func vcJWT(rounds: Int, seconds: Double) async throws -> [Row] {
        let fixture = try Workloads.issuedCredential()
        let jwt = try await Issuer.issueJOSE(fixture.credential, signer: fixture.signer)
        let bytes = Array(jwt.utf8)
        let verifier = Verifier()
        let report = await verifier.verify(bytes)
        precondition(report.verified)
        let jws = try CompactJWS(parsing: jwt)
        let signingInput = jws.signingInput, signature = jws.signature, publicKey = fixture.key.publicKey.rawRepresentation
        var bestRaw = 0.0, bestVerify = 0.0
        for _ in 0..<rounds {
            bestRaw = max(bestRaw, await rate(seconds: seconds) {
                precondition(crypto_sign_verify_detached(signature, signingInput, UInt64(signingInput.count), publicKey) == 0)
            })
            bestVerify = max(bestVerify, await rate(seconds: seconds) {
                let report = await verifier.verify(bytes); precondition(report.verified)
            })
        }
        return [
            Row(name: "raw Ed25519 verify of the vc+jwt signing input (\(signingInput.count) B), libsodium direct", value: bestRaw, unit: "per s"),
            Row(name: "vc+jwt verify (\(bytes.count) B JWT), one core", value: bestVerify, unit: "per s"),
            Row(name: "vc+jwt verify / raw verify of the same signing input", value: bestVerify / bestRaw, unit: "×"),
        ]
    }
}
