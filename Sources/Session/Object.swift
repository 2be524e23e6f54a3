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
    /// Named results, read with `.name` (a race's `_.adam.steps`), as a Python namedtuple.
    case record(name: String, fields: [(String, Object)])

    /// The type name shown by `vars` and in error messages.
    package var typeName: String {
        switch self {
        case .scalar: "Value"
        case .tensor: "Tensor"
        case .tuple: "tuple"
        case .record(let name, _): name
        }
    }

    /// How the notebook prints it after `Out[n]:`.
    public var display: String { display(width: nil) }

    /// A record's field, or nil.
    package func field(_ name: String) -> Object? {
        guard case .record(_, let fields) = self else { return nil }
        return fields.first { $0.0 == name }?.1
    }

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
            return "(" + items.map(Object.inline).joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
        case .record(let name, let fields):
            return name + "(" + fields.map { "\($0.0)=\(Object.inline($0.1))" }.joined(separator: ", ") + ")"
        }
    }

    /// An item inside a tuple or a record: numbers as Python prints them (a shape is `(8, 10)`).
    package static func inline(_ item: Object) -> String {
        guard case .scalar(let value) = item, value.grad == 0 else { return item.display }
        let data = value.data
        return data == data.rounded() && abs(data) < 1e15 ? String(Int64(data)) : NumberFormat.short(data)
    }
}
