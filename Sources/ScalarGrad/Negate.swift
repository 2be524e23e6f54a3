import Explain

/// Negation: `−a`.
///
///     ∂(−a)/∂a = −1
enum Negate {
    @inline(__always) static func forward(_ a: Double) -> Double { -a }
    @inline(__always) static func derivative(_ a: Double) -> Double { -1 }
    static func formula(_ a: Operand) -> Expression { "-1" }
}

extension Value {
    /// `−a`.
    public static prefix func - (a: Value) -> Value {
        Value(Negate.forward(a.data), .negate, a)
    }
}
