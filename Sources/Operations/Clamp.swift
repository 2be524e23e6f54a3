import Explain

/// Clamping to an interval: `y = min(max(x, lo), hi)`.
///
///     d/dx = 1 where lo ≤ x ≤ hi, 0 outside (as PyTorch)
public struct Clamp: UnaryOperation {
    public static let name = "clamp"
    public static let abstract = "x limited to [min, max]; derivative 1 inside, 0 outside"
    public static let parameterSpecification = [
        OperationParameter("min", default: -.infinity), OperationParameter("max", default: .infinity),
    ]

    public let lower: Double, upper: Double
    public init(min lower: Double = -.infinity, max upper: Double = .infinity) throws(OperationError) {
        guard lower <= upper else {
            throw OperationError(
                "clamp: min \(NumberFormat.short(lower)) is greater than max \(NumberFormat.short(upper))")
        }
        self.lower = lower
        self.upper = upper
    }
    public init(parameters: [String: Double]) throws(OperationError) {
        let values = try Self.resolve(parameters)
        try self.init(min: values[0], max: values[1])
    }
    public var parameters: [Double] { [lower, upper] }

    @inlinable public func forward<T: Real>(_ x: T) -> T { Swift.min(Swift.max(x, T(lower)), T(upper)) }
    @inlinable public func derivative<T: Real>(x: T, y: T) -> T { x >= T(lower) && x <= T(upper) ? 1 : 0 }
    public func derivativeFormula(x: Operand, y: Operand) -> Expression {
        "[\(x.grouped, x.value) >= \(lower)]·[\(x.grouped, x.value) <= \(upper)]"
    }
}
