import Operations
import TensorGrad

/// The activation functions, usable inside `Dense` or as layers of their own: every
/// elementwise row of the table of operations that is marked as an activation (relu,
/// leaky_relu, tanh, sigmoid, softplus, …), softmax (not elementwise: it normalises a row),
/// and linear (none).
public enum Activation: Sendable {
    case elementwise(any UnaryOperation)
    case softmax
    case linear

    public static let relu = Activation.elementwise(ReLU())
    public static let tanh = Activation.elementwise(Tanh())
    public static let sigmoid = Activation.elementwise(Sigmoid())
    public static func leakyReLU(_ slope: Float) -> Activation { .elementwise(LeakyReLU(slope: Double(slope))) }

    public var name: String {
        switch self {
        case .elementwise(let op as LeakyReLU) where op.slope == LeakyReLU.kerasSlope: LeakyReLU.name
        case .elementwise(let op): op.description
        case .softmax: "softmax"
        case .linear: "linear"
        }
    }

    /// A Keras name; `leaky_relu` takes Keras' default slope 0.3.
    public init?(named name: String) {
        switch name.lowercased() {
        case "softmax": self = .softmax
        case "linear", "none": self = .linear
        case "leaky_relu", "leakyrelu": self = .elementwise(LeakyReLU(slope: LeakyReLU.kerasSlope))
        default:
            guard let row = Operations.activations.first(where: { $0.name == name.lowercased() }),
                let op = try? row.init(parameters: [:])
            else { return nil }
            self = .elementwise(op)
        }
    }

    public static var names: [String] { Operations.activations.map { $0.name } + ["softmax", "linear"] }

    /// The elementwise operation, if this is one.
    public var operation: (any UnaryOperation)? {
        if case .elementwise(let op) = self { return op }
        return nil
    }

    public func apply(_ x: Tensor) throws(TensorError) -> Tensor {
        switch self {
        case .elementwise(let op): try x.applying(op)
        case .softmax: try x.softmax(axis: -1)
        case .linear: x
        }
    }
}

extension Activation: Equatable {
    public static func == (lhs: Activation, rhs: Activation) -> Bool {
        switch (lhs, rhs) {
        case (.softmax, .softmax), (.linear, .linear): true
        case (.elementwise(let a), .elementwise(let b)): a.isSame(as: b)
        default: false
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

    /// Keras' class name: `ReLU`, `LeakyReLU`, `Softmax`.
    public var kind: String {
        switch activation {
        case .elementwise(let op): String(describing: type(of: op))
        case .softmax: "Softmax"
        case .linear: "Linear"
        }
    }

    public func callAsFunction(_ x: Tensor, training: Bool) throws(TensorError) -> Tensor {
        try activation.apply(x)
    }

    public var details: String { activation.name }
}
