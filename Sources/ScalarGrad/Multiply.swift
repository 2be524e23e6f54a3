import Explain

/// Multiplication: `a·b`.
///
///     ∂(a·b)/∂a = b,   ∂(a·b)/∂b = a
enum Multiply {
    @inline(__always) static func forward(_ a: Double, _ b: Double) -> Double { a * b }
    @inline(__always) static func gradients(_ a: Double, _ b: Double) -> (Double, Double) { (b, a) }
    static func formulas(_ a: Operand, _ b: Operand) -> [Expression] {
        ["\(b.name, b.value)", "\(a.name, a.value)"]
    }
}

extension Value {
    /// `a·b`; each input's gradient is the other input times the upstream gradient.
    public static func * (a: Value, b: Value) -> Value {
        Value(Multiply.forward(a.data, b.data), .multiply, a, b)
    }
    public static func * (a: Value, b: Double) -> Value { a * Value(b) }
    public static func * (a: Double, b: Value) -> Value { Value(a) * b }
}
