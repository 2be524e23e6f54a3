import ScalarGrad
import Syntax

/// A function defined in the notebook: `f(x, y) = (1 - x)^2 + 100*(y - x^2)^2`.
package struct UserFunction: Sendable {
    public let name: String
    package let parameters: [FunctionParameter]
    public let body: Expr
    /// The definition as written, for `vars` and messages.
    public let source: String

    package init(name: String, parameters: [FunctionParameter], body: Expr, source: String) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.source = source
    }

    /// The parameters without defaults: the coordinates `minimize` moves.
    package var free: [String] { parameters.filter { $0.defaultValue == nil }.map(\.name) }

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
}
