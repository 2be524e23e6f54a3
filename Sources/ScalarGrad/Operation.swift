import Explain

/// The operations a `Value` can result from. Each has its own file holding its forward
/// rule, its local derivatives, and the printable formulas of those derivatives.
public enum Operation: Sendable, Equatable {
    case leaf
    case add, subtract, multiply, divide
    case negate
    /// `x^p` for a constant real exponent `p`.
    case power(Double)
    case exp, log, tanh, sigmoid, relu

    /// How many inputs the operation takes.
    public var arity: Int {
        switch self {
        case .leaf: 0
        case .add, .subtract, .multiply, .divide: 2
        default: 1
        }
    }

    /// A short name for graphs: `+`, `*`, `tanh`, `^2`.
    public var symbol: String {
        switch self {
        case .leaf: ""
        case .add: "+"
        case .subtract: "-"
        case .multiply: "*"
        case .divide: "/"
        case .negate: "neg"
        case .power(let p): "^" + NumberFormat.short(p)
        case .exp: "exp"
        case .log: "log"
        case .tanh: "tanh"
        case .sigmoid: "sigmoid"
        case .relu: "relu"
        }
    }

    /// The expression written with operand names: `a·b`, `tanh(n)`.
    public func expression(_ a: String, _ b: String = "") -> String {
        switch self {
        case .leaf: a
        case .add: "\(a) + \(b)"
        case .subtract: "\(a) - \(b)"
        case .multiply: "\(a)·\(b)"
        case .divide: "\(a)/\(b)"
        case .negate: "-\(a)"
        case .power(let p): "\(a)^\(NumberFormat.short(p))"
        case .exp, .log, .tanh, .sigmoid, .relu: "\(symbol)(\(a))"
        }
    }

    /// The forward rule: the result for inputs `a` (and `b`).
    @inline(__always)
    public func forward(_ a: Double, _ b: Double) -> Double {
        switch self {
        case .leaf: a
        case .add: Add.forward(a, b)
        case .subtract: Subtract.forward(a, b)
        case .multiply: Multiply.forward(a, b)
        case .divide: Divide.forward(a, b)
        case .negate: Negate.forward(a)
        case .power(let p): Power(exponent: p).forward(a)
        case .exp: Exp.forward(a)
        case .log: Log.forward(a)
        case .tanh: Tanh.forward(a)
        case .sigmoid: Sigmoid.forward(a)
        case .relu: ReLU.forward(a)
        }
    }

    /// The local derivatives (∂out/∂a, ∂out/∂b) given the inputs and the output.
    @inline(__always)
    public func localGradients(_ a: Double, _ b: Double, out: Double) -> (Double, Double) {
        switch self {
        case .leaf: (0, 0)
        case .add: Add.gradients(a, b)
        case .subtract: Subtract.gradients(a, b)
        case .multiply: Multiply.gradients(a, b)
        case .divide: Divide.gradients(a, b)
        case .negate: (Negate.derivative(a), 0)
        case .power(let p): (Power(exponent: p).derivative(a), 0)
        case .exp: (Exp.derivative(a, out: out), 0)
        case .log: (Log.derivative(a), 0)
        case .tanh: (Tanh.derivative(out: out), 0)
        case .sigmoid: (Sigmoid.derivative(out: out), 0)
        case .relu: (ReLU.derivative(out: out), 0)
        }
    }

    /// The local derivatives as formulas: one right-hand side per input, with the same
    /// numbers `localGradients` returns.
    public func localGradientFormulas(_ a: Operand, _ b: Operand?, out: Operand) -> [Expression] {
        let b = b ?? Operand(name: "", value: 0)
        switch self {
        case .leaf: return []
        case .add: return Add.formulas(a, b)
        case .subtract: return Subtract.formulas(a, b)
        case .multiply: return Multiply.formulas(a, b)
        case .divide: return Divide.formulas(a, b)
        case .negate: return [Negate.formula(a)]
        case .power(let p): return [Power(exponent: p).formula(a)]
        case .exp: return [Exp.formula(a, out: out)]
        case .log: return [Log.formula(a)]
        case .tanh: return [Tanh.formula(out: out)]
        case .sigmoid: return [Sigmoid.formula(out: out)]
        case .relu: return [ReLU.formula(out: out)]
        }
    }

    /// Why the operation has no real result for these inputs, or nil when it does.
    public func domainError(_ a: Double, _ b: Double) -> String? {
        switch self {
        case .divide: Divide.domainError(a, b)
        case .power(let p): Power(exponent: p).domainError(a)
        case .log: Log.domainError(a)
        default: nil
        }
    }
}

/// A named number, used to write formulas: the `b` and `-3.0` of `∂(a·b)/∂a = b = -3.0`.
public struct Operand: Sendable, Equatable {
    public var name: String
    public var value: Double
    public init(name: String, value: Double) {
        self.name = name
        self.value = value
    }
}
