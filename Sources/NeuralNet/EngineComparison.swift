import Randomness
import ScalarGrad
import TensorGrad

/// The same network on both engines: the tensor engine (Float32 tensors, BLAS) and the scalar
/// engine (every weight a `Value`, the forward pass rebuilt number by number in Double), on
/// random inputs and targets with the MSE loss; then both backward passes, compared gradient
/// by gradient. The notebook's `compare` prints it.
public struct EngineComparison {
    public let tensorLoss: Double
    public let scalarLoss: Double
    /// Nodes of each graph.
    public let tensors: Int
    public let values: Int
    /// For each parameter: its name, shape and the largest |difference| of the gradients.
    public let parameters: [(name: String, shape: [Int], difference: Double)]

    /// The largest difference, the losses' included.
    public var worst: Double { parameters.map(\.difference).reduce(Swift.abs(tensorLoss - scalarLoss), Swift.max) }

    /// Whether `model` can be rebuilt on the scalar engine: at most `parameterLimit` parameters,
    /// of dense layers (any activation) and activation layers (dropout is not rebuilt).
    public static func supports(_ model: Sequential, parameterLimit: Int = 2000) -> Bool {
        model.parameterCount <= parameterLimit && model.layers.allSatisfy { $0 is Dense || $0 is ActivationLayer }
    }

    /// An activation applied to a row of Values: an elementwise row of the table, softmax as
    /// e^(z − max) / Σ e^(z − max) (the max a constant, as the tensor engine takes it), or none.
    static func apply(_ activation: Activation?, to row: [Value]) -> [Value] {
        switch activation {
        case .elementwise(let op)?: return row.map { $0.applying(op) }
        case .softmax?:
            let top = row.map(\.data).max() ?? 0
            let exponentials = row.map { ($0 - top).exp() }
            let total = exponentials.dropFirst().reduce(exponentials[0], +)
            return exponentials.map { $0 / total }
        case .linear?, nil: return row
        }
    }

    /// Compares `model` on a random batch of `batch` rows drawn from `generator`.
    public init(model: Sequential, batch: Int, generator: inout SeededGenerator) throws(TensorError) {
        let inputs = model.inputShape[0]
        let outputs = model.outputShape[0]
        let x = try Tensor.randn([batch, inputs], generator: &generator)
        let y = try Tensor.randn([batch, outputs], generator: &generator)

        // The tensor engine.
        let prediction = try model.forward(x).output
        let loss = try Loss.meanSquaredError.compute(target: y, output: prediction)
        try loss.backward()

        // The scalar engine: every weight a Value, the same arithmetic element by element, each
        // activation applied as its row of the table of operations on Doubles (softmax composed).
        let dense = model.layers.compactMap { $0 as? Dense }
        let weights = dense.map { layer in layer.weight.data.map { Value(Double($0)) } }
        let biases = dense.map { layer in layer.bias.data.map { Value(Double($0)) } }
        var squares: [Value] = []
        for row in 0..<batch {
            var h = (0..<inputs).map { Value(Double(x.data[row * inputs + $0])) }
            var l = 0
            for layer in model.layers {
                if let activation = layer as? ActivationLayer {
                    h = Self.apply(activation.activation, to: h)
                    continue
                }
                guard let layer = layer as? Dense else { continue }
                let z = (0..<layer.units).map { j in
                    var z = biases[l][j]
                    for i in 0..<layer.inputs { z = z + h[i] * weights[l][i * layer.units + j] }
                    return z
                }
                h = Self.apply(layer.activation, to: z)
                l += 1
            }
            for j in 0..<outputs { squares.append((h[j] - Double(y.data[row * outputs + j])).pow(2)) }
        }
        let scalar = squares.dropFirst().reduce(squares[0], +) * (1 / Double(squares.count))
        scalar.backward()

        tensorLoss = Double(loss.data[0])
        scalarLoss = scalar.data
        tensors = loss.topologicalOrder().count
        values = scalar.topologicalOrder().count
        var rows: [(String, [Int], Double)] = []
        for (l, layer) in dense.enumerated() {
            for (name, tensor, values) in [
                ("\(layer.name).W", layer.weight, weights[l]), ("\(layer.name).b", layer.bias, biases[l]),
            ] {
                let difference = zip(tensor.grad ?? [], values).map { Swift.abs(Double($0) - $1.grad) }.max() ?? 0
                rows.append((name, tensor.shape, difference))
            }
        }
        parameters = rows
    }
}
