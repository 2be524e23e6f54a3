#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Explain

/// Power with a constant real exponent: `aᵖ`.
///
///     ∂(aᵖ)/∂a = p·aᵖ⁻¹
struct Power {
    let exponent: Double
    @inline(__always) func forward(_ a: Double) -> Double { realPower(a, exponent) }
    @inline(__always) func derivative(_ a: Double) -> Double { exponent * realPower(a, exponent - 1) }
    func formula(_ a: Operand) -> Expression {
        "\(exponent)·\(a.grouped, a.value)^\(exponent - 1)"
    }
    func domainError(_ a: Double) -> String? {
        if a < 0, exponent != exponent.rounded() {
            return "(\(NumberFormat.short(a)))^\(NumberFormat.short(exponent)) is not a real number: a negative base needs a whole exponent"
        }
        if a == 0, exponent < 0 {
            return "division by zero: 0.0^\(NumberFormat.short(exponent))"
        }
        return nil
    }
}

@inline(__always) func realPower(_ a: Double, _ b: Double) -> Double {
    if b == 2 { return a * a }
    return pow(a, b)
}

extension Value {
    /// `selfᵖ` for a constant exponent `p`.
    public func pow(_ exponent: Double) -> Value {
        Value(Power(exponent: exponent).forward(data), .power(exponent), self)
    }
}
