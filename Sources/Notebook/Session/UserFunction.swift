import ScalarGrad

/// A function defined in the notebook: `f(x, y) = (1 - x)^2 + 100*(y - x^2)^2`.
public struct UserFunction: Sendable {
    public let name: String
    public let parameters: [FunctionParameter]
    public let body: Expr
    /// The definition as written, for `vars` and messages.
    public let source: String

    /// The parameters without defaults: the coordinates `minimize` moves.
    public var free: [String] { parameters.filter { $0.defaultValue == nil }.map(\.name) }

    /// The built-in test functions of optimization, defined in the notebook language itself.
    public static let library: [UserFunction] = [
        "rosenbrock(x, y) = (1 - x)^2 + 100*(y - x^2)^2",
        "beale(x, y) = (1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2",
        "saddle(x, y) = x^2 - y^2",
        "bowl(x, y, condition=10) = 0.5*(x^2 + condition*y^2)",
    ].compactMap { source in
        guard
            case .function(let name, let parameters, let body)? = try? Parser.parse(source, isCommand: { _ in false })
                .statements.first
        else { return nil }
        return UserFunction(name: name, parameters: parameters, body: body, source: source)
    }

    /// Builds the graph of f at the given Values (with keyword overrides of defaults).
    func call(
        _ arguments: [Object], keywords: [String: Object] = [:], session: Session, depth: Int,
        work: Evaluator.Work? = nil
    ) throws(NotebookError) -> Object {
        let work = work ?? Evaluator.Work(interrupted: session.interruptRequested)
        guard arguments.count <= parameters.count else {
            throw .type(
                "\(name)() takes \(parameters.count) argument\(parameters.count == 1 ? "" : "s"), got "
                    + "\(arguments.count)"
            )
        }
        var locals: [String: Object] = [:]
        for (index, parameter) in parameters.enumerated() {
            if index < arguments.count {
                locals[parameter.name] = arguments[index]
            } else if let given = keywords[parameter.name] {
                locals[parameter.name] = given
            } else if let fallback = parameter.defaultValue {
                var evaluator = Evaluator(session: session, locals: locals, depth: depth + 1, work: work)
                locals[parameter.name] = try evaluator.evaluate(fallback)
            } else {
                throw .type("\(name)() is missing its argument '\(parameter.name)'")
            }
        }
        for key in keywords.keys where !parameters.contains(where: { $0.name == key }) {
            throw .type("\(name)() has no parameter '\(key)='")
        }
        var evaluator = Evaluator(session: session, locals: locals, depth: depth + 1, work: work)
        return try evaluator.evaluate(body)
    }
}
