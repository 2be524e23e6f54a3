import Testing

@testable import ScalarGrad

@Suite struct DOTTests {
    @Test func labelsValuesAndGrads() {
        let a = Value(2, label: "a")
        let b = Value(-3, label: "b")
        let e = a * b
        e.label = "e"
        e.backward()
        let dot = e.dot()
        #expect(dot.hasPrefix("digraph gradbook {"))
        #expect(dot.contains("label=\"{ a | data 2.0000 | grad -3.0000 }\""))
        #expect(dot.contains("label=\"{ e | data -6.0000 | grad 1.0000 }\""))
        #expect(dot.contains("[shape=ellipse, label=\"*\"]"))
        #expect(dot.components(separatedBy: "->").count - 1 == 3)
    }
}

extension String {
    func components(separatedBy separator: String) -> [Substring] {
        split(separator: separator, omittingEmptySubsequences: false)
    }
}
