import Operations
import Randomness

/// One neuron of inspectable Values: `act(Σᵢ wᵢxᵢ + b)`, as in micrograd's `nn.py`.
public final class Neuron {
    public let weights: [Value]
    public let bias: Value
    /// The activation applied to the weighted sum (nil: linear), a row of the table.
    public let activation: (any UnaryOperation)?

    /// Weights drawn uniformly from [−1, 1], bias 0 (micrograd's initialisation).
    public init(inputs: Int, activation: (any UnaryOperation)?, generator: inout SeededGenerator, name: String = "n") {
        weights = (0..<inputs).map { Value(generator.uniform(-1, 1), label: "\(name).w\($0)") }
        bias = Value(0, label: "\(name).b")
        self.activation = activation
    }

    /// `act(w·x + b)`, built left to right as micrograd builds it.
    public func callAsFunction(_ x: [Value]) -> Value {
        var sum = bias
        for (w, xi) in zip(weights, x) { sum = sum + w * xi }
        return activation.map(sum.applying) ?? sum
    }

    public var parameters: [Value] { weights + [bias] }
}

/// A fully connected layer of `Neuron`s.
public final class DenseLayer {
    public let neurons: [Neuron]

    public init(
        inputs: Int, outputs: Int, activation: (any UnaryOperation)?, generator: inout SeededGenerator,
        name: String = "L"
    ) {
        var made: [Neuron] = []
        for index in 0..<outputs {
            made.append(
                Neuron(inputs: inputs, activation: activation, generator: &generator, name: "\(name).n\(index)"))
        }
        neurons = made
    }

    public func callAsFunction(_ x: [Value]) -> [Value] { neurons.map { $0(x) } }

    public var parameters: [Value] { neurons.flatMap(\.parameters) }
}

/// A multilayer perceptron of scalar Values: ReLU between layers, linear output
/// (micrograd's `MLP(nin, nouts)`).
public final class MLP {
    public let layers: [DenseLayer]

    /// `MLP(inputs: 2, sizes: [16, 16, 1])` is micrograd's demo network.
    public init(
        inputs: Int, sizes: [Int], hiddenActivation: any UnaryOperation = ReLU(), generator: inout SeededGenerator
    ) {
        let widths = [inputs] + sizes
        var made: [DenseLayer] = []
        for index in sizes.indices {
            let activation: (any UnaryOperation)? = index == sizes.count - 1 ? nil : hiddenActivation
            made.append(
                DenseLayer(
                    inputs: widths[index], outputs: widths[index + 1], activation: activation,
                    generator: &generator, name: "L\(index + 1)"))
        }
        layers = made
    }

    public func callAsFunction(_ x: [Value]) -> [Value] {
        layers.reduce(x) { activations, layer in layer(activations) }
    }

    public var parameters: [Value] { layers.flatMap(\.parameters) }
}
