import Explain

/// Softplus, a smooth ReLU: `y = ln(1 + eˣ)`.
///
///     d softplus(x)/dx = σ(x) = 1 − e⁻ʸ   (written with the output)
///
/// Evaluated as max(x, 0) + ln(1 + e^−|x|), which neither overflows for large x nor loses
/// the small values for very negative x (PyTorch's threshold form gives the same numbers).
public struct Softplus: UnaryOperation, ParameterFree {
    public static let name = "softplus"
    public static let abstract = "ln(1 + eˣ), a smooth relu; derivative σ(x) = 1 − e⁻ʸ"
    public static var isActivation: Bool { true }
    public init() {}
    @inlinable public func forward<T: Real>(_ x: T) -> T { Swift.max(x, 0) + T.log1p(T.exp(-Swift.abs(x))) }
    @inlinable public func derivative<T: Real>(x: T, y: T) -> T { -T.expm1(-y) }
    public func derivativeFormula(x: Operand, y: Operand) -> Expression { "1 - e^(-\(y.grouped, y.value))" }
    public var derivativeReadsOnlyOutput: Bool { true }
}
