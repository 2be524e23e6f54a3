import Limits
import Randomness
import TensorGrad

/// A fully connected layer, as Keras' `Dense`: y = act(x·W + b), W of shape [inputs, units].
public final class Dense: Layer {
    public var name: String
    public let units: Int
    public let inputs: Int
    public let activation: Activation?
    public let weight: Tensor
    public let bias: Tensor
    public let kernelInitializer: Initializer
    public var kernelRegularizer: Regularizer?

    public var kind: String { "Dense" }

    /// Weights from `kernelInitializer` (default Glorot uniform), bias zeros: Keras' defaults.
    public init(
        inputs: Int, units: Int, activation: Activation? = nil, name: String = "dense",
        kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
        kernelRegularizer: Regularizer? = nil, generator: inout SeededGenerator
    ) throws(TensorError) {
        guard inputs > 0, units > 0 else {
            throw .invalidArgument(
                op: "dense", reason: "needs a positive input size and number of units, got \(inputs) → \(units)")
        }
        guard inputs <= Limit.layerWidth.value, units <= Limit.layerWidth.value else {
            throw .invalidArgument(
                op: "dense", reason: "\(inputs) → \(units) is wider than the limit of \(Limit.layerWidth)")
        }
        _ = try Tensor.checkedCount([inputs, units], "dense \(inputs)->\(units) weights")
        self.name = name
        self.units = units
        self.inputs = inputs
        self.activation = activation
        self.kernelInitializer = kernelInitializer
        self.kernelRegularizer = kernelRegularizer
        weight = Tensor(
            shape: [inputs, units], data: kernelInitializer.values([inputs, units], generator: &generator),
            requiresGrad: true)
        bias = Tensor(shape: [units], data: biasInitializer.values([units], generator: &generator), requiresGrad: true)
        weight.label = name + ".W"
        bias.label = name + ".b"
    }

    public var parameters: [Parameter] {
        [Parameter(name: "W", tensor: weight, regularizer: kernelRegularizer), Parameter(name: "b", tensor: bias)]
    }

    public func outputShape(for input: [Int]) throws(TensorError) -> [Int] {
        guard input.last == inputs else { throw .shapeMismatch(op: name, lhs: [-1] + input, rhs: [inputs, units]) }
        return Array(input.dropLast()) + [units]
    }

    /// x·W + b, before the activation: the logits when the activation is softmax.
    public func linear(_ x: Tensor) throws(TensorError) -> Tensor {
        guard x.rank == 2, x.shape[1] == inputs else {
            throw .shapeMismatch(op: "\(name) (x·W)", lhs: x.shape, rhs: weight.shape)
        }
        return try x.matmul(weight) + bias
    }

    public func callAsFunction(_ x: Tensor, training: Bool) throws(TensorError) -> Tensor {
        let z = try linear(x)
        return try activation?.apply(z) ?? z
    }

    public var details: String { activation?.name ?? "linear" }
}
