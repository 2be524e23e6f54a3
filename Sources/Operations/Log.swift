import Explain

/// The natural logarithm: `y = ln x`, for x > 0.
///
///     d(ln x)/dx = 1/x
public struct Log: UnaryOperation, ParameterFree {
    public static let name = "log"
    public static let abstract = "natural logarithm ln x (x > 0); derivative 1/x"
    public init() {}
    @inlinable public func forward<T: Real>(_ x: T) -> T { T.log(x) }
    @inlinable public func derivative<T: Real>(x: T, y: T) -> T { 1 / x }
    public func derivativeFormula(x: Operand, y: Operand) -> Expression { "1/\(x.grouped, x.value)" }
    public func domainError(_ x: Double) -> String? {
        x <= 0 ? "log(\(NumberFormat.short(x))) is undefined: the argument must be positive" : nil
    }
}
