import Explain

/// Negation: `y = −x`.
///
///     d(−x)/dx = −1
public struct Negate: UnaryOperation, ParameterFree {
    public static let name = "neg"
    public static let abstract = "−x; derivative −1"
    public init() {}
    @inlinable public func forward<T: Real>(_ x: T) -> T { -x }
    @inlinable public func derivative<T: Real>(x: T, y: T) -> T { -1 }
    public func derivativeFormula(x: Operand, y: Operand) -> Expression { "-1" }
    public var derivativeReadsOnlyOutput: Bool { true }
    public func expression(_ operand: String) -> String { "-\(operand)" }
    public var precedence: Int { 3 }
}
