#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Explain

/// The natural logarithm: `ln a`.
///
///     ∂(ln a)/∂a = 1/a
enum Log {
    @inline(__always) static func forward(_ a: Double) -> Double { libmLog(a) }
    @inline(__always) static func derivative(_ a: Double) -> Double { 1 / a }
    static func formula(_ a: Operand) -> Expression { "1/\(a.grouped, a.value)" }
    static func domainError(_ a: Double) -> String? {
        a <= 0 ? "log(\(NumberFormat.short(a))) is undefined: the argument must be positive" : nil
    }
}

@inline(__always) func libmLog(_ a: Double) -> Double { log(a) }

extension Value {
    /// `ln(self)`.
    public func log() -> Value {
        Value(Log.forward(data), .log, self)
    }
}
