import Testing

@testable import ScalarGrad

@Suite struct GradientCheckTests {
    @Test func agreesOnTheNeuron() {
        let x1 = Value(2, label: "x1")
        let x2 = Value(0, label: "x2")
        let w1 = Value(-3, label: "w1")
        let w2 = Value(1, label: "w2")
        let b = Value(6.8813735870195432, label: "b")
        let o = (x1 * w1 + x2 * w2 + b).tanh()
        let check = o.gradientCheck()
        #expect(check.passed)
        #expect(check.rows.map(\.name) == ["x1", "w1", "x2", "w2", "b"])
        #expect(x1.data == 2 && o.data == (x1 * w1 + x2 * w2 + b).tanh().data)  // data restored
    }

    @Test func rowFailsWhenAnalyticAndNumericDisagree() {
        let leaf = Value(1)
        let row = GradientCheck.Row(leaf: leaf, name: "x", analytic: 1.0, numeric: 1.1)
        #expect(!row.passed)
        #expect(abs(row.relativeError - 0.1 / 1.1) < 1e-12)
    }
}
