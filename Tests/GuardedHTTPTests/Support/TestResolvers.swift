import Foundation
import GuardedHTTP

/// A resolver that answers from a script, as an attacker's DNS server would: the n-th lookup
/// gets the n-th answer (the last one again after that). It records every lookup.
final class ScriptedResolver: Resolver, @unchecked Sendable {
    private let lock = NSLock()
    private let answers: [[IPAddress]]
    private var asked: [String] = []

    init(_ answers: [[String]]) {
        self.answers = answers.map { $0.map { IPAddress(parsing: $0)! } }
    }

    func addresses(of host: String) async throws -> [IPAddress] {
        lock.withLock {
            asked.append(host)
            return answers[min(asked.count - 1, answers.count - 1)]
        }
    }

    var lookups: [String] { lock.withLock { asked } }
}

/// A resolver that never answers in time.
struct StalledResolver: Resolver {
    func addresses(of host: String) async throws -> [IPAddress] {
        try await Task.sleep(for: .seconds(60))
        return []
    }
}

/// Records the addresses the client is about to dial and maps "public" addresses to a loopback
/// stand-in (so that no test sends a packet off the machine); any other address is dialled as
/// it is, which for these tests means loopback.
final class DialRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var dialled: [IPAddress] = []
    let standIns: [IPAddress: IPAddress]

    init(standIns: [String: String] = [:]) {
        var map: [IPAddress: IPAddress] = [:]
        for (from, to) in standIns { map[IPAddress(parsing: from)!] = IPAddress(parsing: to)! }
        self.standIns = map
    }

    var hook: @Sendable (GuardedURL.Host, IPAddress, Int) throws -> IPAddress {
        { [self] _, address, _ in
            lock.withLock { dialled.append(address) }
            if let standIn = standIns[address] { return standIn }
            guard address.bytes.first == 127 || address == IPAddress(parsing: "::1") else {
                throw NoTrafficOffTheMachine(address: address)
            }
            return address
        }
    }

    var addresses: [IPAddress] { lock.withLock { dialled } }

    struct NoTrafficOffTheMachine: Error { let address: IPAddress }
}

/// The resident set size of this process, from /proc (Linux), in bytes.
func residentBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
          let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kilobytes * 1024
}
