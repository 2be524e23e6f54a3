import Explain

/// The hyperbolic tangent: `y = tanh x`.
///
///     d tanh(x)/dx = 1 − y²   (written with the output)
public struct Tanh: UnaryOperation, ParameterFree {
    public static let name = "tanh"
    public static let abstract = "hyperbolic tangent; derivative 1 − tanh²x"
    public static var isActivation: Bool { true }
    public init() {}
    @inlinable public func forward<T: Real>(_ x: T) -> T { T.tanh(x) }
    @inlinable public func derivative<T: Real>(x: T, y: T) -> T { 1 - y * y }
    public func derivativeFormula(x: Operand, y: Operand) -> Expression { "1 - \(y.grouped, y.value)²" }
    public var derivativeReadsOnlyOutput: Bool { true }
}
