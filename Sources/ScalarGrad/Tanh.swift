#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Explain

/// The hyperbolic tangent: `t = tanh(a)`.
///
///     ∂tanh(a)/∂a = 1 − t²   (written with the output t)
enum Tanh {
    @inline(__always) static func forward(_ a: Double) -> Double { libmTanh(a) }
    @inline(__always) static func derivative(out t: Double) -> Double { 1 - t * t }
    static func formula(out t: Operand) -> Expression { "1 - \(t.grouped, t.value)²" }
}

@inline(__always) func libmTanh(_ a: Double) -> Double { tanh(a) }

extension Value {
    /// `tanh(self)`.
    public func tanh() -> Value {
        Value(Tanh.forward(data), .tanh, self)
    }
}
