import TensorGrad

/// A building block of a network: maps a batch `[N, …]` to a batch, owns its parameters.
public protocol Layer: AnyObject {
    /// A readable, unique name: `dense_1`, `relu_2`.
    var name: String { get set }
    /// The kind shown by `summary`: `Dense`, `ReLU`, `Dropout`.
    var kind: String { get }
    /// Named parameter tensors (`W`, `b`), empty for layers without weights.
    var parameters: [Parameter] { get }
    /// The shape of one output sample for one input sample (batch axis excluded).
    func outputShape(for input: [Int]) throws(TensorError) -> [Int]
    /// The forward pass on the autograd graph. `training` switches Dropout on.
    func callAsFunction(_ x: Tensor, training: Bool) throws(TensorError) -> Tensor
    /// A short description of the configuration for `summary`: `relu`, `rate 0.2`.
    var details: String { get }
}

extension Layer {
    public var parameters: [Parameter] { [] }
    public func outputShape(for input: [Int]) throws(TensorError) -> [Int] { input }
    public var details: String { "" }
}

/// A trainable tensor of a layer, with its name and optional regularizer.
public struct Parameter {
    /// `W` or `b`.
    public let name: String
    public let tensor: Tensor
    public var regularizer: Regularizer?

    public init(name: String, tensor: Tensor, regularizer: Regularizer? = nil) {
        self.name = name
        self.tensor = tensor
        self.regularizer = regularizer
    }
}
