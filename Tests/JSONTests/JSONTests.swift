import JSON
import Testing

struct JSONTests {
    @Test func parsesEveryKindAndKeepsKeyOrder() throws {
        let value = try JSON(parsing: #" {"b": [1, -2.5e3, true, false, null], "a": {"x": "y"}, "e": ""} "#)
        #expect(value.members?.map(\.key) == ["b", "a", "e"])
        #expect(value["b"] == [1, -2500, true, false, nil])
        #expect(value["a"]?["x"] == "y")
        #expect(value["e"] == "")
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSON(parsing: #""tab\t quote\" slash\/ \u00e9 \ud83d\ude00 nl\n""#)
        #expect(value == .string("tab\t quote\" slash/ é 😀 nl\n"))
    }

    @Test func writesWhatItReads() throws {
        let value: JSON = .object([
            ("text", "line\n\"quoted\"\u{01}"), ("n", 3), ("x", 0.1), ("list", [1, 2]), ("empty", .object([])),
        ])
        let compact = value.serialized()
        #expect(compact == #"{"text":"line\n\"quoted\"\u0001","n":3,"x":0.1,"list":[1,2],"empty":{}}"#)
        #expect(try JSON(parsing: compact) == value)
        #expect(try JSON(parsing: value.serialized(indent: 1)) == value)
        #expect(value.serialized(indent: 1).hasPrefix("{\n \"text\": "))
    }

    @Test(arguments: [
        ("", "unexpected end of text at byte 0"), ("[1,]", "unexpected character ']' at byte 3"),
        ("{\"a\" 1}", "expected ':' after the key \"a\" at byte 5"), ("\"abc", "a string is not closed at byte 4"),
        ("01", "a number may not start with 0 at byte 2"), ("[1] x", "unexpected text after the value at byte 4"),
        ("\"\\ud800\"", "a high surrogate without its low half at byte 7"), ("tru", "expected true at byte 0"),
    ])
    func refusesMalformedTextWithThePlace(_ text: String, _ message: String) {
        #expect(throws: JSONError.self) { try JSON(parsing: text) }
        do { _ = try JSON(parsing: text) } catch { #expect(error.description == message) }
    }

    @Test func refusesNestingBeyondTheLimitWithoutRecursingIntoIt() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONError.self) { try JSON(parsing: deep) }
        let fine = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect((try? JSON(parsing: fine)) != nil)
    }

    @Test func countsAreWholeAndInRange() {
        #expect(JSON.number(12).count(upTo: 100) == 12)
        #expect(JSON.number(2.5).count(upTo: 100) == nil)
        #expect(JSON.number(-1).count(upTo: 100) == nil)
        #expect(JSON.number(1e300).count(upTo: Int.max) == nil)
        #expect(JSON.string("3").count(upTo: 100) == nil)
    }
}
