import Explain
import ScalarGrad

/// Evaluates expressions against a session's variables, building the autograd graph.
///
/// Evaluation never changes the session: assignment happens only after a statement
/// succeeds, so a failing statement leaves every variable as it was.
struct Evaluator {
    let session: Session
    /// Notices collected while evaluating (NaN or infinity appearing, constant exponents).
    private(set) var warnings: [String] = []

    init(session: Session) { self.session = session }

    mutating func evaluate(_ expr: Expr) throws(NotebookError) -> Object {
        switch expr {
        case .number(let x):
            return .scalar(Value(x))
        case .name(let name, _):
            return try lookup(name)
        case .negate(let operand):
            let value = try scalar(operand, for: "-")
            return .scalar(try apply(.negate, [value]))
        case .binary(let op, let lhs, let rhs, _):
            return try binary(op, lhs, rhs)
        case .call(let name, let arguments, _):
            return try call(name, arguments)
        case .index(let base, let index, _):
            return try subscripted(base, index)
        case .attribute(let base, let name, _):
            let value = try scalar(base, for: ".\(name)")
            switch name {
            case "data": return .scalar(Value(value.data))
            case "grad": return .scalar(Value(value.grad))
            default:
                let hint = Suggestion.closest(to: name, among: ["data", "grad"]).map { " — did you mean '.\($0)'?" } ?? ""
                throw .type("a Value has no attribute '.\(name)' (it has .data and .grad)\(hint)")
            }
        case .tuple(let items):
            var objects: [Object] = []
            for item in items { objects.append(try evaluate(item)) }
            return .tuple(objects)
        }
    }

    private func lookup(_ name: String) throws(NotebookError) -> Object {
        if name == "_" {
            guard let last = session.lastOutput else { throw .precondition("'_' is the last output, and there is none yet") }
            return last
        }
        if let object = session[name] { return object }
        if Function.named(name) != nil {
            throw .type("'\(name)' is a function: call it as \(name)(x)")
        }
        throw .unknownName(name, suggestion: session.suggestion(for: name))
    }

    private mutating func scalar(_ expr: Expr, for op: String) throws(NotebookError) -> Value {
        let object = try evaluate(expr)
        guard case .scalar(let value) = object else {
            throw .type("'\(op)' needs a number, got a \(object.typeName) \(object.display)")
        }
        return value
    }

    private mutating func binary(_ op: String, _ lhs: Expr, _ rhs: Expr) throws(NotebookError) -> Object {
        let a = try scalar(lhs, for: op)
        let b = try scalar(rhs, for: op)
        switch op {
        case "+": return .scalar(try apply(.add, [a, b]))
        case "-": return .scalar(try apply(.subtract, [a, b]))
        case "*": return .scalar(try apply(.multiply, [a, b]))
        case "/": return .scalar(try apply(.divide, [a, b]))
        case "^": return .scalar(try power(a, b))
        case "@": throw .type("'@' multiplies matrices, and \(a.displayName) and \(b.displayName) are scalars: use '*'")
        default: throw .type("unknown operator '\(op)'")
        }
    }

    /// `a ^ b` with `b` taken as a constant exponent (the engine's power rule).
    private mutating func power(_ a: Value, _ b: Value) throws(NotebookError) -> Value {
        if !b.isLeaf || b.label != nil {
            warnings.append("the exponent \(b.displayName) is used as the constant \(NumberFormat.short(b.data)): no gradient flows into it (write exp(\(b.displayName)*log(x)) for a variable exponent)")
        }
        return try apply(.power(b.data), [a])
    }

    private mutating func call(_ name: String, _ arguments: [Expr]) throws(NotebookError) -> Object {
        guard let function = Function.named(name) else {
            if session[name] != nil { throw .type("'\(name)' is a variable, not a function") }
            throw .unknownFunction(name, suggestion: Suggestion.closest(to: name, among: Function.builtins.map(\.name)))
        }
        guard arguments.count == function.arity else {
            throw .type("\(name) takes \(function.arity) argument\(function.arity == 1 ? "" : "s"), got \(arguments.count)")
        }
        var values: [Value] = []
        for argument in arguments { values.append(try scalar(argument, for: name)) }
        let constants = values.dropFirst().map(\.data)
        return .scalar(try apply(function.operation(constants), [values[0]]))
    }

    private mutating func subscripted(_ base: Expr, _ index: Expr) throws(NotebookError) -> Object {
        let position = try scalar(index, for: "[]").data
        if case .name("Out", _) = base {
            guard position == position.rounded(), let n = Int(exactly: position) else {
                throw .type("Out[…] takes a cell number, got \(NumberFormat.short(position))")
            }
            guard let object = session.outputs[n] else {
                let available = session.outputs.keys.sorted().map(String.init).joined(separator: ", ")
                throw .precondition("Out[\(n)] does not exist" + (available.isEmpty ? ": no cell has produced output yet" : "; cells with output: \(available)"))
            }
            return object
        }
        let object = try evaluate(base)
        guard case .tuple(let items) = object else {
            throw .type("a \(object.typeName) cannot be indexed")
        }
        guard let i = Int(exactly: position), items.indices.contains(i) else {
            throw .type("index \(NumberFormat.short(position)) is out of range for a tuple of \(items.count)")
        }
        return items[i]
    }

    /// Applies an engine operation with its domain checked and non-finite results reported.
    private mutating func apply(_ operation: Operation, _ inputs: [Value]) throws(NotebookError) -> Value {
        let result: Value
        do {
            result = try Value.apply(operation, inputs)
        } catch {
            throw NotebookError(error)
        }
        if !result.data.isFinite, inputs.allSatisfy({ $0.data.isFinite }) {
            let names = inputs.map(\.displayName)
            let expression = operation.expression(names[0], names.count > 1 ? names[1] : "")
            warnings.append("\(expression) = \(NumberFormat.short(result.data)) (overflow): gradients through it will be nan or inf")
        }
        return result
    }
}
