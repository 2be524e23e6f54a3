import Explain

/// Receives the intermediate quantities of one element's update, in order. The update
/// code calls it with the very numbers it computes, so what `step` prints is what θ got.
public protocol StepRecorder {
    /// `symbol = formula = value`; the formula is built only when someone is listening.
    mutating func record(_ symbol: String, _ value: Double, _ formula: @autoclosure () -> Expression)
}

/// The recorder of every element but the watched one: records nothing, costs nothing.
public struct NoRecorder: StepRecorder {
    public init() {}
    @inline(__always)
    public mutating func record(_ symbol: String, _ value: Double, _ formula: @autoclosure () -> Expression) {}
}

/// Collects the formulas of the watched element.
public struct FormulaRecorder: StepRecorder {
    public private(set) var formulas: [Formula] = []
    public init() {}
    public mutating func record(_ symbol: String, _ value: Double, _ formula: @autoclosure () -> Expression) {
        formulas.append(Formula(lhs: symbol, rhs: formula(), value: value))
    }
}
