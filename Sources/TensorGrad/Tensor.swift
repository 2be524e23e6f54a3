import Kernels

/// An n-dimensional array of Float32 that remembers how it was computed.
///
/// Row-major, contiguous storage. A tensor produced by an operation keeps the operation and
/// its inputs so `backward()` can send gradients back; every node, intermediate ones
/// included, keeps its `grad` for inspection.
public final class Tensor {
    /// The size of each axis; `[]` for a single number.
    public internal(set) var shape: [Int]
    /// The elements in row-major order.
    public var data: [Float]
    /// ∂root/∂self after a backward pass, same layout as `data`.
    public var grad: [Float]?
    /// Whether gradients flow into this tensor (parameters and inputs being studied).
    public var requiresGrad: Bool
    /// A display name (`W`, `dense_1.W`).
    public var label: String?
    /// The operation that produced this tensor (nil for a leaf).
    public let operation: (any TensorOperation)?
    /// The inputs of `operation`.
    public private(set) var inputs: [Tensor]

    /// A leaf tensor; `data.count` must equal the product of `shape` (use `Tensor.make` for
    /// input that comes from a user).
    public init(shape: [Int], data: [Float], requiresGrad: Bool = false, label: String? = nil) {
        precondition(data.count == Shape.count(shape), "data does not fill shape")
        self.shape = shape
        self.data = data
        self.requiresGrad = requiresGrad
        self.label = label
        self.operation = nil
        self.inputs = []
    }

    init(shape: [Int], data: [Float], operation: any TensorOperation, inputs: [Tensor]) {
        self.shape = shape
        self.data = data
        self.requiresGrad = true
        self.operation = operation
        self.inputs = inputs
    }

    /// Frees the graph below this tensor without recursion: a chain built by 100,000
    /// `x = x + 1` would otherwise run 100,000 nested deinits and overflow the stack. Inputs
    /// owned only by this tensor are detached onto an explicit stack, so each one's own
    /// deinit finds no inputs and returns at once.
    deinit {
        guard !inputs.isEmpty else { return }
        var pending = inputs
        inputs = []
        while var node = pending.popLast() {
            guard isKnownUniquelyReferenced(&node) else { continue }
            pending += node.inputs
            node.inputs = []
        }
    }

    /// A leaf checked against its shape: the entry point for user input.
    public static func make(shape: [Int], data: [Float], requiresGrad: Bool = false) throws(TensorError) -> Tensor {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw .invalidShape(op: "tensor", shape: shape, reason: "has a negative dimension")
        }
        let count = try checkedCount(shape, "tensor")
        guard data.count == count else {
            throw .invalidShape(op: "tensor", shape: shape, reason: "needs \(count) elements, got \(data.count)")
        }
        return Tensor(shape: shape, data: data, requiresGrad: requiresGrad)
    }

    /// A 0-dimensional tensor holding `value`.
    public convenience init(_ value: Float) {
        self.init(shape: [], data: [value])
    }

    /// Applies `operation`: computes the output and, when gradients are being recorded and
    /// an input needs them, links the output into the graph.
    public static func apply(_ operation: some TensorOperation, _ inputs: [Tensor]) throws(TensorError) -> Tensor {
        let (shape, data) = try operation.forward(inputs)
        if GradMode.isEnabled, inputs.contains(where: \.requiresGrad) {
            return Tensor(shape: shape, data: data, operation: operation, inputs: inputs)
        }
        return Tensor(shape: shape, data: data)
    }

    public var count: Int { data.count }
    public var rank: Int { shape.count }
    public var isLeaf: Bool { operation == nil }

    /// The single number of a tensor with one element.
    public var scalar: Float? { data.count == 1 ? data[0] : nil }

    /// `[128, 784]`-style text for messages.
    public static func describe(_ shape: [Int]) -> String {
        "[" + shape.map(String.init).joined(separator: ", ") + "]"
    }

    /// Normalises a possibly negative axis (−1 is the last), or throws naming the op.
    public func axis(_ axis: Int, for op: String) throws(TensorError) -> Int {
        let normalized = axis < 0 ? axis + rank : axis
        guard normalized >= 0, normalized < Swift.max(rank, 1) else {
            throw .invalidAxis(op: op, axis: axis, rank: rank)
        }
        return normalized
    }
}
