import DIDCore
import Foundation
import StrictJSON
import VerifiableCredentials
import WalletCrypto

/// Issue and verify rates of `vc+jwt` and `eddsa-jcs-2022` on a typical ~1.5 KB credential, on
/// one core and on all cores, beside the raw Ed25519 verify rate measured in the same run.
enum CredentialBench {
    struct Row {
        let name: String
        let perSecond: Double
    }

    static func seconds(_ body: () async -> Void) async -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        await body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Best of `rounds` rounds of `count` sequential runs.
    static func rate(count: Int, rounds: Int = 3, _ body: () async -> Void) async -> Double {
        var best = 0.0
        for _ in 0..<rounds {
            let time = await seconds { for _ in 0..<count { await body() } }
            best = max(best, Double(count) / time)
        }
        return best
    }

    /// Throughput with `workers` concurrent tasks, each running `count / workers` verifications.
    static func parallelRate(workers: Int, count: Int, _ body: @escaping @Sendable () async -> Void) async -> Double {
        var best = 0.0
        for _ in 0..<3 {
            let time = await seconds {
                await withTaskGroup(of: Void.self) { group in
                    for _ in 0..<workers {
                        group.addTask { for _ in 0..<(count / workers) { await body() } }
                    }
                }
            }
            best = max(best, Double(count) / time)
        }
        return best
    }

    static func run(quick: Bool) async throws -> [Row] {
        let count = quick ? 500 : 3000
        let key = try Ed25519.PrivateKey(seedBytes: [UInt8](repeating: 9, count: 32))
        let did = DIDKey.did(for: key.publicKey)
        let signer = InMemorySigner(privateKey: key, verificationMethodId: "\(did)#\(did.methodSpecificId)")
        // A typical credential: the benchmark's 2 KB document without its proof, issued by `did`.
        var document = try JSONValue(parsing: Workloads.credential(index: 3)).objectValue!
        document.removeValue(forKey: "proof")
        document["issuer"] = .string(did.description)
        let credential = JSONValue.object(document)
        let jwt = try await Issuer.issueJOSE(credential, signer: signer)
        let signed = JSONSerializer().serialize(try await Issuer.issueDataIntegrity(credential, signer: signer))
        let jwtBytes = Array(jwt.utf8)
        let verifier = Verifier()
        let jwtOK = await verifier.verify(jwtBytes).verified
        let signedOK = await verifier.verify(signed).verified
        precondition(jwtOK && signedOK, "the benchmark's credentials must verify")

        let message = [UInt8](repeating: 0xAB, count: 32)
        let signature = key.signature(for: message)
        var rows: [Row] = []
        let raw = await rate(count: count * 2) { precondition(key.publicKey.isValidSignature(signature, for: message)) }
        rows.append(Row(name: "raw Ed25519 verify (32 B), one core", perSecond: raw))
        let jws = try CompactJWS(parsing: jwt)
        let rawSameInput = await rate(count: count * 2) { precondition(jws.isValidSignature(publicKey: key.publicKey)) }
        rows.append(Row(name: "raw Ed25519 verify of the vc+jwt signing input (\(jws.signingInput.count) B), one core", perSecond: rawSameInput))
        rows.append(Row(name: "vc+jwt issue (\(jwtBytes.count) B JWT), one core", perSecond: await rate(count: count) {
            _ = try! await Issuer.issueJOSE(credential, signer: signer)
        }))
        rows.append(Row(name: "vc+jwt verify, one core", perSecond: await rate(count: count) {
            let report = await verifier.verify(jwtBytes); precondition(report.verified)
        }))
        rows.append(Row(name: "eddsa-jcs-2022 issue (\(signed.count) B document), one core", perSecond: await rate(count: count) {
            _ = try! await Issuer.issueDataIntegrity(credential, signer: signer)
        }))
        rows.append(Row(name: "eddsa-jcs-2022 verify, one core", perSecond: await rate(count: count) {
            let report = await verifier.verify(signed); precondition(report.verified)
        }))
        let cores = ProcessInfo.processInfo.activeProcessorCount
        for workers in [1, cores] {
            rows.append(Row(name: "vc+jwt verify, \(workers) concurrent task(s)", perSecond: await parallelRate(workers: workers, count: count * 2) {
                let report = await verifier.verify(jwtBytes); precondition(report.verified)
            }))
            rows.append(Row(name: "eddsa-jcs-2022 verify, \(workers) concurrent task(s)", perSecond: await parallelRate(workers: workers, count: count * 2) {
                let report = await verifier.verify(signed); precondition(report.verified)
            }))
        }
        return rows
    }
}
