import Explain

/// The exponential: `y = eˣ`.
///
///     d(eˣ)/dx = eˣ = y   (written with the output)
public struct Exp: UnaryOperation, ParameterFree {
    public static let name = "exp"
    public static let abstract = "eˣ; derivative eˣ"
    public init() {}
    @inlinable public func forward<T: Real>(_ x: T) -> T { T.exp(x) }
    @inlinable public func derivative<T: Real>(x: T, y: T) -> T { y }
    public func derivativeFormula(x: Operand, y: Operand) -> Expression { "exp(\(x.name, x.value))" }
    public var derivativeReadsOnlyOutput: Bool { true }
}
