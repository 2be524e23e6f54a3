import Explain
import Limits
import NeuralNet
import ScalarGrad
import Session
import Syntax
import TensorGrad

/// Evaluates expressions against a session's variables, building the autograd graphs.
///
/// Scalars (Values) go through the scalar engine; as soon as a tensor is involved the
/// tensor engine takes over, with plain numbers as constants. Evaluation never changes the
/// session's variables: assignment happens only after a statement succeeds.
package struct Evaluator {
    package let session: Session
    /// The parameters of the user function being evaluated, if any.
    package let locals: [String: Object]
    /// Levels of evaluation already in progress in the evaluators that called this one
    /// (through user functions): with `level`, bounded by `Limit.evaluationDepth`, so a
    /// function calling itself ends in an error rather than a stack overflow.
    package let depth: Int
    /// `evaluate` calls in progress in this evaluator.
    private var level = 0
    /// The work done so far by this evaluation, shared with the evaluators of the user
    /// functions it calls: bounded by `Limit.evaluations`, and Ctrl-C stops it.
    package let work: Work
    /// Notices collected while evaluating (NaN or infinity appearing, constant exponents).
    package private(set) var warnings: [String] = []

    package init(session: Session, locals: [String: Object] = [:], depth: Int = 0, work: Work? = nil) {
        self.session = session
        self.locals = locals
        self.depth = depth
        self.work = work ?? Work(interrupted: session.interruptRequested)
    }

    /// Counts evaluations and polls Ctrl-C: at every node for a statement typed at the prompt
    /// (a chain of large tensor products stops at the next node), every 4,096th inside a
    /// command's loop (`minimize` polls between its steps itself and keeps what they did).
    package final class Work {
        package let interrupted: () -> Bool
        private let pollMask: Int
        private(set) var evaluations = 0
        package init(interrupted: @escaping () -> Bool, everyNode: Bool = false) {
            self.interrupted = interrupted
            self.pollMask = everyNode ? 0 : 4095
        }

        package func spend() throws(NotebookError) {
            evaluations += 1
            guard evaluations <= Limit.evaluations.value else {
                throw .type(
                    "more than \(Limit.evaluations): a function that calls itself more than once grows exponentially")
            }
            if evaluations & pollMask == 0, interrupted() { throw Work.stopped }
        }

        /// What Ctrl-C during an evaluation reports (IPython's KeyboardInterrupt).
        package static let stopped = NotebookError.interrupted("stopped by Ctrl-C; nothing was assigned")
    }

    /// Named constants, used when no variable of that name exists.
    package static let constants: [String: Double] = [
        "pi": .pi, "inf": .infinity, "nan": .nan, "true": 1, "false": 0, "True": 1, "False": 0,
    ]

    package mutating func evaluate(_ expr: Expr) throws(NotebookError) -> Object {
        level += 1
        defer { level -= 1 }
        guard depth + level <= Limit.evaluationDepth.value else {
            throw .type("more than \(Limit.evaluationDepth): a function that calls itself?")
        }
        try work.spend()
        switch expr {
        case .number(let x):
            return .scalar(Value(x))
        case .name(let name, _):
            return try lookup(name)
        case .negate(let operand):
            switch try evaluate(operand) {
            case .scalar(let value): return .scalar(try Self.scalarOperation(.negate, [value], warnings: &warnings))
            case let object:
                let x = try Call.tensor(object, for: "-")
                return .tensor(
                    try Self.tensorOperation("neg", [x], warnings: &warnings) { () throws(TensorError) in try -x })
            }
        case .binary(let op, let lhs, let rhs, _):
            return try binary(op, try evaluate(lhs), try evaluate(rhs))
        case .call(let name, let arguments, let keywords, _):
            return try call(name, arguments, keywords)
        case .index(let base, let components, _):
            return try subscripted(base, components)
        case .attribute(let base, let name, _):
            return try attribute(base, name)
        case .tuple(let items):
            var objects: [Object] = []
            for item in items { objects.append(try evaluate(item)) }
            return .tuple(objects)
        case .list(let items, _):
            return try list(items)
        }
    }

    private func lookup(_ name: String) throws(NotebookError) -> Object {
        if name == "_" {
            guard let last = session.lastOutput else {
                throw .precondition("'_' is the last output, and there is none yet")
            }
            return last
        }
        if let object = locals[name] ?? session[name] { return object }
        if let constant = Self.constants[name] { return .scalar(Value(constant)) }
        if session.function(named: name) != nil {
            throw .type("'\(name)' is a function: call it as \(name)(…)")
        }
        if Function.named(name) != nil {
            throw .type("'\(name)' is a function: call it as \(name)(…)")
        }
        if session.model?.layer(named: name) != nil {
            throw .type("'\(name)' is a layer of the model: use \(name).W or \(name).b")
        }
        let candidates = session.names + (session.model?.layers.map(\.name) ?? [])
        throw .unknownName(name, suggestion: Suggestion.closest(to: name, among: candidates))
    }

    // MARK: - Operators

    private mutating func binary(_ op: String, _ a: Object, _ b: Object) throws(NotebookError) -> Object {
        if case .scalar(let x) = a, case .scalar(let y) = b {
            switch op {
            case "+": return .scalar(try Self.scalarOperation(.add, [x, y], warnings: &warnings))
            case "-": return .scalar(try Self.scalarOperation(.subtract, [x, y], warnings: &warnings))
            case "*": return .scalar(try Self.scalarOperation(.multiply, [x, y], warnings: &warnings))
            case "/": return .scalar(try Self.scalarOperation(.divide, [x, y], warnings: &warnings))
            case "^": return .scalar(try power(x, y))
            case "@":
                throw .type("'@' multiplies matrices, and \(x.displayName) and \(y.displayName) are numbers: use '*'")
            default: throw .type("unknown operator '\(op)'")
            }
        }
        let x = try Call.tensor(a, for: op)
        if op == "^" {
            guard case .scalar(let p) = b else {
                throw .type("the exponent of '^' must be a number, got a \(b.typeName)")
            }
            return .tensor(
                try Self.tensorOperation("pow", [x], warnings: &warnings) { () throws(TensorError) in
                    try x.pow(Float(p.data))
                })
        }
        let y = try Call.tensor(b, for: op)
        let name = ["+": "add", "-": "subtract", "*": "multiply", "/": "divide", "@": "matmul"][op] ?? op
        return .tensor(
            try Self.tensorOperation(name, [x, y], warnings: &warnings) { () throws(TensorError) in
                switch op {
                case "+": return try x + y
                case "-": return try x - y
                case "*": return try x * y
                case "/": return try x / y
                case "@": return try x.matmul(y)
                default: throw .invalidArgument(op: op, reason: "unknown operator")
                }
            })
    }

    /// `a ^ b` with `b` taken as a constant exponent (the engine's power rule).
    private mutating func power(_ a: Value, _ b: Value) throws(NotebookError) -> Value {
        if !b.isLeaf || b.label != nil {
            warnings.append(
                "the exponent \(b.displayName) is used as the constant \(NumberFormat.short(b.data)): no gradient "
                    + "flows into it (write exp(\(b.displayName)*log(x)) for a variable exponent)"
            )
        }
        return try Self.scalarOperation(.power(b.data), [a], warnings: &warnings)
    }

    // MARK: - Calls, subscripts, attributes, literals

    private mutating func call(_ name: String, _ arguments: [Expr], _ keywords: [Keyword]) throws(NotebookError)
        -> Object
    {
        if let user = session.function(named: name) {
            var positional: [Object] = []
            for argument in arguments { positional.append(try evaluate(argument)) }
            var named: [String: Object] = [:]
            for keyword in keywords { named[keyword.name] = try evaluate(keyword.value) }
            return try user.call(positional, keywords: named, session: session, depth: depth + level, work: work)
        }
        guard let function = Function.named(name) else {
            if session[name] != nil { throw .type("'\(name)' is a variable, not a function") }
            throw .unknownFunction(
                name,
                suggestion: Suggestion.closest(to: name, among: Function.builtins.map(\.name) + session.functionNames))
        }
        var positional: [Object] = []
        for argument in arguments { positional.append(try evaluate(argument)) }
        var named: [String: Object] = [:]
        for keyword in keywords {
            guard named[keyword.name] == nil else { throw .type("\(name)(): '\(keyword.name)=' is given twice") }
            named[keyword.name] = try evaluate(keyword.value)
        }
        var call = Call(function: name, positional: positional, keywords: named, session: session)
        let result = try function.apply(&call)
        warnings += call.warnings
        return result
    }

    private mutating func subscripted(_ base: Expr, _ components: [IndexComponent]) throws(NotebookError) -> Object {
        if case .name("Out", _) = base, session["Out"] == nil {
            guard components.count == 1, case .single(let expr) = components[0] else {
                throw .type("Out[…] takes one cell number")
            }
            let position = try number(expr, for: "Out[…]")
            guard position == position.rounded(), let n = Int(exactly: position) else {
                throw .type("Out[…] takes a cell number, got \(NumberFormat.short(position))")
            }
            guard let object = session.outputs[n] else {
                let available = session.outputs.keys.sorted().map(String.init).joined(separator: ", ")
                throw .precondition(
                    "Out[\(n)] does not exist"
                        + (available.isEmpty
                            ? ": no cell has produced output yet" : "; cells with output: \(available)"))
            }
            return object
        }
        let object = try evaluate(base)
        switch object {
        case .tuple(let items):
            guard components.count == 1, case .single(let expr) = components[0] else {
                throw .type("a tuple takes one index")
            }
            let position = try number(expr, for: "[]")
            guard let i = Int(exactly: position), items.indices.contains(i < 0 ? i + items.count : i) else {
                throw .type("index \(NumberFormat.short(position)) is out of range for a tuple of \(items.count)")
            }
            return items[i < 0 ? i + items.count : i]
        case .scalar:
            throw .type("a Value is a single number and cannot be indexed")
        case .record(let type, let fields):
            throw .type("a \(type) is read by name, e.g. .\(fields.first?.0 ?? "name"), not by index")
        case .tensor(let tensor):
            var selection: [Selection.Component] = []
            for component in components {
                switch component {
                case .single(let expr): selection.append(.index(try integer(expr, for: "index")))
                case .slice(let lo, let hi):
                    selection.append(
                        .range(
                            try lo.map { e throws(NotebookError) in try integer(e, for: "slice") },
                            try hi.map { e throws(NotebookError) in try integer(e, for: "slice") }))
                }
            }
            let chosen = selection
            return .tensor(
                try Self.tensorOperation("index", [tensor], warnings: &warnings) { () throws(TensorError) in
                    try tensor.select(chosen)
                })
        }
    }

    private mutating func attribute(_ base: Expr, _ name: String) throws(NotebookError) -> Object {
        // `dense_1.W`: a parameter of the model, when no variable shadows the layer's name.
        if case .name(let layerName, _) = base, session[layerName] == nil, let model = session.model,
            let layer = model.layer(named: layerName)
        {
            let wanted = ["kernel": "W", "weight": "W", "bias": "b"][name] ?? name
            guard let parameter = layer.parameters.first(where: { $0.name == wanted }) else {
                let names = layer.parameters.map(\.name)
                throw .type(
                    "layer \(layerName) has "
                        + (names.isEmpty
                            ? "no parameters" : "parameters " + names.joined(separator: ", ") + "; no '\(name)'"))
            }
            return .tensor(parameter.tensor)
        }
        let object = try evaluate(base)
        if case .record(let type, let fields) = object {
            guard let field = object.field(name) else {
                let names = fields.map(\.0)
                let hint = Suggestion.closest(to: name, among: names).map { " — did you mean '.\($0)'?" } ?? ""
                throw .type(
                    "a \(type) has no '.\(name)' (it has \(names.map { "." + $0 }.joined(separator: ", ")))\(hint)")
            }
            return field
        }
        switch object {
        case .scalar(let value):
            switch name {
            case "data": return .scalar(Value(value.data))
            case "grad": return .scalar(Value(value.grad))
            default:
                let hint =
                    Suggestion.closest(to: name, among: ["data", "grad"]).map { " — did you mean '.\($0)'?" } ?? ""
                throw .type("a Value has no attribute '.\(name)' (it has .data and .grad)\(hint)")
            }
        case .tensor(let tensor):
            switch name {
            case "data": return .tensor(Tensor(shape: tensor.shape, data: tensor.data))
            case "grad":
                guard let grad = tensor.grad else {
                    let name = tensor.label ?? "this tensor"
                    if !tensor.requiresGrad {
                        throw .precondition(
                            "\(name) does not record gradients: data, the batches given to forward and .grad tensors "
                                + "are inputs (PyTorch's requires_grad=False); the model's parameters have them "
                                + "(grad dense_1.W)")
                    }
                    throw .precondition(
                        "\(name) has no gradient yet: run backward on a loss that depends on it (forward treats its "
                            + "batch as data, so a batch gets none)")
                }
                return .tensor(Tensor(shape: tensor.shape, data: grad))
            case "T":
                return .tensor(
                    try Self.tensorOperation("transpose", [tensor], warnings: &warnings) { () throws(TensorError) in
                        try tensor.transposed()
                    })
            case "shape":
                return .tuple(tensor.shape.map { .scalar(Value(Double($0))) })
            case "requires_grad":
                return .scalar(Value(tensor.requiresGrad ? 1 : 0))
            default:
                let known = ["data", "grad", "T", "shape", "requires_grad"]
                let hint = Suggestion.closest(to: name, among: known).map { " — did you mean '.\($0)'?" } ?? ""
                throw .type(
                    "a Tensor has no attribute '.\(name)' (it has .data, .grad, .T, .shape and .requires_grad)\(hint)")
            }
        case let object:
            throw .type("a \(object.typeName) has no attribute '.\(name)'")
        }
    }

    /// `[[1, 2], [3, 4]]`: nested lists of numbers of equal lengths become a tensor.
    private mutating func list(_ items: [Expr]) throws(NotebookError) -> Object {
        func flatten(_ object: Object) throws(NotebookError) -> (shape: [Int], data: [Float]) {
            switch object {
            case .scalar(let value): return ([], [Float(value.data)])
            case .tensor(let tensor): return (tensor.shape, tensor.data)
            case .tuple, .record: throw .type("a tensor literal holds numbers and lists, not a \(object.typeName)")
            }
        }
        var shape: [Int]?
        var data: [Float] = []
        for (index, item) in items.enumerated() {
            let (itemShape, itemData) = try flatten(try evaluate(item))
            if let shape, shape != itemShape {
                throw .type(
                    "a tensor literal must be rectangular: item \(index) has shape \(Tensor.describe(itemShape)), the "
                        + "first has \(Tensor.describe(shape))"
                )
            }
            shape = itemShape
            data += itemData
        }
        // Tensors hold Float32: a finite number beyond its range would silently become inf.
        if let (index, item) = items.enumerated().first(where: { _, item in
            if case .number(let x) = item { return x.isFinite && !Float(x).isFinite } else { return false }
        }), case .number(let x) = item {
            warnings.append(
                "item \(index) of the tensor, \(NumberFormat.short(x)), is beyond Float32's range (±3.4e38) and is "
                    + "stored as \(x > 0 ? "inf" : "-inf")"
            )
        }
        let tensor = Tensor(shape: [items.count] + (shape ?? []), data: data)
        tensor.requiresGrad = GradMode.isEnabled
        return .tensor(tensor)
    }

    private mutating func number(_ expr: Expr, for what: String) throws(NotebookError) -> Double {
        switch try evaluate(expr) {
        case .scalar(let value): return value.data
        case .tensor(let t) where t.count == 1: return Double(t.data[0])
        case let object: throw .type("\(what) needs a number, got a \(object.typeName)")
        }
    }

    private mutating func integer(_ expr: Expr, for what: String) throws(NotebookError) -> Int {
        let x = try number(expr, for: what)
        do throws(RangeError) {
            return try Count.from(x, what, in: -Limit.tensorElements.value...Limit.tensorElements.value)
        } catch {
            throw .range(error)
        }
    }
}
