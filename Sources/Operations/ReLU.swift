import Explain

/// The rectifier: `y = max(0, x)`.
///
///     d relu(x)/dx = [y > 0]   (1 where the unit is active, 0 otherwise; 0 at x = 0 as in PyTorch)
public struct ReLU: UnaryOperation, ParameterFree {
    public static let name = "relu"
    public static let abstract = "max(0, x); derivative 1 if x > 0 else 0"
    public static var isActivation: Bool { true }
    public init() {}
    /// Written as max so the specialised loops vectorise (`x > 0 ? x : 0` keeps a branch
    /// once generic); nan stays nan.
    @inlinable public func forward<T: Real>(_ x: T) -> T { Swift.max(x, 0) }
    @inlinable public func derivative<T: Real>(x: T, y: T) -> T { y > 0 ? 1 : 0 }
    public func derivativeFormula(x: Operand, y: Operand) -> Expression { "[\(y.grouped, y.value) > 0]" }
    public var derivativeReadsOnlyOutput: Bool { true }
}
