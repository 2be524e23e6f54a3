import Randomness
import Testing

@testable import ScalarGrad

@Suite struct MLPTests {
    @Test func micrograd2_16_16_1HasTheRightShape() {
        var generator = SeededGenerator(seed: 1)
        let model = MLP(inputs: 2, sizes: [16, 16, 1], generator: &generator)
        #expect(model.parameters.count == 337)  // (2+1)·16 + (16+1)·16 + (16+1)·1
        let out = model([Value(0.5), Value(-1)])
        #expect(out.count == 1)
        out[0].backward()
        #expect(model.parameters.contains { $0.grad != 0 })
    }

    @Test func sameSeedSameNetwork() {
        var g1 = SeededGenerator(seed: 42)
        var g2 = SeededGenerator(seed: 42)
        let a = MLP(inputs: 3, sizes: [4, 1], generator: &g1)
        let b = MLP(inputs: 3, sizes: [4, 1], generator: &g2)
        #expect(a.parameters.map(\.data) == b.parameters.map(\.data))
    }
}
