import TensorGrad

/// A stack of layers applied in order, as Keras' `Sequential`.
public final class Sequential {
    /// The shape of one input sample (`[784]` for flattened MNIST).
    public let inputShape: [Int]
    public private(set) var layers: [Layer] = []

    public init(inputShape: [Int]) {
        self.inputShape = inputShape
    }

    /// The shape of one output sample.
    public var outputShape: [Int] {
        (try? layers.reduce(inputShape) { shape, layer throws(TensorError) in try layer.outputShape(for: shape) })
            ?? inputShape
    }

    /// Appends a layer after checking that it accepts the current output shape.
    public func add(_ layer: Layer) throws(TensorError) {
        _ = try layer.outputShape(for: outputShape)
        if layers.contains(where: { $0.name == layer.name }) {
            throw .invalidArgument(op: "add", reason: "a layer named '\(layer.name)' already exists")
        }
        layers.append(layer)
    }

    /// The next free name for a layer kind, numbered from 1 (`dense_1`, `dense_2`, …).
    public func nextName(_ base: String) -> String {
        var n = 1
        while layers.contains(where: { $0.name == "\(base)_\(n)" }) { n += 1 }
        return "\(base)_\(n)"
    }

    /// The model's final softmax or sigmoid — in its last Dense layer or as a layer of its own —
    /// whose input, the logits, the losses read for their stable fused forms; nil when the
    /// model ends otherwise. The one place this is decided (the graph, the compiled path and
    /// evaluation all ask here).
    public var finalSquash: Activation? {
        let last = layers.last
        let activation = (last as? Dense)?.activation ?? (last as? ActivationLayer)?.activation
        return activation == .softmax || activation == .sigmoid ? activation : nil
    }

    /// Runs every layer. When the network ends in softmax or sigmoid, also returns the
    /// values before it (the logits), so losses can use the stable fused forms.
    public func forward(_ x: Tensor, training: Bool = false) throws(TensorError) -> (output: Tensor, logits: Tensor?) {
        guard x.rank == inputShape.count + 1, Array(x.shape.dropFirst()) == inputShape else {
            throw .shapeMismatch(op: "model input", lhs: x.shape, rhs: [-1] + inputShape)
        }
        var h = x
        var logits: Tensor?
        let squash = finalSquash
        for (index, layer) in layers.enumerated() {
            let isLast = index == layers.count - 1
            if isLast, let squash, let dense = layer as? Dense {
                let z = try dense.linear(h)
                logits = z
                h = try squash.apply(z)
            } else if isLast, squash != nil {
                logits = h
                h = try layer(h, training: training)
            } else {
                h = try layer(h, training: training)
            }
        }
        return (h, logits)
    }

    /// Every parameter with its readable name: `dense_1.W`.
    public var namedParameters: [(name: String, parameter: Parameter)] {
        layers.flatMap { layer in layer.parameters.map { ("\(layer.name).\($0.name)", $0) } }
    }

    /// The layer called `name`.
    public func layer(named name: String) -> Layer? { layers.first { $0.name == name } }

    /// The regularization penalty of each regularized parameter.
    /// Adds every regularizer's gradient to its weights' `grad` (when `gradient`) and returns
    /// the total penalty: the regularisation stage of every training step.
    public func addRegularizationGradients(gradient: Bool = true) -> Double {
        Regularizer.addGradients(regularized, gradient: gradient)
    }

    /// The weights that carry a regularizer, with it (train takes this list once per fit).
    public var regularized: [(regularizer: Regularizer, weights: Tensor)] {
        namedParameters.compactMap { _, parameter in parameter.regularizer.map { ($0, parameter.tensor) } }
    }

    public func regularizationTerms() throws(TensorError) -> [(name: String, penalty: Tensor)] {
        var terms: [(String, Tensor)] = []
        for (name, parameter) in namedParameters {
            if let regularizer = parameter.regularizer {
                terms.append(("\(regularizer.name) on \(name)", try regularizer.penalty(parameter.tensor)))
            }
        }
        return terms
    }

    /// Rows for a Keras-like summary: name (kind), output shape, parameter count.
    public func summaryRows() -> [(layer: String, outputShape: String, parameters: Int, details: String)] {
        var shape = inputShape
        return layers.map { layer in
            shape = (try? layer.outputShape(for: shape)) ?? shape
            let count = layer.parameters.reduce(0) { $0 + $1.tensor.count }
            return (
                "\(layer.name) (\(layer.kind))", "(None, " + shape.map(String.init).joined(separator: ", ") + ")",
                count, layer.details
            )
        }
    }

    public var parameterCount: Int { namedParameters.reduce(0) { $0 + $1.parameter.tensor.count } }

    /// The bytes a training step over `rows` samples holds beyond the weights, as an upper
    /// estimate: the batch's inputs (and a copy), each layer's outputs with their pre-activations
    /// and gradients (four floats an output), and the gradients and two optimizer slots per
    /// parameter. What `train` asks the memory limit for before it starts.
    public func trainingBytes(rows: Int) -> Int {
        var shape = inputShape
        var outputs = 0
        for layer in layers {
            shape = (try? layer.outputShape(for: shape)) ?? shape
            outputs += shape.reduce(1, *)
        }
        let perRow = 2 * inputShape.reduce(1, *) + 4 * outputs
        return MemoryLayout<Float>.stride * (rows * perRow + 3 * parameterCount)
    }
}
