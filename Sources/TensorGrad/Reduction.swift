import Kernels

/// Sum, mean or maximum over one axis or over everything.
///
///     y = Σᵢ xᵢ:        ∂L/∂xᵢ = ∂L/∂y                 (broadcast back)
///     y = (1/n) Σᵢ xᵢ:  ∂L/∂xᵢ = ∂L/∂y / n
///     y = maxᵢ xᵢ:      ∂L/∂xᵢ = ∂L/∂y where i is the (first) argmax, else 0
public struct Reduction: TensorOperation {
    public enum Kind: String, Sendable { case sum, mean, max }
    public let kind: Kind
    /// nil: over all elements.
    public let axis: Int?
    public let keepDimensions: Bool
    public var name: String { kind.rawValue }

    func outputShape(_ shape: [Int]) -> [Int] {
        guard let axis else { return keepDimensions ? shape.map { _ in 1 } : [] }
        var out = shape
        if keepDimensions { out[axis] = 1 } else { out.remove(at: axis) }
        return out
    }

    func layout(_ x: Tensor) -> (outer: Int, n: Int, inner: Int) {
        guard let axis else { return (1, x.count, 1) }
        return Shape.around(x.shape, axis: axis)
    }

    public func forward(_ inputs: [Tensor]) throws(TensorError) -> (shape: [Int], data: [Float]) {
        let x = inputs[0]
        let (outer, n, inner) = layout(x)
        if kind == .max, n == 0 {
            throw .invalidShape(op: name, shape: x.shape, reason: "has no elements to take the maximum of")
        }
        var out = [Float](repeating: 0, count: try Tensor.checkedCount(outputShape(x.shape), name))
        x.data.withUnsafeBufferPointer { xs in
            out.withUnsafeMutableBufferPointer { o in
                guard let xs = xs.baseAddress, let o = o.baseAddress else { return }
                switch kind {
                case .sum, .mean:
                    Reduce.sum(xs, outer: outer, n: n, inner: inner, into: o)
                    if kind == .mean { for i in 0..<(outer * inner) { o[i] /= Float(n) } }
                case .max:
                    var indices = [Int](repeating: 0, count: outer * inner)
                    indices.withUnsafeMutableBufferPointer { i in
                        guard let i = i.baseAddress else { return }
                        Reduce.max(xs, outer: outer, n: n, inner: inner, into: o, indices: i)
                    }
                }
            }
        }
        return (outputShape(x.shape), out)
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient: [Float]) -> [[Float]?] {
        let x = inputs[0]
        let (outer, n, inner) = layout(x)
        var dx = [Float](repeating: 0, count: x.count)
        switch kind {
        case .sum, .mean:
            let scale: Float = kind == .mean ? 1 / Float(n) : 1
            for o in 0..<outer {
                for i in 0..<n {
                    for j in 0..<inner { dx[(o * n + i) * inner + j] = gradient[o * inner + j] * scale }
                }
            }
        case .max:
            for o in 0..<outer {
                for j in 0..<inner {
                    // The first position holding the maximum receives the gradient.
                    let target = output.data[o * inner + j]
                    for i in 0..<n
                    where x.data[(o * n + i) * inner + j] == target
                        || (target.isNaN && x.data[(o * n + i) * inner + j].isNaN)
                    {
                        dx[(o * n + i) * inner + j] = gradient[o * inner + j]
                        break
                    }
                }
            }
        }
        return [dx]
    }
}

extension Tensor {
    public func sum(axis: Int? = nil, keepDimensions: Bool = false) throws(TensorError) -> Tensor {
        try .apply(
            Reduction(
                kind: .sum, axis: try axis.map { a throws(TensorError) in try self.axis(a, for: "sum") },
                keepDimensions: keepDimensions), [self])
    }
    public func mean(axis: Int? = nil, keepDimensions: Bool = false) throws(TensorError) -> Tensor {
        try .apply(
            Reduction(
                kind: .mean, axis: try axis.map { a throws(TensorError) in try self.axis(a, for: "mean") },
                keepDimensions: keepDimensions), [self])
    }
    public func max(axis: Int? = nil, keepDimensions: Bool = false) throws(TensorError) -> Tensor {
        try .apply(
            Reduction(
                kind: .max, axis: try axis.map { a throws(TensorError) in try self.axis(a, for: "max") },
                keepDimensions: keepDimensions), [self])
    }
}
