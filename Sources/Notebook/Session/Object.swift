import Explain
import ScalarGrad

/// Something a notebook variable can hold.
public enum Object {
    /// A scalar of the autograd graph.
    case scalar(Value)
    /// Several values written `(a, b)`, e.g. a starting point.
    case tuple([Object])

    /// The type name shown by `vars` and in error messages.
    public var typeName: String {
        switch self {
        case .scalar: "Value"
        case .tuple: "tuple"
        }
    }

    /// How the notebook prints it after `Out[n]:`.
    public var display: String {
        switch self {
        case .scalar(let value):
            let data = NumberFormat.short(value.data)
            return value.grad == 0 ? "Value(\(data))" : "Value(\(data), grad=\(NumberFormat.short(value.grad)))"
        case .tuple(let items):
            return "(" + items.map(\.display).joined(separator: ", ") + ")"
        }
    }
}
