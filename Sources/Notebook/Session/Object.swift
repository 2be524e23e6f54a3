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
    public var display: String { display(width: nil) }

    /// The display fitted to `width` columns: a tensor's rows lose their middle numbers to
    /// `...` and its suffixes move to a new line, as PyTorch prints at its `linewidth`.
    public func display(width: Int?) -> String {
        switch self {
        case .scalar(let value):
            let data = NumberFormat.short(value.data)
            return value.grad == 0 ? "Value(\(data))" : "Value(\(data), grad=\(NumberFormat.short(value.grad)))"
        case .tensor(let tensor):
            return tensor.formatted(tensor.data, lineWidth: width)
        case .tuple(let items):
            // Numbers in a tuple print as Python prints them: a shape is `(8, 10)`.
            let shown = items.map { item -> String in
                guard case .scalar(let value) = item, value.grad == 0 else { return item.display }
                let data = value.data
                return data == data.rounded() && abs(data) < 1e15 ? String(Int64(data)) : NumberFormat.short(data)
            }
            return "(" + shown.joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
        }
    }
}
