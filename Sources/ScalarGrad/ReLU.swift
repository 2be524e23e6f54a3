import Explain

/// The rectifier: `r = max(0, a)`.
///
///     ∂relu(a)/∂a = [r > 0]   (1 where the unit is active, 0 otherwise; 0 at a = 0 as in PyTorch)
enum ReLU {
    @inline(__always) static func forward(_ a: Double) -> Double { a > 0 ? a : 0 }
    @inline(__always) static func derivative(out r: Double) -> Double { r > 0 ? 1 : 0 }
    static func formula(out r: Operand) -> Expression { "[\(r.grouped, r.value) > 0]" }
}

extension Value {
    /// `max(0, self)`.
    public func relu() -> Value {
        Value(ReLU.forward(data), .relu, self)
    }
}
