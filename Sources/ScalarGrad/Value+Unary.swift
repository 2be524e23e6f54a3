import Operations

extension Value {
    /// `f(self)` for any elementwise operation of the table.
    public func applying(_ op: any UnaryOperation) -> Value {
        Value(op.forward(data), .unary(op), self)
    }

    /// `−a`.
    public static prefix func - (a: Value) -> Value { a.applying(Negate()) }
    /// `eˢᵉˡᶠ`.
    public func exp() -> Value { applying(Exp()) }
    /// `ln self`.
    public func log() -> Value { applying(Log()) }
    /// `tanh(self)`.
    public func tanh() -> Value { applying(Tanh()) }
    /// `σ(self) = 1/(1 + e^−self)`.
    public func sigmoid() -> Value { applying(Sigmoid()) }
    /// `max(0, self)`.
    public func relu() -> Value { applying(ReLU()) }
    /// `selfᵖ` for a constant exponent `p`.
    public func pow(_ exponent: Double) -> Value { applying(Power(exponent)) }
}
