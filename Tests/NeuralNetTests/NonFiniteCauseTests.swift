import Datasets
import Randomness
import TensorGrad
import Testing

@testable import NeuralNet

/// Causes are ruled out in order: the inputs, then the weights a run started from, then the
/// step; the advice names the evidence.
@Suite struct NonFiniteCauseTests {
    func model() throws -> Sequential {
        var generator = SeededGenerator(seed: 1)
        let model = Sequential(inputShape: [2])
        try model.add(Dense(inputs: 2, units: 3, activation: .relu, name: "dense_1", generator: &generator))
        return model
    }

    @Test func causesAreRuledOutInOrder() throws {
        let model = try model()
        let fine = NonFiniteCause.Inputs([0.5, -1, 2])
        #expect(NonFiniteCause.find(inputs: .init([1, .nan, .infinity]), model: model) == .nonFiniteInputs(count: 2))
        #expect(
            NonFiniteCause.find(inputs: .init([1, 3e30]), model: model) == .hugeInputs(largest: Double(Float(3e30))))
        #expect(NonFiniteCause.find(inputs: fine, model: model) == .step)
        // Raw 0–255 pixels: not a cause of nan by themselves, but named before the learning rate.
        #expect(NonFiniteCause.find(inputs: .init([0, 255]), model: model) == .unscaledInputs(largest: 255))
        #expect(NonFiniteCause.find(inputs: .init([0, 9.5]), model: model) == .step)
        // A constant initialisation: every unit of the layer the same, for good.
        let kernel = model.namedParameters[0].parameter.tensor
        let saved = kernel.data
        for row in 0..<kernel.shape[0] {
            for column in 0..<kernel.shape[1] { kernel.data[row * kernel.shape[1] + column] = Float(row) }
        }
        #expect(
            NonFiniteCause.find(inputs: fine, model: model)
                == .identicalUnits(layer: "dense_1", units: kernel.shape[1]))
        kernel.data = saved
        #expect(
            NonFiniteCause.find(inputs: fine, model: model, weightsAtStart: 2.9e29) == .hugeWeights(largest: 2.9e29))
        model.namedParameters[0].parameter.tensor.data[0] = .nan
        #expect(NonFiniteCause.find(inputs: fine, model: model) == .nonFiniteWeights(name: "dense_1.W"))
        #expect(NonFiniteCause.find(inputs: .init([.nan]), model: model) == .nonFiniteInputs(count: 1), "inputs first")
    }

    @Test func adviceNamesTheEvidenceAndTheFix() {
        #expect(NonFiniteCause.nonFiniteInputs(count: 3).advice(learningRate: 0.1).contains("not the learning rate"))
        #expect(NonFiniteCause.hugeInputs(largest: 1e30).advice(learningRate: 0.1).contains("|x| = 1e+30: scale them"))
        #expect(NonFiniteCause.hugeWeights(largest: 2.89e29).advice(learningRate: 0.1).contains("rebuild the model"))
        #expect(
            NonFiniteCause.unscaledInputs(largest: 255).advice(learningRate: 0.01)
                .contains("|x| = 255.0: scale them first"))
        #expect(
            NonFiniteCause.step.advice(learningRate: 10).contains("a smaller learning rate than the current lr 10.0"))
    }
}
