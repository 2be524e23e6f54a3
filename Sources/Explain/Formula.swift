/// A formula written once symbolically and once with its numbers bound.
///
/// `Formula(lhs: "∂e/∂a", rhs: "\("b", -3.0)", value: -3.0)` prints as
/// `∂e/∂a = b = -3.0`. The `value` is the number the computation used; tests compare it
/// with the engine's own result so that what is printed is what was applied.
public struct Formula: Sendable, Equatable, CustomStringConvertible {
    /// The quantity being defined, e.g. `∂L/∂a`.
    public var lhs: String
    /// The right-hand side, with symbols and the numbers bound to them.
    public var rhs: Expression
    /// The number the right-hand side evaluates to (the one the engine used).
    public var value: Double

    public init(lhs: String, rhs: Expression, value: Double) {
        self.lhs = lhs
        self.rhs = rhs
        self.value = value
    }

    /// `lhs = symbols = numbers = value`, dropping steps that would repeat the previous one.
    public var description: String {
        var parts = [lhs]
        for step in [rhs.symbolic, rhs.substituted] where parts.last != step {
            parts.append(step)
        }
        // A constant right-hand side (`1`, `-1`) already is the value.
        let isConstant = rhs.bindings.isEmpty && Double(rhs.symbolic) == value
        if !isConstant, parts.last != NumberFormat.short(value) {
            parts.append(NumberFormat.short(value))
        }
        return parts.joined(separator: " = ")
    }
}
