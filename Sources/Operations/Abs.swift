import Explain

/// The absolute value: `y = |x|`.
///
///     d|x|/dx = sign(x), and 0 at x = 0 (as PyTorch)
public struct Abs: UnaryOperation, ParameterFree {
    public static let name = "abs"
    public static let abstract = "|x|; derivative sign(x), 0 at 0"
    public init() {}
    @inlinable public func forward<T: Real>(_ x: T) -> T { Swift.abs(x) }
    @inlinable public func derivative<T: Real>(x: T, y: T) -> T { x > 0 ? 1 : (x < 0 ? -1 : 0) }
    public func derivativeFormula(x: Operand, y: Operand) -> Expression {
        "[\(x.grouped, x.value) > 0] - [\(x.grouped, x.value) < 0]"
    }
}
