extension Operand {
    /// The name, parenthesised when it is a compound expression, so `(a + b)²` is not
    /// misread as `a + b²`.
    var grouped: String {
        let isCompound = name.contains { " +-·*/^".contains($0) } && !(name.hasPrefix("(") && name.hasSuffix(")"))
        return isCompound ? "(\(name))" : name
    }
}
