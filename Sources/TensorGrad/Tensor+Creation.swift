import Kernels
import Limits
import Randomness

extension Tensor {
    /// All zeros.
    public static func zeros(_ shape: [Int]) throws(TensorError) -> Tensor {
        try full(shape, 0, op: "zeros")
    }

    /// All ones.
    public static func ones(_ shape: [Int]) throws(TensorError) -> Tensor {
        try full(shape, 1, op: "ones")
    }

    /// Every element `value`.
    public static func full(_ shape: [Int], _ value: Float, op: String = "full") throws(TensorError) -> Tensor {
        let count = try checkedCount(shape, op)
        return Tensor(shape: shape, data: [Float](repeating: value, count: count))
    }

    /// Standard normal draws.
    public static func randn(_ shape: [Int], generator: inout SeededGenerator) throws(TensorError) -> Tensor {
        let count = try checkedCount(shape, "randn")
        return Tensor(shape: shape, data: (0..<count).map { _ in Float(generator.normal()) })
    }

    /// Uniform draws in [0, 1).
    public static func rand(_ shape: [Int], generator: inout SeededGenerator) throws(TensorError) -> Tensor {
        let count = try checkedCount(shape, "rand")
        return Tensor(shape: shape, data: (0..<count).map { _ in Float(generator.uniform()) })
    }

    /// start, start + step, … below end (NumPy's `arange`).
    public static func arange(_ start: Float, _ end: Float, step: Float = 1) throws(TensorError) -> Tensor {
        guard step != 0, step.isFinite else {
            throw .invalidArgument(op: "arange", reason: "step must be a finite number other than 0, got \(step)")
        }
        guard start.isFinite, end.isFinite else {
            throw .invalidArgument(op: "arange", reason: "start and end must be finite, got \(start) and \(end)")
        }
        let exact = (Double(end) - Double(start)) / Double(step)
        guard exact <= Double(Limit.tensorElements.value) else {
            throw .invalidArgument(
                op: "arange", reason: "\(exact.rounded(.up)) elements, more than the limit of \(Limit.tensorElements)")
        }
        // Negative (an empty range, as NumPy gives) is clamped before converting.
        let count = exact > 0 ? Int(exact.rounded(.up)) : 0
        return Tensor(shape: [count], data: (0..<count).map { start + Float($0) * step })
    }

    /// The n×n identity.
    public static func eye(_ n: Int) throws(TensorError) -> Tensor {
        var data = [Float](repeating: 0, count: try checkedCount([n, n], "eye"))
        for i in 0..<n { data[i * n + i] = 1 }
        return Tensor(shape: [n, n], data: data)
    }

    /// Rows of one-hot vectors for integer class labels.
    public static func oneHot(_ labels: [Int], classes: Int) throws(TensorError) -> Tensor {
        guard classes > 0, classes <= Limit.classes.value else {
            throw .invalidArgument(
                op: "one_hot",
                reason: "classes must be 1…\(Limit.classes.value), got \(classes) (the limit is \(Limit.classes))")
        }
        _ = try checkedCount([labels.count, classes], "one_hot")
        var data = [Float](repeating: 0, count: labels.count * classes)
        for (row, label) in labels.enumerated() {
            guard label >= 0, label < classes else {
                throw .invalidArgument(
                    op: "one_hot", reason: "label \(label) at position \(row) is not in 0..<\(classes)")
            }
            data[row * classes + label] = 1
        }
        return Tensor(shape: [labels.count, classes], data: data)
    }

    /// The number of elements of a shape an operation is about to allocate: no negative
    /// dimension, no overflow, at most `Limit.tensorElements`, within the session's memory limit
    /// (`MemoryLimit`). Every op whose output can be
    /// larger than its inputs (creation, broadcasting, matmul, reductions over empty axes,
    /// reshape) asks here before allocating.
    public static func checkedCount(_ shape: [Int], _ op: String) throws(TensorError) -> Int {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw .invalidShape(op: op, shape: shape, reason: "has a negative dimension")
        }
        guard let count = Count.elements(shape), count <= Limit.tensorElements.value else {
            let size = Count.elements(shape).map { Limit.grouped($0) } ?? "more than 9.2e18"
            throw .invalidShape(
                op: op, shape: shape, reason: "has \(size) elements, more than the limit of \(Limit.tensorElements)")
        }
        do throws(MemoryLimitError) {
            try MemoryLimit.check(count * MemoryLayout<Float>.stride, for: "")
        } catch { throw .invalidShape(op: op, shape: shape, reason: error.reason) }
        return count
    }

}
