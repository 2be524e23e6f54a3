import Kernels

/// Elementwise arithmetic under NumPy broadcasting.
///
///     z = x + y:  ∂z/∂x = 1,     ∂z/∂y = 1
///     z = x − y:  ∂z/∂x = 1,     ∂z/∂y = −1
///     z = x ⊙ y:  ∂z/∂x = y,     ∂z/∂y = x
///     z = x ⊘ y:  ∂z/∂x = 1/y,   ∂z/∂y = −x/y²
///
/// Each input's gradient is then summed over the axes it was broadcast along.
public struct Arithmetic: TensorOperation {
    public enum Kind: String, Sendable { case add, subtract, multiply, divide }
    public let kind: Kind
    public var name: String { kind.rawValue }

    public func forward(_ inputs: [Tensor]) throws(TensorError) -> (shape: [Int], data: [Float]) {
        let (a, b) = (inputs[0], inputs[1])
        guard let shape = Shape.broadcast(a.shape, b.shape) else {
            throw .shapeMismatch(op: name, lhs: a.shape, rhs: b.shape)
        }
        var out = [Float](repeating: 0, count: try Tensor.checkedCount(shape, name))
        out.withUnsafeMutableBufferPointer { o in
            a.data.withUnsafeBufferPointer { x in
                b.data.withUnsafeBufferPointer { y in
                    guard let o = o.baseAddress, let x = x.baseAddress, let y = y.baseAddress else { return }
                    switch kind {
                    case .add: Broadcast.apply(x, a.shape, y, b.shape, into: o, shape) { $0 + $1 }
                    case .subtract: Broadcast.apply(x, a.shape, y, b.shape, into: o, shape) { $0 - $1 }
                    case .multiply: Broadcast.apply(x, a.shape, y, b.shape, into: o, shape) { $0 * $1 }
                    case .divide: Broadcast.apply(x, a.shape, y, b.shape, into: o, shape) { $0 / $1 }
                    }
                }
            }
        }
        return (shape, out)
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient: [Float]) -> [[Float]?] {
        let (a, b) = (inputs[0], inputs[1])
        let shape = output.shape
        // The local derivative of each input, broadcast to the output shape, times the upstream gradient.
        func upstream(times local: ((Float, Float) -> Float)?) -> [Float] {
            guard let local else { return gradient }
            var out = [Float](repeating: 0, count: gradient.count)
            out.withUnsafeMutableBufferPointer { o in
                a.data.withUnsafeBufferPointer { x in
                    b.data.withUnsafeBufferPointer { y in
                        guard let o = o.baseAddress, let x = x.baseAddress, let y = y.baseAddress else { return }
                        Broadcast.apply(x, a.shape, y, b.shape, into: o, shape, local)
                    }
                }
                for i in 0..<o.count { o[i] *= gradient[i] }
            }
            return out
        }
        let (da, db): ([Float], [Float])
        switch kind {
        case .add: (da, db) = (gradient, gradient)
        case .subtract: (da, db) = (gradient, gradient.map { -$0 })
        case .multiply: (da, db) = (upstream { _, y in y }, upstream { x, _ in x })
        case .divide: (da, db) = (upstream { _, y in 1 / y }, upstream { x, y in -x / (y * y) })
        }
        return [
            a.requiresGrad ? reduce(da, from: shape, to: a.shape) : nil,
            b.requiresGrad ? reduce(db, from: shape, to: b.shape) : nil,
        ]
    }
}

/// Sums a gradient of shape `from` down to the shape `to` an input had before broadcasting.
func reduce(_ gradient: [Float], from: [Int], to: [Int]) -> [Float] {
    if from == to { return gradient }
    var out = [Float](repeating: 0, count: Shape.count(to))
    out.withUnsafeMutableBufferPointer { o in
        gradient.withUnsafeBufferPointer { g in
            guard let o = o.baseAddress, let g = g.baseAddress else { return }
            Broadcast.sum(g, from: from, to: to, into: o)
        }
    }
    return out
}

extension Tensor {
    public static func + (a: Tensor, b: Tensor) throws(TensorError) -> Tensor {
        try apply(Arithmetic(kind: .add), [a, b])
    }
    public static func - (a: Tensor, b: Tensor) throws(TensorError) -> Tensor {
        try apply(Arithmetic(kind: .subtract), [a, b])
    }
    public static func * (a: Tensor, b: Tensor) throws(TensorError) -> Tensor {
        try apply(Arithmetic(kind: .multiply), [a, b])
    }
    public static func / (a: Tensor, b: Tensor) throws(TensorError) -> Tensor {
        try apply(Arithmetic(kind: .divide), [a, b])
    }
}
