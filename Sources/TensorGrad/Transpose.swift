import Kernels
import Limits

/// Swaps two axes (the last two by default; `x.T` of a matrix).
///
///     y = swap(x, i, j):   ∂L/∂x = swap(∂L/∂y, i, j)
public struct Transposition: TensorOperation {
    public let axes: (Int, Int)
    public var name: String { "transpose" }

    public func forward(_ inputs: [Tensor]) throws(TensorError) -> (shape: [Int], data: [Float]) {
        let x = inputs[0]
        var shape = x.shape
        shape.swapAt(axes.0, axes.1)
        return (shape, Self.swap(x.data, shape: x.shape, axes))
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient: [Float]) -> [[Float]?] {
        [Self.swap(gradient, shape: output.shape, axes)]
    }

    /// The data of a tensor of `shape` with two axes exchanged.
    static func swap(_ data: [Float], shape: [Int], _ axes: (Int, Int)) -> [Float] {
        guard axes.0 != axes.1, data.count > 1 else { return data }
        var outShape = shape
        outShape.swapAt(axes.0, axes.1)
        var inStrides = Shape.strides(shape)
        inStrides.swapAt(axes.0, axes.1)
        var out = [Float](repeating: 0, count: data.count)
        var index = [Int](repeating: 0, count: shape.count)
        var offset = 0
        for o in 0..<data.count {
            out[o] = data[offset]
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                offset += inStrides[axis]
                if index[axis] < outShape[axis] { break }
                offset -= inStrides[axis] * outShape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return out
    }
}

/// A new shape for the same elements (one dimension may be −1: inferred).
///
///     y = reshape(x):   ∂L/∂x = reshape(∂L/∂y, shape of x)
public struct Reshape: TensorOperation {
    public let shape: [Int]
    public var name: String { "reshape" }

    public func forward(_ inputs: [Tensor]) throws(TensorError) -> (shape: [Int], data: [Float]) {
        let x = inputs[0]
        var target = shape
        let unknown = target.indices.filter { target[$0] == -1 }
        guard unknown.count <= 1, target.allSatisfy({ $0 >= -1 }) else {
            throw .invalidShape(op: name, shape: shape, reason: "may have one -1 and no other negative size")
        }
        if let u = unknown.first {
            let known = Count.elements(target.enumerated().filter { $0.offset != u }.map(\.element)) ?? 0
            guard known > 0, x.count % known == 0 else {
                throw .invalidShape(
                    op: name, shape: shape, reason: "cannot hold the \(x.count) elements of \(Tensor.describe(x.shape))"
                )
            }
            target[u] = x.count / known
        }
        guard Count.elements(target) == x.count else {
            throw .invalidShape(
                op: name, shape: shape, reason: "cannot hold the \(x.count) elements of \(Tensor.describe(x.shape))")
        }
        return (target, x.data)
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient: [Float]) -> [[Float]?] { [gradient] }
}

extension Tensor {
    /// Exchanges axes `i` and `j` (default: the last two).
    public func transposed(_ i: Int = -2, _ j: Int = -1) throws(TensorError) -> Tensor {
        guard rank >= 2 || (i == -2 && j == -1 && rank < 2) else {
            throw .invalidAxis(op: "transpose", axis: i, rank: rank)
        }
        if rank < 2 { return self }
        return try .apply(Transposition(axes: (try axis(i, for: "transpose"), try axis(j, for: "transpose"))), [self])
    }

    public func reshaped(_ shape: [Int]) throws(TensorError) -> Tensor { try .apply(Reshape(shape: shape), [self]) }
}
