import ScalarGrad

/// A built-in function of the notebook language, declared as data (name, abstract, how to
/// apply it) so that `help`, Tab completion and "did you mean" read from one table.
public struct Function: Sendable {
    public let name: String
    public let arity: Int
    /// One line: what it computes and its derivative.
    public let abstract: String
    let operation: @Sendable ([Double]) -> Operation

    /// The built-in functions.
    public static let builtins: [Function] = [
        Function(name: "exp", arity: 1, abstract: "eˣ; derivative eˣ") { _ in .exp },
        Function(name: "log", arity: 1, abstract: "natural logarithm ln x (x > 0); derivative 1/x") { _ in .log },
        Function(name: "tanh", arity: 1, abstract: "hyperbolic tangent; derivative 1 − tanh²x") { _ in .tanh },
        Function(name: "sigmoid", arity: 1, abstract: "1/(1 + e⁻ˣ); derivative σ(x)(1 − σ(x))") { _ in .sigmoid },
        Function(name: "relu", arity: 1, abstract: "max(0, x); derivative 1 if x > 0 else 0") { _ in .relu },
        Function(name: "sqrt", arity: 1, abstract: "x^0.5 (x ≥ 0); derivative 0.5·x^-0.5") { _ in .power(0.5) },
        Function(name: "pow", arity: 2, abstract: "pow(x, p) = x^p for a constant p; derivative p·x^(p−1)") { constants in .power(constants[0]) },
    ]

    /// The built-in function called `name`.
    public static func named(_ name: String) -> Function? {
        builtins.first { $0.name == name }
    }
}
