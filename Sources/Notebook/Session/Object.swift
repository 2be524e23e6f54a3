import Explain
import ScalarGrad
import TensorGrad

/// Something a notebook variable can hold.
public enum Object {
    /// A scalar of the micrograd-style graph.
    case scalar(Value)
    /// A tensor of the batched engine.
    case tensor(Tensor)
    /// Several values written `(a, b)`, e.g. a starting point or a shape.
    case tuple([Object])

    /// The type name shown by `vars` and in error messages.
    public var typeName: String {
        switch self {
        case .scalar: "Value"
        case .tensor: "Tensor"
        case .tuple: "tuple"
        }
    }

    /// How the notebook prints it after `Out[n]:`.
    public var display: String {
        switch self {
        case .scalar(let value):
            let data = NumberFormat.short(value.data)
            return value.grad == 0 ? "Value(\(data))" : "Value(\(data), grad=\(NumberFormat.short(value.grad)))"
        case .tensor(let tensor):
            return tensor.description
        case .tuple(let items):
            return "(" + items.map(\.display).joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
        }
    }
}
