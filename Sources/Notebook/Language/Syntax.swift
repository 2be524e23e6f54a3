/// An expression of the notebook language.
public indirect enum Expr: Equatable, Sendable {
    case number(Double)
    case name(String, column: Int)
    /// `-x`
    case negate(Expr)
    /// `a + b`, `a - b`, `a * b`, `a / b`, `a ^ b` (also `**`), `a @ b`
    case binary(String, Expr, Expr, column: Int)
    /// `f(x, y)`
    case call(String, [Expr], column: Int)
    /// `Out[3]`, `x[1]`
    case index(Expr, Expr, column: Int)
    /// `a.grad`, `a.data`
    case attribute(Expr, String, column: Int)
    /// `(1, 2)` — a tuple of several expressions.
    case tuple([Expr])
}

/// One statement: several may share a line, separated by `;`.
public enum Statement: Equatable, Sendable {
    /// `name = expr`
    case assignment(String, Expr)
    /// An expression whose value becomes the cell's output.
    case expression(Expr)
    /// A command word followed by its raw argument text (`backward L --step`).
    case command(name: String, arguments: String, column: Int)
}
