import Explain
import Operations

/// The operations a `Value` can result from: the four arithmetic operations (each in its own
/// file with its forward rule, local derivatives and formulas), and every elementwise
/// function of the table of operations (`Operations`), which holds their rules once for
/// this engine, the tensor engine and the compiled training loops.
public enum Operation: Sendable {
    case leaf
    case add, subtract, multiply, divide
    /// An elementwise function from the table: `tanh`, `relu`, `pow(2)`, `neg`.
    case unary(any UnaryOperation)

    public static let negate = Operation.unary(Negate())
    public static let exp = Operation.unary(Exp())
    public static let log = Operation.unary(Log())
    public static let tanh = Operation.unary(Tanh())
    public static let sigmoid = Operation.unary(Sigmoid())
    public static let relu = Operation.unary(ReLU())
    public static func power(_ p: Double) -> Operation { .unary(Power(p)) }

    /// How many inputs the operation takes.
    public var arity: Int {
        switch self {
        case .leaf: 0
        case .add, .subtract, .multiply, .divide: 2
        case .unary: 1
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
        case .unary(let op as Power): "^" + NumberFormat.short(op.exponent)
        case .unary(let op): op.description
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
        case .unary(let op): op.expression(a)
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
        case .unary(let op): op.forward(a)
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
        case .unary(let op): (op.derivative(x: a, y: out), 0)
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
        case .unary(let op): return [op.derivativeFormula(x: a, y: out)]
        }
    }

    /// Why the operation has no real result for these inputs, or nil when it does.
    public func domainError(_ a: Double, _ b: Double) -> String? {
        switch self {
        case .divide: Divide.domainError(a, b)
        case .unary(let op): op.domainError(a)
        default: nil
        }
    }
}

extension Operation: Equatable {
    public static func == (lhs: Operation, rhs: Operation) -> Bool {
        switch (lhs, rhs) {
        case (.leaf, .leaf), (.add, .add), (.subtract, .subtract), (.multiply, .multiply), (.divide, .divide): true
        case (.unary(let a), .unary(let b)): a.isSame(as: b)
        default: false
        }
    }
}
