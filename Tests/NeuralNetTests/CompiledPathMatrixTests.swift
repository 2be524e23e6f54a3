import Datasets
import Optimizers
import Randomness
import TensorGrad
import TestSupport
import Testing

@testable import NeuralNet

/// The compiled training path against the autograd graph, for every activation (each row of
/// the operations table that is an activation, softmax and linear) × every loss × dropout ×
/// L1/L2 × activations inside Dense or as layers of their own. The gradient buffers are
/// poisoned with NaN before each fast step, so a step that leaves any of them untouched fails.
@Suite struct CompiledPathMatrixTests {
    struct Case: CustomStringConvertible, Sendable {
        let activation: String
        let loss: Loss
        let dropout: Bool
        let regularizer: String
        let standalone: Bool
        var description: String {
            "\(activation)\(standalone ? " layer" : "") · \(loss.rawValue)\(dropout ? " · dropout" : "") · "
                + "\(regularizer)"
        }
    }

    static let cases: [Case] = Activation.names.flatMap { activation in
        Loss.allCases.flatMap { loss in
            [false, true].flatMap { dropout in
                ["none", "l1", "l2"].flatMap { regularizer in
                    [false, true].map {
                        Case(
                            activation: activation, loss: loss, dropout: dropout, regularizer: regularizer,
                            standalone: $0)
                    }
                }
            }
        }
    }

    /// The same model every time for a case: its weights and dropout seeds come from `seed`.
    static func build(_ c: Case, inputs: Int) throws -> Sequential {
        var generator = SeededGenerator(seed: 5)
        let activation = try #require(Activation(named: c.activation))
        let regularizer: Regularizer? = c.regularizer == "l1" ? .l1(0.01) : (c.regularizer == "l2" ? .l2(0.01) : nil)
        let model = Sequential(inputShape: [inputs])
        if c.standalone {
            try model.add(
                Dense(inputs: inputs, units: 5, name: "dense_1", kernelRegularizer: regularizer, generator: &generator))
            try model.add(ActivationLayer(activation, name: "act_1"))
        } else {
            try model.add(
                Dense(
                    inputs: inputs, units: 5, activation: activation, name: "dense_1", kernelRegularizer: regularizer,
                    generator: &generator))
        }
        if c.dropout { try model.add(Dropout(rate: 0.3, name: "dropout_1", seed: 7)) }
        try model.add(
            Dense(
                inputs: 5, units: 4, activation: .tanh, name: "dense_2", kernelRegularizer: regularizer,
                generator: &generator))
        switch c.loss {
        case .sparseCategoricalCrossentropy, .categoricalCrossentropy:
            try model.add(Dense(inputs: 4, units: 2, activation: .softmax, name: "dense_3", generator: &generator))
        case .binaryCrossentropy:
            try model.add(Dense(inputs: 4, units: 1, activation: .sigmoid, name: "dense_3", generator: &generator))
        case .meanSquaredError:
            try model.add(Dense(inputs: 4, units: 1, name: "dense_3", generator: &generator))
        }
        return model
    }

    @Test(arguments: cases)
    func compiledStepEqualsTheGraph(_ c: Case) throws {
        var generator = SeededGenerator(seed: 3)
        var data = try Synthetic.make(c.loss == .meanSquaredError ? "sine" : "moons", count: 12, generator: &generator)
        if c.loss == .categoricalCrossentropy, case .classes(let labels, let classes) = data.targets {
            // Keras' categorical cross-entropy takes one-hot rows (class labels are refused).
            let rows = labels.flatMap { label in (0..<classes).map { Float($0 == Int(label) ? 1 : 0) } }
            data = try Dataset(
                name: data.name, sampleShape: data.sampleShape, features: data.features,
                targets: .values(rows, width: classes))
        }
        let n = data.count
        let rows = Array(0..<n)
        let classification = data.classCount != nil
        var labels = [Int32](repeating: 0, count: n)
        var targets = [Float](repeating: 0, count: n * data.targetWidth)
        labels.withUnsafeMutableBufferPointer { l in
            targets.withUnsafeMutableBufferPointer { t in
                data.fillTargets(rows, labels: l.baseAddress, values: t.baseAddress)
            }
        }

        // The graph: forward in training mode, the loss, the penalties, backward.
        let graph = try Self.build(c, inputs: data.featureWidth)
        let x = Tensor(shape: [n, data.featureWidth], data: rows.flatMap { data.sample($0) })
        let target =
            classification
            ? Tensor(shape: [n], data: labels.map(Float.init)) : Tensor(shape: [n, data.targetWidth], data: targets)
        let (output, logits) = try graph.forward(x, training: true)
        var loss = try c.loss.compute(target: target, output: output, logits: logits)
        for term in try graph.regularizationTerms() { loss = try loss + term.penalty }
        try loss.backward()

        // The compiled path, in two shards, on a twin of the model with poisoned gradients;
        // then the regularisation stage every training step runs.
        let fast = try Self.build(c, inputs: data.featureWidth)
        let network = try #require(
            ParallelNetwork(fast, capacity: n, shards: 2, minimumRows: 4), "\(c): no compiled form")
        #expect(
            FastLoss.supports(c.loss, final: network.finalActivation, classification: classification),
            "\(c) falls back to the graph")
        for (_, parameter) in fast.namedParameters {
            parameter.tensor.grad = [Float](repeating: .nan, count: parameter.tensor.count)
        }
        let step = labels.withUnsafeBufferPointer { l in
            targets.withUnsafeBufferPointer { t in
                network.trainingStep(
                    data, rows: rows[...], loss: c.loss, labels: classification ? l.baseAddress : nil,
                    targets: classification ? nil : t.baseAddress)
            }
        }
        let total = step.loss + fast.addRegularizationGradients()

        expectClose(total, Double(loss.data[0]), tolerance: 1e-5, "\(c): loss")
        for ((name, a), (_, b)) in zip(fast.namedParameters, graph.namedParameters) {
            let fastGradient = try #require(a.tensor.grad)
            let graphGradient = try #require(b.tensor.grad)
            for (u, v) in zip(fastGradient, graphGradient) {
                expectClose(Double(u), Double(v), tolerance: 1e-4, "\(c): ∂L/∂\(name)")
            }
        }
    }
}
