/// A value kept in one shared object and copied only when written while shared, so that copying
/// its holder costs one reference count whatever the value's size. Expansion passes contexts
/// and term definitions around for every node and value (``ActiveContext``, ``TermDefinition``).
struct CopyOnWrite<Value: Sendable>: Sendable {
    private final class Storage: @unchecked Sendable {
        // Written only while uniquely referenced (below), so no two accesses can overlap.
        @exclusivity(unchecked) var value: Value
        init(_ value: Value) { self.value = value }
    }

    private var storage: Storage

    init(_ value: Value) { storage = Storage(value) }

    var value: Value {
        _read { yield storage.value }
        _modify {
            if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.value) }
            yield &storage.value
        }
    }
}
