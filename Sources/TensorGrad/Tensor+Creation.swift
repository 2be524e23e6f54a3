import Kernels
import Randomness

extension Tensor {
    /// All zeros.
    public static func zeros(_ shape: [Int]) throws(TensorError) -> Tensor {
        try full(shape, 0)
    }

    /// All ones.
    public static func ones(_ shape: [Int]) throws(TensorError) -> Tensor {
        try full(shape, 1)
    }

    /// Every element `value`.
    public static func full(_ shape: [Int], _ value: Float) throws(TensorError) -> Tensor {
        try checkShape(shape, "full")
        return Tensor(shape: shape, data: [Float](repeating: value, count: Shape.count(shape)))
    }

    /// Standard normal draws.
    public static func randn(_ shape: [Int], generator: inout SeededGenerator) throws(TensorError) -> Tensor {
        try checkShape(shape, "randn")
        return Tensor(shape: shape, data: (0..<Shape.count(shape)).map { _ in Float(generator.normal()) })
    }

    /// Uniform draws in [0, 1).
    public static func rand(_ shape: [Int], generator: inout SeededGenerator) throws(TensorError) -> Tensor {
        try checkShape(shape, "rand")
        return Tensor(shape: shape, data: (0..<Shape.count(shape)).map { _ in Float(generator.uniform()) })
    }

    /// start, start + step, … below end (NumPy's `arange`).
    public static func arange(_ start: Float, _ end: Float, step: Float = 1) throws(TensorError) -> Tensor {
        guard step != 0 else { throw .invalidArgument(op: "arange", reason: "step must not be 0") }
        let count = Swift.max(0, Int(((end - start) / step).rounded(.up)))
        guard count <= 100_000_000 else { throw .invalidArgument(op: "arange", reason: "\(count) elements is too many") }
        return Tensor(shape: [count], data: (0..<count).map { start + Float($0) * step })
    }

    /// The n×n identity.
    public static func eye(_ n: Int) throws(TensorError) -> Tensor {
        try checkShape([n, n], "eye")
        var data = [Float](repeating: 0, count: n * n)
        for i in 0..<n { data[i * n + i] = 1 }
        return Tensor(shape: [n, n], data: data)
    }

    /// Rows of one-hot vectors for integer class labels.
    public static func oneHot(_ labels: [Int], classes: Int) throws(TensorError) -> Tensor {
        guard classes > 0 else { throw .invalidArgument(op: "one_hot", reason: "classes must be positive, got \(classes)") }
        var data = [Float](repeating: 0, count: labels.count * classes)
        for (row, label) in labels.enumerated() {
            guard label >= 0, label < classes else {
                throw .invalidArgument(op: "one_hot", reason: "label \(label) at position \(row) is not in 0..<\(classes)")
            }
            data[row * classes + label] = 1
        }
        return Tensor(shape: [labels.count, classes], data: data)
    }

    private static func checkShape(_ shape: [Int], _ op: String) throws(TensorError) {
        guard shape.allSatisfy({ $0 >= 0 }) else { throw .invalidShape(op: op, shape: shape, reason: "has a negative dimension") }
        guard Shape.count(shape) <= 500_000_000 else { throw .invalidShape(op: op, shape: shape, reason: "is too large") }
    }
}
