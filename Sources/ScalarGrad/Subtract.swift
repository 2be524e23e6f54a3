import Explain

/// Subtraction: `a − b`.
///
///     ∂(a − b)/∂a = 1,   ∂(a − b)/∂b = −1
enum Subtract {
    @inline(__always) static func forward(_ a: Double, _ b: Double) -> Double { a - b }
    @inline(__always) static func gradients(_ a: Double, _ b: Double) -> (Double, Double) { (1, -1) }
    static func formulas(_ a: Operand, _ b: Operand) -> [Expression] { ["1", "-1"] }
}

extension Value {
    /// `a − b`.
    public static func - (a: Value, b: Value) -> Value {
        Value(Subtract.forward(a.data, b.data), .subtract, a, b)
    }
    public static func - (a: Value, b: Double) -> Value { a - Value(b) }
    public static func - (a: Double, b: Value) -> Value { Value(a) - b }
}
