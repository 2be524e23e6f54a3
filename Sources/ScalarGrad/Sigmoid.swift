#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Explain

/// The logistic sigmoid: `s = σ(a) = 1/(1 + e⁻ᵃ)`.
///
///     ∂σ(a)/∂a = s·(1 − s)   (written with the output s)
///
/// The forward pass picks the form that cannot overflow for either sign of `a`.
enum Sigmoid {
    @inline(__always) static func forward(_ a: Double) -> Double {
        if a >= 0 { return 1 / (1 + libmExp(-a)) }
        let e = libmExp(a)
        return e / (1 + e)
    }
    @inline(__always) static func derivative(out s: Double) -> Double { s * (1 - s) }
    static func formula(out s: Operand) -> Expression {
        "\(s.grouped, s.value)·(1 - \(s.grouped, s.value))"
    }
}

extension Value {
    /// `σ(self) = 1/(1 + e^−self)`.
    public func sigmoid() -> Value {
        Value(Sigmoid.forward(data), .sigmoid, self)
    }
}
