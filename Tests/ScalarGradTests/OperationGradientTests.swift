import Explain
import TestSupport
import Testing

@testable import ScalarGrad

/// Every op's backward against central finite differences, and its printed formula
/// against the number backward used.
@Suite struct OperationGradientTests {
    typealias Unary = (name: String, build: @Sendable (Value) -> Value, at: Double)
    typealias Binary = (name: String, build: @Sendable (Value, Value) -> Value, a: Double, b: Double)

    static let unaryCases: [Unary] = [
        ("negate", { -$0 }, 0.7),
        ("power 3", { $0.pow(3) }, -1.3),
        ("power -0.5", { $0.pow(-0.5) }, 2.7),
        ("power 2", { $0.pow(2) }, -0.4),
        ("exp", { $0.exp() }, 0.8),
        ("log", { $0.log() }, 2.3),
        ("tanh", { $0.tanh() }, 0.6),
        ("sigmoid", { $0.sigmoid() }, -1.2),
        ("sigmoid large negative", { $0.sigmoid() }, -40),
        ("relu active", { $0.relu() }, 0.9),
        ("relu inactive", { $0.relu() }, -0.9),
    ]

    static let binaryCases: [Binary] = [
        ("add", { $0 + $1 }, 1.5, -0.25),
        ("subtract", { $0 - $1 }, 1.5, -0.25),
        ("multiply", { $0 * $1 }, 1.5, -0.25),
        ("divide", { $0 / $1 }, 1.5, -0.25),
    ]

    @Test(arguments: unaryCases.indices)
    func unaryGradientMatchesFiniteDifference(_ index: Int) {
        let c = Self.unaryCases[index]
        let x = Value(c.at, label: "x")
        let y = c.build(x)
        y.backward()
        let numeric = numericDerivative(at: c.at) { c.build(Value($0)).data }
        expectClose(x.grad, numeric, tolerance: 1e-6, "\(c.name)")
    }

    @Test(arguments: binaryCases.indices)
    func binaryGradientsMatchFiniteDifferences(_ index: Int) {
        let c = Self.binaryCases[index]
        let a = Value(c.a, label: "a")
        let b = Value(c.b, label: "b")
        c.build(a, b).backward()
        expectClose(
            a.grad, numericDerivative(at: c.a) { c.build(Value($0), Value(c.b)).data }, tolerance: 1e-6,
            "\(c.name) ∂/∂a")
        expectClose(
            b.grad, numericDerivative(at: c.b) { c.build(Value(c.a), Value($0)).data }, tolerance: 1e-6,
            "\(c.name) ∂/∂b")
    }

    /// The formulas `backward --step` and `grad` print carry exactly the numbers backward used.
    @Test(arguments: unaryCases.indices)
    func printedUnaryFormulaIsTheNumberUsed(_ index: Int) {
        let c = Self.unaryCases[index]
        let x = Value(c.at, label: "x")
        let y = c.build(x)
        y.backward()
        let formulas = y.localGradientFormulas()
        #expect(formulas.count == 1)
        #expect(formulas[0].value == x.grad)  // upstream is 1, so grad == local derivative
        #expect(formulas[0].description.hasSuffix(NumberFormat.short(x.grad)) || formulas[0].rhs.bindings.isEmpty)
    }

    @Test(arguments: binaryCases.indices)
    func printedBinaryFormulasAreTheNumbersUsed(_ index: Int) {
        let c = Self.binaryCases[index]
        let a = Value(c.a, label: "a")
        let b = Value(c.b, label: "b")
        let y = c.build(a, b)
        y.backward()
        let formulas = y.localGradientFormulas()
        #expect(formulas.map(\.value) == [a.grad, b.grad])
    }

    @Test func multiplyFormulaReadsAsTheChainRuleTextbook() {
        let a = Value(2, label: "a")
        let b = Value(-3, label: "b")
        let e = a * b
        e.label = "e"
        #expect(e.localGradientFormulas().map(\.description) == ["∂e/∂a = b = -3.0", "∂e/∂b = a = 2.0"])
    }

    @Test func tanhFormulaUsesTheOutput() {
        let n = Value(0.8813735870195432, label: "n")
        let o = n.tanh()
        o.label = "o"
        #expect(o.localGradientFormulas()[0].description == "∂o/∂n = 1 - o² = 1 - 0.707107² = 0.5")
    }

    @Test func domainErrorsNameTheValues() {
        #expect(throws: ScalarError.domain("log(-2.0) is undefined: the argument must be positive")) {
            try Value.apply(.log, [Value(-2)])
        }
        #expect(throws: ScalarError.domain("division by zero: 1.0 / 0.0")) {
            try Value.apply(.divide, [Value(1), Value(0)])
        }
        #expect(throws: (any Error).self) { try Value.apply(.power(0.5), [Value(-4)]) }
        #expect(throws: ScalarError.arity(operation: "+", expected: 2, got: 1)) {
            try Value.apply(.add, [Value(1)])
        }
    }

    @Test func sigmoidIsStableForLargeInputs() {
        #expect(Value(-800).sigmoid().data == 0)
        #expect(Value(800).sigmoid().data == 1)
        #expect(Value(-800).sigmoid().data.isFinite)
    }
}
