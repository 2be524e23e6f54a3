import Randomness
import TensorGrad
import TestSupport
import Testing

@testable import NeuralNet

@Suite struct LayerTests {
    func mnistModel(_ generator: inout SeededGenerator) throws -> Sequential {
        let model = Sequential(inputShape: [784])
        try model.add(Dense(inputs: 784, units: 64, activation: .relu, name: "dense_1", generator: &generator))
        try model.add(Dense(inputs: 64, units: 64, activation: .relu, name: "dense_2", generator: &generator))
        try model.add(Dense(inputs: 64, units: 10, activation: .softmax, name: "dense_3", generator: &generator))
        return model
    }

    @Test func mnistMLPHasKerasParameterCounts() throws {
        var generator = SeededGenerator(seed: 1)
        let model = try mnistModel(&generator)
        #expect(model.summaryRows().map(\.parameters) == [50240, 4160, 650])
        #expect(model.parameterCount == 55050)
        #expect(model.summaryRows().map(\.outputShape) == ["(None, 64)", "(None, 64)", "(None, 10)"])
        #expect(
            model.namedParameters.map(\.name) == [
                "dense_1.W", "dense_1.b", "dense_2.W", "dense_2.b", "dense_3.W", "dense_3.b",
            ])
    }

    @Test func forwardGivesProbabilitiesAndLogits() throws {
        var generator = SeededGenerator(seed: 2)
        let model = try mnistModel(&generator)
        let x = try Tensor.rand([5, 784], generator: &generator)
        let (output, logits) = try model.forward(x)
        #expect(output.shape == [5, 10])
        let softmax = try logits?.softmax()
        for (a, b) in zip(output.data, softmax?.data ?? []) { #expect(a == b) }
        for row in 0..<5 {
            expectClose(Double(output.data[(row * 10)..<(row * 10 + 10)].reduce(0, +)), 1, tolerance: 1e-6)
        }
        #expect(throws: TensorError.shapeMismatch(op: "model input", lhs: [5, 783], rhs: [-1, 784])) {
            try model.forward(Tensor.zeros([5, 783]))
        }
    }

    @Test func addingAnIncompatibleLayerIsRefused() throws {
        var generator = SeededGenerator(seed: 3)
        let model = Sequential(inputShape: [4])
        try model.add(Dense(inputs: 4, units: 3, generator: &generator))
        #expect(throws: TensorError.self) {
            try model.add(Dense(inputs: 5, units: 2, name: "d2", generator: &generator))
        }
        #expect(model.layers.count == 1)
    }

    @Test func denseDefaultsAreKeras() throws {
        var generator = SeededGenerator(seed: 4)
        let dense = try Dense(inputs: 300, units: 100, generator: &generator)
        let limit = Float((6.0 / 400).squareRoot())
        #expect(dense.weight.data.allSatisfy { abs($0) <= limit })
        #expect(dense.weight.data.max()! > limit * 0.95)
        #expect(dense.bias.data.allSatisfy { $0 == 0 })
    }

    /// Expected standard deviations for a [500, 200] weight (fan_in 500, fan_out 200);
    /// a uniform on [−l, l] has σ = l/√3.
    static let deviations: [(Initializer, Double)] = [
        (.heNormal, 0.06324555320336758),  // √(2/500)
        (.glorotNormal, 0.05345224838248488),  // √(2/700)
        (.lecunNormal, 0.044721359549995794),  // √(1/500)
        (.heUniform, 0.06324555320336758),  // √(6/500)/√3
        (.lecunUniform, 0.044721359549995794),  // √(3/500)/√3
        (.glorotUniform, 0.05345224838248488),  // √(6/700)/√3
        (.normal(mean: 0, standardDeviation: 0.05), 0.05),
    ]

    @Test(arguments: deviations)
    func initializerStandardDeviations(_ initializer: Initializer, _ expected: Double) {
        var generator = SeededGenerator(seed: 5)
        let values = initializer.values([500, 200], generator: &generator)
        let stats = Tensor(shape: [values.count], data: values).statistics()
        #expect(abs(stats.mean) < expected * 0.02)
        #expect(
            abs(stats.std - expected) < expected * 0.02, "\(initializer.name): std \(stats.std), expected \(expected)")
    }

    @Test func dropoutScalesInTrainingAndIsIdentityInInference() throws {
        let dropout = try Dropout(rate: 0.5, name: "dropout_1", seed: 9)
        let x = try Tensor.ones([100, 100])
        let trained = try dropout(x, training: true)
        #expect(Set(trained.data) == [0, 2])
        let kept = trained.data.filter { $0 != 0 }.count
        #expect(abs(kept - 5000) < 250)
        #expect(try dropout(x, training: false) === x)
        #expect(throws: TensorError.self) { try Dropout(rate: 1, name: "d", seed: 0) }
    }

    @Test func regularizersAddTheirPenalties() throws {
        var generator = SeededGenerator(seed: 6)
        let dense = try Dense(
            inputs: 2, units: 2, kernelInitializer: .constant(0.5), kernelRegularizer: .l2(0.01), generator: &generator)
        let model = Sequential(inputShape: [2])
        try model.add(dense)
        let terms = try model.regularizationTerms()
        #expect(terms.count == 1 && terms[0].name == "l2(0.01) on dense.W")
        expectClose(Double(terms[0].penalty.data[0]), 0.01, tolerance: 1e-7)  // 0.01 · 4 · 0.25
        expectClose(Double(try Regularizer.l1(0.1).penalty(dense.weight).data[0]), 0.2, tolerance: 1e-7)
    }
}
