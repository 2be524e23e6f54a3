/// An expression of the notebook language.
package indirect enum Expr: Equatable, Sendable {
    case number(Double)
    case name(String, column: Int)
    /// `-x`
    case negate(Expr)
    /// `a + b`, `a - b`, `a * b`, `a / b`, `a ^ b` (also `**`), `a @ b`
    case binary(String, Expr, Expr, column: Int)
    /// `f(x, y, axis=1)`: positional arguments, then keyword arguments.
    case call(String, [Expr], keywords: [Keyword], column: Int)
    /// `Out[3]`, `x[1]`, `x[1:3, 0]`
    case index(Expr, [IndexComponent], column: Int)
    /// `[[1, 2], [3, 4]]`: a tensor literal.
    case list([Expr], column: Int)
    /// `a.grad`, `a.data`
    case attribute(Expr, String, column: Int)
    /// `(1, 2)` — a tuple of several expressions.
    case tuple([Expr])
}

/// A parameter of a user function, with its default value if it has one.
package struct FunctionParameter: Equatable, Sendable {
    public let name: String
    package let defaultValue: Expr?
}

/// `name=value` in a call.
package struct Keyword: Equatable, Sendable {
    public let name: String
    public let value: Expr
    package let column: Int

    package init(name: String, value: Expr, column: Int) {
        self.name = name
        self.value = value
        self.column = column
    }
}

/// One component of a subscript: a single position or a slice `start:end`.
package enum IndexComponent: Equatable, Sendable {
    case single(Expr)
    case slice(Expr?, Expr?)
}

/// One statement: several may share a line, separated by `;`.
package enum Statement: Equatable, Sendable {
    /// `name = expr`
    case assignment(String, Expr)
    /// An expression whose value becomes the cell's output.
    case expression(Expr)
    /// `f(x, y, k=10) = expr`: a function of a few numbers, with optional defaults.
    case function(name: String, parameters: [FunctionParameter], body: Expr)
    /// A command word followed by its raw argument text (`backward L --step`).
    case command(name: String, arguments: String, column: Int)
}
