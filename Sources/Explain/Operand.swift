/// A named number, used to write formulas: the `b` and `-3.0` of `∂(a·b)/∂a = b = -3.0`.
public struct Operand: Sendable, Equatable {
    public var name: String
    public var value: Double
    public init(name: String, value: Double) {
        self.name = name
        self.value = value
    }
}

extension Operand {
    /// The name, parenthesised when it is a compound expression, so `(a + b)²` is not
    /// misread as `a + b²`.
    public var grouped: String {
        let isCompound = name.contains { " +-·*/^".contains($0) } && !(name.hasPrefix("(") && name.hasSuffix(")"))
        return isCompound ? "(\(name))" : name
    }
}
