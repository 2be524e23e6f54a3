import TensorGrad

/// The activation functions, usable inside `Dense` or as layers of their own.
public enum Activation: Equatable, Sendable {
    case relu
    case leakyReLU(Float)
    case tanh
    case sigmoid
    case softmax
    case linear

    public var name: String {
        switch self {
        case .relu: "relu"
        case .leakyReLU(let a): a == 0.3 ? "leaky_relu" : "leaky_relu(\(a))"
        case .tanh: "tanh"
        case .sigmoid: "sigmoid"
        case .softmax: "softmax"
        case .linear: "linear"
        }
    }

    /// A Keras name; `leaky_relu` takes Keras' default slope 0.3.
    public init?(named name: String) {
        switch name.lowercased() {
        case "relu": self = .relu
        case "leaky_relu", "leakyrelu": self = .leakyReLU(0.3)
        case "tanh": self = .tanh
        case "sigmoid": self = .sigmoid
        case "softmax": self = .softmax
        case "linear", "none": self = .linear
        default: return nil
        }
    }

    public static let names = ["relu", "leaky_relu", "tanh", "sigmoid", "softmax", "linear"]

    public func apply(_ x: Tensor) throws(TensorError) -> Tensor {
        switch self {
        case .relu: try x.relu()
        case .leakyReLU(let slope): try x.leakyReLU(slope: slope)
        case .tanh: try x.tanh()
        case .sigmoid: try x.sigmoid()
        case .softmax: try x.softmax(axis: -1)
        case .linear: x
        }
    }
}

/// An activation as a layer of its own (Keras' `Activation`, `ReLU`, `Softmax` layers).
public final class ActivationLayer: Layer {
    public var name: String
    public let activation: Activation

    public init(_ activation: Activation, name: String) {
        self.activation = activation
        self.name = name
    }

    public var kind: String {
        switch activation {
        case .relu: "ReLU"
        case .leakyReLU: "LeakyReLU"
        case .tanh: "Tanh"
        case .sigmoid: "Sigmoid"
        case .softmax: "Softmax"
        case .linear: "Linear"
        }
    }

    public func callAsFunction(_ x: Tensor, training: Bool) throws(TensorError) -> Tensor {
        try activation.apply(x)
    }

    public var details: String { activation.name }
}
