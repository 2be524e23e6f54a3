import Kernels

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Softmax and log-softmax along an axis, on the fused stable kernels.
///
///     y = softmax(x):      ∂L/∂x = y ⊙ (∂L/∂y − Σ(∂L/∂y ⊙ y))
///     y = log_softmax(x):  ∂L/∂x = ∂L/∂y − softmax(x) ⊙ Σ ∂L/∂y
///
/// (sums along the same axis).
public struct SoftmaxOperation: TensorOperation {
    public let axis: Int
    public let logarithmic: Bool
    public var name: String { logarithmic ? "log_softmax" : "softmax" }

    public func forward(_ inputs: [Tensor]) throws(TensorError) -> (shape: [Int], data: [Float]) {
        let x = inputs[0]
        let (outer, n, inner) = Shape.around(x.shape, axis: axis)
        var out = [Float](repeating: 0, count: x.count)
        x.data.withUnsafeBufferPointer { xs in
            out.withUnsafeMutableBufferPointer { o in
                guard let xs = xs.baseAddress, let o = o.baseAddress else { return }
                if logarithmic {
                    Softmax.logSoftmax(xs, outer: outer, n: n, inner: inner, into: o)
                } else {
                    Softmax.softmax(xs, outer: outer, n: n, inner: inner, into: o)
                }
            }
        }
        return (x.shape, out)
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient: [Float]) -> [[Float]?] {
        let (outer, n, inner) = Shape.around(output.shape, axis: axis)
        let y = output.data
        var dx = [Float](repeating: 0, count: y.count)
        for o in 0..<outer {
            for j in 0..<inner {
                let base = o * n * inner + j
                var total: Float = 0
                for i in 0..<n {
                    let k = base + i * inner
                    total += logarithmic ? gradient[k] : gradient[k] * y[k]
                }
                for i in 0..<n {
                    let k = base + i * inner
                    dx[k] = logarithmic ? gradient[k] - expf(y[k]) * total : y[k] * (gradient[k] - total)
                }
            }
        }
        return [dx]
    }
}

extension Tensor {
    public func softmax(axis: Int = -1) throws(TensorError) -> Tensor {
        try .apply(SoftmaxOperation(axis: try self.axis(axis, for: "softmax"), logarithmic: false), [self])
    }
    public func logSoftmax(axis: Int = -1) throws(TensorError) -> Tensor {
        try .apply(SoftmaxOperation(axis: try self.axis(axis, for: "log_softmax"), logarithmic: true), [self])
    }
}
