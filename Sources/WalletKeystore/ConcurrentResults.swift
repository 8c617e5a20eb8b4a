import Foundation

/// Results written by concurrent workers, one slot each, and the first failure by position.
final class ConcurrentResults<Result: Sendable>: @unchecked Sendable {
    // Each slot is written by exactly one worker, through the pointer (no shared Swift array
    // is mutated concurrently); `lock` guards `failure`.
    private let slots: UnsafeMutablePointer<Result?>
    private let count: Int
    private let lock = NSLock()
    private var failure: (index: Int, error: KeystoreError)?

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    func set(_ index: Int, _ value: Result) { slots[index] = value }

    func fail(_ index: Int, _ error: KeystoreError) {
        lock.withLock { if failure == nil || index < failure!.index { failure = (index, error) } }
    }

    func collect() throws(KeystoreError) -> [Result] {
        if let failure = lock.withLock({ failure }) { throw failure.error }
        return (0..<count).map { slots[$0]! }
    }
}

extension Keystore {
    /// `transform` over `elements` in order, on all cores for long inputs; the first error (by
    /// position) is thrown.
    static func concurrentMap<Element: Sendable, Result: Sendable>(
        _ elements: [Element], _ transform: @Sendable (Element) throws(KeystoreError) -> Result
    ) throws(KeystoreError) -> [Result] {
        let count = elements.count
        guard count >= 512 else {
            var output: [Result] = []
            output.reserveCapacity(count)
            for element in elements { output.append(try transform(element)) }
            return output
        }
        let chunks = min(ProcessInfo.processInfo.activeProcessorCount * 4, count / 128)
        let results = ConcurrentResults<Result>(count: count)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let range = (count * chunk / chunks)..<(count * (chunk + 1) / chunks)
            for index in range {
                do throws(KeystoreError) { results.set(index, try transform(elements[index])) } catch {
                    results.fail(index, error)
                    return
                }
            }
        }
        return try results.collect()
    }
}
