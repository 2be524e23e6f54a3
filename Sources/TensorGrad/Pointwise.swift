#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Kernels

/// A function applied to every element, with its derivative written in terms of the input x
/// and the output y (whichever is simpler): the VJP is `gradient ⊙ f'(x)`.
public struct Pointwise: TensorOperation, Sendable {
    public let name: String
    let function: @Sendable (Float) -> Float
    let derivative: @Sendable (_ x: Float, _ y: Float) -> Float

    public func forward(_ inputs: [Tensor]) throws(TensorError) -> (shape: [Int], data: [Float]) {
        let x = inputs[0]
        var out = [Float](repeating: 0, count: x.count)
        out.withUnsafeMutableBufferPointer { o in
            x.data.withUnsafeBufferPointer { xs in
                guard let o = o.baseAddress, let xs = xs.baseAddress else { return }
                Elementwise.map(xs, count: x.count, into: o, function)
            }
        }
        return (x.shape, out)
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient: [Float]) -> [[Float]?] {
        let x = inputs[0]
        var out = [Float](repeating: 0, count: x.count)
        for i in 0..<x.count { out[i] = gradient[i] * derivative(x.data[i], output.data[i]) }
        return [out]
    }

    // MARK: - The functions and their derivatives

    /// −x;  d/dx = −1
    public static let negate = Pointwise(name: "neg", function: { -$0 }, derivative: { _, _ in -1 })
    /// eˣ;  d/dx = eˣ = y
    public static let exp = Pointwise(name: "exp", function: { expf($0) }, derivative: { _, y in y })
    /// ln x;  d/dx = 1/x
    public static let log = Pointwise(name: "log", function: { logf($0) }, derivative: { x, _ in 1 / x })
    /// √x;  d/dx = 1/(2√x) = 1/(2y)
    public static let sqrt = Pointwise(name: "sqrt", function: { sqrtf($0) }, derivative: { _, y in 0.5 / y })
    /// |x|;  d/dx = sign(x), 0 at 0 (as PyTorch)
    public static let abs = Pointwise(name: "abs", function: { Swift.abs($0) }, derivative: { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) })
    /// max(0, x);  d/dx = [x > 0]
    public static let relu = Pointwise(name: "relu", function: { $0 > 0 ? $0 : 0 }, derivative: { x, _ in x > 0 ? 1 : 0 })
    /// tanh x;  d/dx = 1 − y²
    public static let tanh = Pointwise(name: "tanh", function: { tanhf($0) }, derivative: { _, y in 1 - y * y })
    /// σ(x) = 1/(1 + e⁻ˣ), evaluated without overflow for either sign;  d/dx = y(1 − y)
    public static let sigmoid = Pointwise(name: "sigmoid", function: { x in
        x >= 0 ? 1 / (1 + expf(-x)) : expf(x) / (1 + expf(x))
    }, derivative: { _, y in y * (1 - y) })

    /// xᵖ for a constant p;  d/dx = p·xᵖ⁻¹
    public static func power(_ p: Float) -> Pointwise {
        Pointwise(name: "pow", function: { p == 2 ? $0 * $0 : powf($0, p) },
                  derivative: { x, _ in p == 2 ? 2 * x : p * powf(x, p - 1) })
    }

    /// x if x > 0 else αx;  d/dx = 1 if x > 0 else α
    public static func leakyReLU(_ slope: Float) -> Pointwise {
        Pointwise(name: "leaky_relu", function: { $0 > 0 ? $0 : slope * $0 }, derivative: { x, _ in x > 0 ? 1 : slope })
    }

    /// min(max(x, lo), hi);  d/dx = 1 where lo ≤ x ≤ hi, else 0 (as PyTorch)
    public static func clamp(min lo: Float, max hi: Float) -> Pointwise {
        Pointwise(name: "clamp", function: { Swift.min(Swift.max($0, lo), hi) },
                  derivative: { x, _ in x >= lo && x <= hi ? 1 : 0 })
    }
}

extension Tensor {
    public static prefix func - (x: Tensor) throws(TensorError) -> Tensor { try apply(Pointwise.negate, [x]) }
    public func exp() throws(TensorError) -> Tensor { try .apply(Pointwise.exp, [self]) }
    public func log() throws(TensorError) -> Tensor { try .apply(Pointwise.log, [self]) }
    public func sqrt() throws(TensorError) -> Tensor { try .apply(Pointwise.sqrt, [self]) }
    public func abs() throws(TensorError) -> Tensor { try .apply(Pointwise.abs, [self]) }
    public func relu() throws(TensorError) -> Tensor { try .apply(Pointwise.relu, [self]) }
    public func tanh() throws(TensorError) -> Tensor { try .apply(Pointwise.tanh, [self]) }
    public func sigmoid() throws(TensorError) -> Tensor { try .apply(Pointwise.sigmoid, [self]) }
    public func pow(_ p: Float) throws(TensorError) -> Tensor { try .apply(Pointwise.power(p), [self]) }
    public func leakyReLU(slope: Float = 0.01) throws(TensorError) -> Tensor { try .apply(Pointwise.leakyReLU(slope), [self]) }
    public func clamp(min lo: Float = -.infinity, max hi: Float = .infinity) throws(TensorError) -> Tensor {
        guard lo <= hi else { throw .invalidArgument(op: "clamp", reason: "min \(lo) is greater than max \(hi)") }
        return try .apply(Pointwise.clamp(min: lo, max: hi), [self])
    }
}
