#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The floating-point types every rule is written for once: `Double` (the scalar engine) and
/// `Float` (tensors and the compiled training loops). Each rule is generic over `Real`, so
/// both engines specialise the same code.
public protocol Real: BinaryFloatingPoint, Sendable {
    static func exp(_ x: Self) -> Self
    static func expm1(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func log1p(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func pow(_ x: Self, _ y: Self) -> Self
}

extension Float: Real {
    @inlinable public static func exp(_ x: Float) -> Float { expf(x) }
    @inlinable public static func expm1(_ x: Float) -> Float { expm1f(x) }
    @inlinable public static func log(_ x: Float) -> Float { logf(x) }
    @inlinable public static func log1p(_ x: Float) -> Float { log1pf(x) }
    @inlinable public static func tanh(_ x: Float) -> Float { tanhf(x) }
    @inlinable public static func pow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
}

extension Double: Real {
    @inlinable public static func exp(_ x: Double) -> Double { cExp(x) }
    @inlinable public static func expm1(_ x: Double) -> Double { cExpm1(x) }
    @inlinable public static func log(_ x: Double) -> Double { cLog(x) }
    @inlinable public static func log1p(_ x: Double) -> Double { cLog1p(x) }
    @inlinable public static func tanh(_ x: Double) -> Double { cTanh(x) }
    @inlinable public static func pow(_ x: Double, _ y: Double) -> Double { cPow(x, y) }
}

// The C library's double functions, named apart from the static members above.
@inlinable func cExp(_ x: Double) -> Double { exp(x) }
@inlinable func cExpm1(_ x: Double) -> Double { expm1(x) }
@inlinable func cLog(_ x: Double) -> Double { log(x) }
@inlinable func cLog1p(_ x: Double) -> Double { log1p(x) }
@inlinable func cTanh(_ x: Double) -> Double { tanh(x) }
@inlinable func cPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
