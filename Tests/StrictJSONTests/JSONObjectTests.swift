import StrictJSON
import Testing

@Suite("JSONObject")
struct JSONObjectTests {
    @Test("withValue changes a member in place, or appends one with the default value first")
    func withValue() {
        var object: JSONObject = ["a": 1, "b": ["x"]]
        object.withValue(forKey: "b", default: .null) { value in
            if case .array(var items) = value {
                items.append("y")
                value = .array(items)
            }
        }
        #expect(object["b"] == ["x", "y"])
        #expect(object.keys == ["a", "b"])
        let count = object.withValue(forKey: "c", default: .array([])) { value -> Int in
            value = ["z"]
            return 1
        }
        #expect(count == 1)
        #expect(object.keys == ["a", "b", "c"])
        #expect(object["c"] == ["z"])
    }
}
