import Testing

@testable import Explain

@Suite struct FormulaTests {
    @Test func showsSymbolsThenNumbersThenValue() {
        let f = Formula(lhs: "∂L/∂a", rhs: "\("∂L/∂e", -2.0) · \("b", -3.0)", value: 6)
        #expect(f.description == "∂L/∂a = ∂L/∂e · b = -2.0 · (-3.0) = 6.0")
        #expect(f.rhs.bindings.map(\.value) == [-2, -3])
    }

    @Test func constantRightHandSideIsNotRepeated() {
        #expect(Formula(lhs: "∂(a + b)/∂a", rhs: "1", value: 1).description == "∂(a + b)/∂a = 1")
    }

    @Test func singleSymbolSkipsTheRedundantStep() {
        #expect(Formula(lhs: "∂e/∂a", rhs: "\("b", -3.0)", value: -3).description == "∂e/∂a = b = -3.0")
    }
}

@Suite struct NumberFormatTests {
    @Test(arguments: [
        (6.0, "6.0"), (-3.0, "-3.0"), (0.7071067811865476, "0.707107"), (0.9999999999999998, "1.0"),
        (1e-8, "1e-08"), (123456789.0, "1.23457e+08"), (1234567.0, "1234567.0"), (Double.nan, "nan"),
        (-Double.infinity, "-inf"),
        (0.5, "0.5"), (0.0, "0.0"), (2.5e20, "2.5e+20"),
    ])
    func short(_ x: Double, _ text: String) {
        #expect(NumberFormat.short(x) == text)
    }

    @Test func fixedAndExact() {
        #expect(NumberFormat.fixed(2, decimals: 4) == "2.0000")
        #expect(NumberFormat.exact(0.1) == "0.1")
    }
}
