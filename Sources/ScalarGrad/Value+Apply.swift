/// A request the scalar engine cannot carry out, naming the operation and the values.
public enum ScalarError: Error, Equatable, CustomStringConvertible {
    /// The operation has no real result for these inputs (log of a negative, division by zero).
    case domain(String)
    /// The operation was given the wrong number of inputs.
    case arity(operation: String, expected: Int, got: Int)

    public var description: String {
        switch self {
        case .domain(let reason): reason
        case .arity(let operation, let expected, let got):
            "\(operation) takes \(expected) argument\(expected == 1 ? "" : "s"), got \(got)"
        }
    }
}

extension Value {
    /// Applies `operation` to the inputs after checking its domain; the checked entry point
    /// for input that comes from a user (the operators themselves follow IEEE 754 silently).
    public static func apply(_ operation: Operation, _ inputs: [Value]) throws(ScalarError) -> Value {
        guard inputs.count == operation.arity, let a = inputs.first else {
            throw .arity(operation: operation.symbol, expected: operation.arity, got: inputs.count)
        }
        let b = inputs.count > 1 ? inputs[1] : nil
        if let reason = operation.domainError(a.data, b?.data ?? 0) { throw .domain(reason) }
        return Value(operation.forward(a.data, b?.data ?? 0), operation, a, b)
    }
}
