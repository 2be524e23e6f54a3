import Explain

/// The leaky rectifier: `y = x` for x > 0, `αx` otherwise (α = `slope`).
///
///     d/dx = 1 if x > 0 else α
///
/// The function's default slope is PyTorch's 0.01; a layer's `leaky_relu` takes Keras' 0.3.
public struct LeakyReLU: UnaryOperation {
    public static let name = "leaky_relu"
    public static let abstract = "x if x > 0 else slope·x (PyTorch's default slope 0.01); derivative 1 or slope"
    public static let parameterSpecification = [
        OperationParameter("slope", default: 0.01, aliases: ["negative_slope", "alpha"])
    ]
    public static var isActivation: Bool { true }
    /// Keras' default slope, for layers.
    public static let kerasSlope = 0.3

    public let slope: Double
    public init(slope: Double = 0.01) { self.slope = slope }
    public init(parameters: [String: Double]) throws(OperationError) {
        self.init(slope: try Self.resolve(parameters)[0])
    }
    public var parameters: [Double] { [slope] }

    @inlinable public func forward<T: Real>(_ x: T) -> T { x > 0 ? x : T(slope) * x }
    @inlinable public func derivative<T: Real>(x: T, y: T) -> T { x > 0 ? 1 : T(slope) }
    public func derivativeFormula(x: Operand, y: Operand) -> Expression {
        "[\(x.grouped, x.value) > 0] + \(slope)·[\(x.grouped, x.value) <= 0]"
    }
    /// With a slope ≥ 0, x > 0 exactly when y > 0, so the outputs suffice.
    public var derivativeReadsOnlyOutput: Bool { slope >= 0 }
}
