import Foundation

/// A measured operation: how many times it ran and how long that took.
struct Measurement {
    let group: String
    let name: String
    let iterations: Int
    let seconds: Double
    /// Bytes processed per iteration, for throughput figures (0 when not meaningful).
    let bytesPerIteration: Int

    var operationsPerSecond: Double { Double(iterations) / seconds }
    var microsecondsPerOperation: Double { seconds * 1e6 / Double(iterations) }
    var megabytesPerSecond: Double? {
        bytesPerIteration > 0 ? Double(bytesPerIteration) * operationsPerSecond / 1_000_000 : nil
    }
}

/// Runs closures long enough to time them reliably: a warm-up, then batches until `minimumTime`
/// has passed; the best of `rounds` rounds is kept, to reduce noise from the rest of the machine.
struct Bench {
    var minimumTime: Double
    var rounds: Int

    func measure(_ group: String, _ name: String, bytes: Int = 0, _ body: () -> Void) -> Measurement {
        // Warm-up and batch sizing: aim for batches of about 10 ms.
        var batch = 1
        while true {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<batch { body() }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if elapsed > 0.01 || batch >= 1 << 24 { break }
            batch *= 2
        }
        var best = Double.infinity
        var bestIterations = 0
        for _ in 0..<rounds {
            var iterations = 0
            let start = DispatchTime.now().uptimeNanoseconds
            var elapsed = 0.0
            repeat {
                for _ in 0..<batch { body() }
                iterations += batch
                elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            } while elapsed < minimumTime / Double(rounds)
            if elapsed / Double(iterations) < best / Double(max(bestIterations, 1)) || bestIterations == 0 {
                best = elapsed
                bestIterations = iterations
            }
        }
        return Measurement(group: group, name: name, iterations: bestIterations, seconds: best, bytesPerIteration: bytes)
    }
}

extension Bench {
    /// Measures two operations in alternating rounds (A, B, A, B, ...) and keeps the best round
    /// of each, so that a slow phase of a noisy machine hits both sides alike.
    func measurePair(_ group: String, _ nameA: String, _ a: () -> Void, _ nameB: String, _ b: () -> Void, bytes: Int = 0) -> (Measurement, Measurement) {
        let single = Bench(minimumTime: minimumTime / Double(rounds * 2), rounds: 1)
        var bestA: Measurement? = nil, bestB: Measurement? = nil
        for _ in 0..<(rounds * 2) {
            let ma = single.measure(group, nameA, bytes: bytes, a)
            let mb = single.measure(group, nameB, bytes: bytes, b)
            if bestA == nil || ma.operationsPerSecond > bestA!.operationsPerSecond { bestA = ma }
            if bestB == nil || mb.operationsPerSecond > bestB!.operationsPerSecond { bestB = mb }
        }
        return (bestA!, bestB!)
    }
}

/// Keeps the optimiser from removing work whose result is unused.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
