import Explain

/// A power with a constant real exponent: `y = xᵖ`.
///
///     d(xᵖ)/dx = p·xᵖ⁻¹
public struct Power: UnaryOperation {
    public static let name = "pow"
    public static let abstract = "xᵖ for a constant p; derivative p·xᵖ⁻¹"
    public static let parameterSpecification = [OperationParameter("p")]

    public let exponent: Double
    public init(_ exponent: Double) { self.exponent = exponent }
    public init(parameters: [String: Double]) throws(OperationError) {
        self.init(try Self.resolve(parameters)[0])
    }
    public var parameters: [Double] { [exponent] }

    @inlinable public func forward<T: Real>(_ x: T) -> T { exponent == 2 ? x * x : T.pow(x, T(exponent)) }
    @inlinable public func derivative<T: Real>(x: T, y: T) -> T {
        exponent == 2 ? 2 * x : T(exponent) * T.pow(x, T(exponent - 1))
    }
    public func derivativeFormula(x: Operand, y: Operand) -> Expression {
        "\(exponent)·\(x.grouped, x.value)^\(exponent - 1)"
    }
    public func domainError(_ x: Double) -> String? {
        if x < 0, exponent != exponent.rounded() {
            return
                "(\(NumberFormat.short(x)))^\(NumberFormat.short(exponent)) is not a real number: a negative base "
                + "needs a whole exponent"
        }
        if x == 0, exponent < 0 { return "division by zero: 0.0^\(NumberFormat.short(exponent))" }
        return nil
    }
    public func expression(_ operand: String) -> String { "\(operand)^\(NumberFormat.short(exponent))" }
    public var precedence: Int { 4 }
}
