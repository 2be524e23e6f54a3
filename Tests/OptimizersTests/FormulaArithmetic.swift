import Explain
import Foundation
import TestSupport

/// A formula's right-hand side worked out from its symbols' exact values (not the rounded
/// ones printed), as a pocket calculator would: to show that each printed line's arithmetic
/// gives the value printed after it. Nil when it binds no number (`∂L/∂θ`).
enum FormulaArithmetic {
    static func value(of expression: Explain.Expression) throws -> Double? {
        guard !expression.bindings.isEmpty else { return nil }
        var text = ""
        for piece in expression.pieces {
            switch piece {
            case .text(let literal): text += literal
            case .symbol(_, let value): text += "(" + String(format: "%.17g", value) + ")"
            }
        }
        // Remarks in words, such as "(first step)", are not arithmetic.
        text = text.replacingOccurrences(of: #"\([a-z ]+\)"#, with: "", options: .regularExpression)
        return try FormulaEvaluator.evaluate(text.trimmingCharacters(in: .whitespaces))
    }
}
