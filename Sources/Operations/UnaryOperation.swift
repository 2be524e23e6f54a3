import Explain

/// An elementwise function of one input, as one row of the table of operations: its name,
/// its forward rule, its derivative, the derivative as a printable formula, and the loops the
/// tensor engine and the compiled training path run. tinygrad's `gradient.py` is the model:
/// derivatives as data, each beside its op.
///
/// Each operation is one file. The scalar engine (`Value`, Double), the tensor engine
/// (`Tensor`, Float), the compiled training loops, the layers' activations, the notebook's
/// functions, `explain`/`grad` formulas, `compare` and `help` all read it from here, so adding
/// a row (softplus) makes it available everywhere.
public protocol UnaryOperation: Sendable {
    /// The name in expressions, graphs and help: `tanh`.
    static var name: String { get }
    /// What it computes and its derivative, one line (help).
    static var abstract: String { get }
    /// The constant parameters it takes, with their defaults (`slope=0.01`).
    static var parameterSpecification: [OperationParameter] { get }
    /// Whether a layer may use it as its activation (`dense 64 softplus`).
    static var isActivation: Bool { get }

    /// Builds the operation from parameter values by name; missing ones take their defaults.
    init(parameters: [String: Double]) throws(OperationError)
    /// The values of its parameters, in the order of `parameterSpecification`.
    var parameters: [Double] { get }

    /// y = f(x).
    func forward<T: Real>(_ x: T) -> T
    /// dy/dx, given x and y = f(x) (whichever reads more simply).
    func derivative<T: Real>(x: T, y: T) -> T
    /// dy/dx as a formula over the operands, with the same numbers `derivative` uses.
    func derivativeFormula(x: Operand, y: Operand) -> Expression
    /// True when `derivative` reads only y, so a loop that keeps only outputs can call it
    /// with y in place of x (ReLU, tanh, sigmoid, softplus).
    var derivativeReadsOnlyOutput: Bool { get }
    /// Why there is no real result at `x` (log of a negative), or nil.
    func domainError(_ x: Double) -> String?
    /// The expression written with its operand: `tanh(a)`, `-a`, `a^2`.
    func expression(_ operand: String) -> String
    /// Binding strength when written out (5: a call, which needs no parentheses).
    var precedence: Int { get }

    // The loops, one dynamic call each, specialised for the conforming type.

    /// y[i] = f(x[i]).
    func forward(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int)
    /// g[i] ← g[i] · f′(x[i]) (with `derivativeReadsOnlyOutput`, `x` may be the outputs).
    func multiplyByDerivative(
        x: UnsafePointer<Float>, y: UnsafePointer<Float>, gradient g: UnsafeMutablePointer<Float>, count: Int)
    /// row[j] ← f(row[j] + b[j]) for every row of a [rows, width] buffer: a dense layer's
    /// bias and activation in one pass.
    func addBiasThenForward(
        _ b: UnsafePointer<Float>, to rows: UnsafeMutablePointer<Float>, rows count: Int, width: Int)
}

/// A constant parameter of an operation: `slope` of leaky_relu, `p` of pow.
public struct OperationParameter: Sendable {
    public let name: String
    /// Nil: required.
    public let defaultValue: Double?
    /// Other keyword names (PyTorch's `negative_slope`).
    public let aliases: [String]

    public init(_ name: String, default defaultValue: Double? = nil, aliases: [String] = []) {
        self.name = name
        self.defaultValue = defaultValue
        self.aliases = aliases
    }
}

/// An operation built with parameters it cannot take.
public struct OperationError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension UnaryOperation {
    public static var parameterSpecification: [OperationParameter] { [] }
    public static var isActivation: Bool { false }
    public var parameters: [Double] { [] }
    public var derivativeReadsOnlyOutput: Bool { false }
    public func domainError(_ x: Double) -> String? { nil }
    public func expression(_ operand: String) -> String { "\(name)(\(operand))" }
    public var precedence: Int { 5 }

    /// The name of this row.
    public var name: String { Self.name }

    /// The name with its parameters, as a call would write it: `leaky_relu(x, 0.3)` → `leaky_relu(0.3)`.
    public var description: String {
        parameters.isEmpty ? name : name + "(" + parameters.map { NumberFormat.short($0) }.joined(separator: ", ") + ")"
    }

    /// A call's signature for help: `leaky_relu(x, slope=0.01)`.
    public static var signature: String {
        let parameters = parameterSpecification.map { p in
            p.name + (p.defaultValue.map { "=" + NumberFormat.short($0) } ?? "")
        }
        return name + "(" + (["x"] + parameters).joined(separator: ", ") + ")"
    }

    /// Two operations are the same when they are the same row with the same parameters.
    public func isSame(as other: any UnaryOperation) -> Bool {
        type(of: other) == Self.self && other.parameters == parameters
    }

    @inlinable
    public func forward(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] = forward(x[i]) }
    }

    @inlinable
    public func multiplyByDerivative(
        x: UnsafePointer<Float>, y: UnsafePointer<Float>, gradient g: UnsafeMutablePointer<Float>, count: Int
    ) {
        for i in 0..<count { g[i] *= derivative(x: x[i], y: y[i]) }
    }

    @inlinable
    public func addBiasThenForward(
        _ b: UnsafePointer<Float>, to rows: UnsafeMutablePointer<Float>, rows count: Int, width: Int
    ) {
        for r in 0..<count {
            let row = rows + r * width
            for j in 0..<width { row[j] = forward(row[j] + b[j]) }
        }
    }
}

extension UnaryOperation where Self: ParameterFree {
    public init(parameters: [String: Double]) throws(OperationError) {
        if let name = parameters.keys.sorted().first {
            throw OperationError("\(Self.name) takes no parameter '\(name)'")
        }
        self.init()
    }
}

/// An operation without parameters (most of the table).
public protocol ParameterFree {
    init()
}

extension UnaryOperation {
    /// The parameters in declaration order, defaults filled in; unknown or missing ones are
    /// errors that name them.
    public static func resolve(_ given: [String: Double]) throws(OperationError) -> [Double] {
        var values: [Double] = []
        var remaining = given
        for spec in parameterSpecification {
            let key = ([spec.name] + spec.aliases).first { remaining[$0] != nil }
            if let key, let value = remaining.removeValue(forKey: key) {
                values.append(value)
            } else if let fallback = spec.defaultValue {
                values.append(fallback)
            } else {
                throw OperationError("\(name) needs \(spec.name)")
            }
        }
        if let unknown = remaining.keys.sorted().first { throw OperationError("\(name) has no parameter '\(unknown)'") }
        return values
    }
}
