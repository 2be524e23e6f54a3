import Explain

/// The logistic sigmoid: `y = σ(x) = 1/(1 + e⁻ˣ)`.
///
///     dσ(x)/dx = y·(1 − y)   (written with the output)
///
/// The forward rule picks the form that cannot overflow for either sign of x.
public struct Sigmoid: UnaryOperation, ParameterFree {
    public static let name = "sigmoid"
    public static let abstract = "1/(1 + e⁻ˣ); derivative σ(x)(1 − σ(x))"
    public static var isActivation: Bool { true }
    public init() {}
    @inlinable public func forward<T: Real>(_ x: T) -> T {
        if x >= 0 { return 1 / (1 + T.exp(-x)) }
        let e = T.exp(x)
        return e / (1 + e)
    }
    @inlinable public func derivative<T: Real>(x: T, y: T) -> T { y * (1 - y) }
    public func derivativeFormula(x: Operand, y: Operand) -> Expression {
        "\(y.grouped, y.value)·(1 - \(y.grouped, y.value))"
    }
    public var derivativeReadsOnlyOutput: Bool { true }
}
