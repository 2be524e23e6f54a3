import ScalarGrad
import Session

extension UserFunction {
    /// Builds the graph of f at the given Values (with keyword overrides of defaults).
    package func call(
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
