import Randomness
import TestSupport
import Testing

@testable import NeuralNet

/// Both engines compute the same network for every activation a dense layer can have (compare
/// once rebuilt leaky ReLU as linear and reported a disagreement that did not exist).
@Suite struct EngineComparisonTests {
    @Test(arguments: Activation.names)
    func theEnginesAgree(_ name: String) throws {
        var generator = SeededGenerator(seed: 2)
        let activation = try #require(Activation(named: name))
        let model = Sequential(inputShape: [3])
        try model.add(Dense(inputs: 3, units: 5, activation: activation, name: "dense_1", generator: &generator))
        try model.add(Dense(inputs: 5, units: 2, name: "dense_2", generator: &generator))
        #expect(EngineComparison.supports(model))
        let result = try EngineComparison(model: model, batch: 6, generator: &generator)
        #expect(result.worst <= 1e-4, "\(name): \(result.worst)")
        #expect(result.parameters.map(\.name) == ["dense_1.W", "dense_1.b", "dense_2.W", "dense_2.b"])
        #expect(result.tensorLoss > 0 && result.values > result.tensors)
    }

    /// Activation layers of their own and softmax outputs are rebuilt too; dropout is not.
    @Test func activationLayersAndSoftmaxOutputs() throws {
        var generator = SeededGenerator(seed: 2)
        let model = Sequential(inputShape: [3])
        try model.add(Dense(inputs: 3, units: 4, name: "dense_1", generator: &generator))
        try model.add(ActivationLayer(.leakyReLU(0.2), name: "leaky_relu_1"))
        try model.add(Dense(inputs: 4, units: 3, activation: .softmax, name: "dense_2", generator: &generator))
        #expect(EngineComparison.supports(model))
        let result = try EngineComparison(model: model, batch: 5, generator: &generator)
        #expect(result.worst <= 1e-5, "\(result.worst)")
        try model.add(Dropout(rate: 0.5, name: "dropout_1", seed: 1))
        #expect(!EngineComparison.supports(model))
    }
}
