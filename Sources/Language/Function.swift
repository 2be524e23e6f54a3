import Session

/// A built-in function of the notebook language, declared as data: name, signature, a
/// one-line abstract and how to apply it. `help`, Tab completion and "did you mean" read
/// from the same table.
package struct Function: Sendable {
    public let name: String
    /// How it is called: `sum(x, axis=None, keepdims=0)`.
    public let signature: String
    /// One line: what it computes (and its derivative, for the elementwise ones).
    public let abstract: String
    package let apply: @Sendable (inout Call) throws(NotebookError) -> Object

    /// Every built-in function, by area.
    package static let builtins: [Function] = elementwise + creation + tensorOperations + losses

    /// The built-in function called `name`.
    package static func named(_ name: String) -> Function? {
        builtins.first { $0.name == name }
    }
}
