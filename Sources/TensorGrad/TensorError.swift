/// What a tensor operation can be asked to do wrong; each case names the op and the shapes.
public enum TensorError: Error, Equatable, CustomStringConvertible {
    case shapeMismatch(op: String, lhs: [Int], rhs: [Int])
    case invalidAxis(op: String, axis: Int, rank: Int)
    case invalidShape(op: String, shape: [Int], reason: String)
    case indexOutOfRange(op: String, index: Int, size: Int, axis: Int)
    case notScalar(op: String, shape: [Int])
    case invalidArgument(op: String, reason: String)

    public var description: String {
        switch self {
        case .shapeMismatch(let op, let lhs, let rhs):
            "\(op): shapes \(Tensor.describe(lhs)) and \(Tensor.describe(rhs)) do not match" + Self.hint(op, lhs, rhs)
        case .invalidAxis(let op, let axis, let rank):
            "\(op): axis \(axis) is out of range for a tensor of rank \(rank) (valid: \(-rank)..<\(rank))"
        case .invalidShape(let op, let shape, let reason):
            "\(op): shape \(Tensor.describe(shape)) \(reason)"
        case .indexOutOfRange(let op, let index, let size, let axis):
            "\(op): index \(index) is out of range for axis \(axis) of size \(size)"
        case .notScalar(let op, let shape):
            "\(op) needs a single number (shape []), got shape \(Tensor.describe(shape)); reduce it first, e.g. with "
                + "mean()"
        case .invalidArgument(let op, let reason):
            "\(op): \(reason)"
        }
    }

    private static func hint(_ op: String, _ lhs: [Int], _ rhs: [Int]) -> String {
        if op == "matmul", lhs.count == 2, rhs.count == 2 {
            return " (inner dimensions \(lhs[1]) and \(rhs[0]) must be equal)"
        }
        if ["add", "subtract", "multiply", "divide"].contains(op) {
            return " (broadcasting needs each pair of trailing dimensions equal or 1)"
        }
        if op.hasSuffix("(data vs model input)"), lhs.count == 1, rhs.count == 1 {
            return
                ": the data has \(lhs[0]) features per sample but the model's first layer takes \(rhs[0]) (build it "
                + "as dense \(lhs[0])->…)"
        }
        if op == "model input", rhs.count >= 2 {
            return " (the model takes a batch of shape [N, " + rhs.dropFirst().map(String.init).joined(separator: ", ")
                + "])"
        }
        return ""
    }
}
