import Kernels

/// Indexing and slicing of the leading axes: `x[2]`, `x[1:3]`, `x[3, 17]`, `x[:, 0]`.
///
///     y = x[ranges]:   ∂L/∂x = ∂L/∂y scattered back into the selected positions, 0 elsewhere
public struct Selection: TensorOperation {
    /// One component of an index: a single position (the axis is dropped) or a range.
    public enum Component: Equatable, Sendable {
        case index(Int)
        case range(Int?, Int?)
    }

    public let components: [Component]
    public var name: String { "index" }

    /// Per axis of the input: the selected half-open range and whether the axis is kept.
    func plan(_ shape: [Int]) throws(TensorError) -> [(start: Int, end: Int, keep: Bool)] {
        guard components.count <= shape.count else {
            throw .invalidArgument(
                op: name,
                reason: "\(components.count) indices for a tensor of rank \(shape.count) \(Tensor.describe(shape))")
        }
        var plan: [(Int, Int, Bool)] = []
        for (axis, size) in shape.enumerated() {
            guard axis < components.count else {
                plan.append((0, size, true))
                continue
            }
            switch components[axis] {
            case .index(let i):
                let k = i < 0 ? i + size : i
                guard k >= 0, k < size else { throw .indexOutOfRange(op: name, index: i, size: size, axis: axis) }
                plan.append((k, k + 1, false))
            case .range(let lo, let hi):
                // Python slicing: negative counts from the end, out-of-range clips.
                func clip(_ v: Int?, _ fallback: Int) -> Int {
                    guard let v else { return fallback }
                    return Swift.min(Swift.max(v < 0 ? v + size : v, 0), size)
                }
                let start = clip(lo, 0)
                let end = Swift.max(clip(hi, size), clip(lo, 0))
                plan.append((start, end, true))
            }
        }
        return plan
    }

    public func forward(_ inputs: [Tensor]) throws(TensorError) -> (shape: [Int], data: [Float]) {
        let x = inputs[0]
        let plan = try plan(x.shape)
        var out: [Float] = []
        out.reserveCapacity(plan.reduce(1) { $0 * ($1.end - $1.start) })
        Self.visit(plan, strides: Shape.strides(x.shape)) { out.append(x.data[$0]) }
        return (plan.filter(\.keep).map { $0.end - $0.start }, out)
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient: [Float]) -> [[Float]?] {
        let x = inputs[0]
        guard let plan = try? plan(x.shape) else { return [nil] }
        var dx = [Float](repeating: 0, count: x.count)
        var k = 0
        Self.visit(plan, strides: Shape.strides(x.shape)) { offset in
            dx[offset] += gradient[k]
            k += 1
        }
        return [dx]
    }

    /// Calls `body` with the flat offset of every selected element, in row-major order.
    static func visit(_ plan: [(start: Int, end: Int, keep: Bool)], strides: [Int], _ body: (Int) -> Void) {
        guard plan.allSatisfy({ $0.end > $0.start }) else { return }
        var index = plan.map(\.start)
        while true {
            body(zip(index, strides).reduce(0) { $0 + $1.0 * $1.1 })
            var axis = plan.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < plan[axis].end { break }
                index[axis] = plan[axis].start
                axis -= 1
            }
            if axis < 0 { return }
        }
    }
}

/// Tensors joined along an axis; all other dimensions must agree.
///
///     y = concat(x₁, …, xₖ):   ∂L/∂xᵢ = the slice of ∂L/∂y that xᵢ occupies
public struct Concatenation: TensorOperation {
    public let axis: Int
    public var name: String { "concat" }

    public func forward(_ inputs: [Tensor]) throws(TensorError) -> (shape: [Int], data: [Float]) {
        guard let first = inputs.first else { throw .invalidArgument(op: name, reason: "needs at least one tensor") }
        for other in inputs.dropFirst() {
            var a = first.shape
            var b = other.shape
            guard a.count == b.count, axis < a.count else {
                throw .shapeMismatch(op: name, lhs: first.shape, rhs: other.shape)
            }
            a.remove(at: axis)
            b.remove(at: axis)
            guard a == b else { throw .shapeMismatch(op: name, lhs: first.shape, rhs: other.shape) }
        }
        var shape = first.shape
        shape[axis] = inputs.reduce(0) { $0 + $1.shape[axis] }
        let outer = first.shape[..<axis].reduce(1, *)
        var out: [Float] = []
        out.reserveCapacity(Shape.count(shape))
        for o in 0..<outer {
            for x in inputs {
                let block = x.count / Swift.max(outer, 1)
                out += x.data[(o * block)..<((o + 1) * block)]
            }
        }
        return (shape, out)
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient: [Float]) -> [[Float]?] {
        let outer = output.shape[..<axis].reduce(1, *)
        var grads = inputs.map { [Float](repeating: 0, count: $0.count) }
        var k = 0
        for o in 0..<outer {
            for (index, x) in inputs.enumerated() {
                let block = x.count / Swift.max(outer, 1)
                for j in 0..<block { grads[index][o * block + j] = gradient[k + j] }
                k += block
            }
        }
        return grads
    }
}

extension Tensor {
    /// `x[components]` with Python's rules for negative indices and slices.
    public func select(_ components: [Selection.Component]) throws(TensorError) -> Tensor {
        try .apply(Selection(components: components), [self])
    }

    /// Joins tensors along `axis`.
    public static func concat(_ tensors: [Tensor], axis: Int = 0) throws(TensorError) -> Tensor {
        guard let first = tensors.first else {
            throw .invalidArgument(op: "concat", reason: "needs at least one tensor")
        }
        guard first.rank >= 1 else {
            throw .invalidArgument(
                op: "concat",
                reason: "joins tensors along an axis; a single number (shape []) has none — make it 1-D first: [x]")
        }
        return try apply(Concatenation(axis: try first.axis(axis, for: "concat")), tensors)
    }
}
