import Explain

/// The square root: `y = √x`, for x ≥ 0.
///
///     d(√x)/dx = 1/(2√x) = 1/(2y)   (written with the output)
public struct Sqrt: UnaryOperation, ParameterFree {
    public static let name = "sqrt"
    public static let abstract = "√x (x ≥ 0); derivative 1/(2√x)"
    public init() {}
    @inlinable public func forward<T: Real>(_ x: T) -> T { x.squareRoot() }
    @inlinable public func derivative<T: Real>(x: T, y: T) -> T { 1 / (2 * y) }
    public func derivativeFormula(x: Operand, y: Operand) -> Expression { "1/(2·\(y.value))" }
    public var derivativeReadsOnlyOutput: Bool { true }
    public func domainError(_ x: Double) -> String? {
        x >= 0 ? nil : "sqrt(\(NumberFormat.short(x))) is not a real number: sqrt needs x ≥ 0"
    }
}
