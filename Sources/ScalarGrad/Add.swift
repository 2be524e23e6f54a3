import Explain

/// Addition: `a + b`.
///
///     ∂(a + b)/∂a = 1,   ∂(a + b)/∂b = 1
enum Add {
    @inline(__always) static func forward(_ a: Double, _ b: Double) -> Double { a + b }
    @inline(__always) static func gradients(_ a: Double, _ b: Double) -> (Double, Double) { (1, 1) }
    static func formulas(_ a: Operand, _ b: Operand) -> [Expression] { ["1", "1"] }
}

extension Value {
    /// `a + b`; each input receives the upstream gradient unchanged.
    public static func + (a: Value, b: Value) -> Value {
        Value(Add.forward(a.data, b.data), .add, a, b)
    }
    public static func + (a: Value, b: Double) -> Value { a + Value(b) }
    public static func + (a: Double, b: Value) -> Value { Value(a) + b }
}
