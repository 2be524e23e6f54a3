import Operations

/// An elementwise operation of the table (`Operations`) applied to every element: the
/// forward loop and the VJP `gradient ⊙ f′(x)` are the row's own, specialised for Float.
public struct Pointwise: TensorOperation, Sendable {
    public let operation: any UnaryOperation

    public init(_ operation: any UnaryOperation) { self.operation = operation }

    public var name: String { operation.name }

    public func forward(_ inputs: [Tensor]) throws(TensorError) -> (shape: [Int], data: [Float]) {
        let x = inputs[0]
        var out = [Float](repeating: 0, count: x.count)
        out.withUnsafeMutableBufferPointer { o in
            x.data.withUnsafeBufferPointer { xs in
                guard let o = o.baseAddress, let xs = xs.baseAddress else { return }
                operation.forward(xs, into: o, count: x.count)
            }
        }
        return (x.shape, out)
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient: [Float]) -> [[Float]?] {
        let x = inputs[0]
        var out = gradient
        out.withUnsafeMutableBufferPointer { g in
            x.data.withUnsafeBufferPointer { xs in
                output.data.withUnsafeBufferPointer { ys in
                    guard let g = g.baseAddress, let xs = xs.baseAddress, let ys = ys.baseAddress else { return }
                    operation.multiplyByDerivative(x: xs, y: ys, gradient: g, count: x.count)
                }
            }
        }
        return [out]
    }
}

extension Tensor {
    /// `f(self)` for any elementwise operation of the table.
    public func applying(_ operation: any UnaryOperation) throws(TensorError) -> Tensor {
        try .apply(Pointwise(operation), [self])
    }

    public static prefix func - (x: Tensor) throws(TensorError) -> Tensor { try x.applying(Negate()) }
    public func exp() throws(TensorError) -> Tensor { try applying(Exp()) }
    public func log() throws(TensorError) -> Tensor { try applying(Log()) }
    public func sqrt() throws(TensorError) -> Tensor { try applying(Sqrt()) }
    public func abs() throws(TensorError) -> Tensor { try applying(Abs()) }
    public func relu() throws(TensorError) -> Tensor { try applying(ReLU()) }
    public func tanh() throws(TensorError) -> Tensor { try applying(Tanh()) }
    public func sigmoid() throws(TensorError) -> Tensor { try applying(Sigmoid()) }
    public func softplus() throws(TensorError) -> Tensor { try applying(Softplus()) }
    public func pow(_ p: Float) throws(TensorError) -> Tensor { try applying(Power(Double(p))) }
    public func leakyReLU(slope: Float = 0.01) throws(TensorError) -> Tensor {
        try applying(LeakyReLU(slope: Double(slope)))
    }
    public func clamp(min lo: Float = -.infinity, max hi: Float = .infinity) throws(TensorError) -> Tensor {
        let clamp: Clamp
        do throws(OperationError) { clamp = try Clamp(min: Double(lo), max: Double(hi)) } catch {
            throw .invalidArgument(op: "clamp", reason: "min \(lo) is greater than max \(hi)")
        }
        return try applying(clamp)
    }
}
