import Explain

/// Division: `a / b`.
///
///     ∂(a/b)/∂a = 1/b,   ∂(a/b)/∂b = −a/b²
enum Divide {
    @inline(__always) static func forward(_ a: Double, _ b: Double) -> Double { a / b }
    @inline(__always) static func gradients(_ a: Double, _ b: Double) -> (Double, Double) {
        (1 / b, -a / (b * b))
    }
    static func formulas(_ a: Operand, _ b: Operand) -> [Expression] {
        ["1/\(b.grouped, b.value)", "-\(a.grouped, a.value)/\(b.grouped, b.value)²"]
    }
    static func domainError(_ a: Double, _ b: Double) -> String? {
        b == 0 ? "division by zero: \(NumberFormat.short(a)) / 0.0" : nil
    }
}

extension Value {
    /// `a / b`.
    public static func / (a: Value, b: Value) -> Value {
        Value(Divide.forward(a.data, b.data), .divide, a, b)
    }
    public static func / (a: Value, b: Double) -> Value { a / Value(b) }
    public static func / (a: Double, b: Value) -> Value { Value(a) / b }
}
