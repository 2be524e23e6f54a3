#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Explain

/// The exponential: `eᵃ`.
///
///     ∂(eᵃ)/∂a = eᵃ   (the output itself)
enum Exp {
    @inline(__always) static func forward(_ a: Double) -> Double { libmExp(a) }
    @inline(__always) static func derivative(_ a: Double, out: Double) -> Double { out }
    static func formula(_ a: Operand, out: Operand) -> Expression {
        "exp(\(a.name, a.value))"
    }
}

@inline(__always) func libmExp(_ a: Double) -> Double { exp(a) }

extension Value {
    /// `eˢᵉˡᶠ`.
    public func exp() -> Value {
        Value(Exp.forward(data), .exp, self)
    }
}
