import Explain

extension Value {
    /// How this node is called in explanations: its label, or else its expression over
    /// the labels of its inputs (`a·b`, `tanh(n)`), shortened past a few levels with `…`.
    public var displayName: String { name(depth: 3) }

    private func name(depth: Int) -> String {
        if let label { return label }
        guard let lhs else { return NumberFormat.short(data) }
        guard depth > 0 else { return "…" }
        let precedence = operation.precedence
        let a = lhs.operand(depth: depth - 1, parent: precedence, isRight: false)
        let b = rhs?.operand(depth: depth - 1, parent: precedence, isRight: true) ?? ""
        return operation.expression(a, b)
    }

    private func operand(depth: Int, parent: Int, isRight: Bool) -> String {
        let text = name(depth: depth)
        guard label == nil, !isLeaf else {
            // A negative constant inside an expression reads better in parentheses: a·(-2.0).
            return (isLeaf && label == nil && data < 0 && parent > 1) ? "(\(text))" : text
        }
        let own = operation.precedence
        let needsParentheses = own < parent || (isRight && own == parent && parent < 5)
        return needsParentheses ? "(\(text))" : text
    }
}

extension Operation {
    /// Binding strength when an expression is written out: + − bind loosest, calls tightest.
    var precedence: Int {
        switch self {
        case .add, .subtract: 1
        case .multiply, .divide: 2
        case .unary(let op): op.precedence
        case .leaf: 5
        }
    }
}

extension Value {
    /// The display name, parenthesised if compound, for writing `∂L/∂(x1·w1)`.
    public var groupedName: String { Operand(name: displayName, value: data).grouped }

    /// `e = a·b` for a labelled interior node, `a·b` for an unlabelled one, the name for a leaf.
    public var definition: String {
        guard let lhs else { return displayName }
        let expression = operation.expression(lhs.displayName, rhs?.displayName ?? "")
        return label.map { "\($0) = \(expression)" } ?? expression
    }
}
