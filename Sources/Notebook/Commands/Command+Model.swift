import Explain
import Language
import NeuralNet
import Session
import Syntax
import TensorGrad

extension Invocation {
    /// Evaluates a piece of argument text (such as the Y of `labels=Y`) as an expression.
    func evaluate(_ text: String) throws(NotebookError) -> Object {
        let expr: Expr
        do { expr = try Parser.expression(text) } catch { throw .syntax(error, source: text) }
        var evaluator = Evaluator(session: session)
        return try evaluator.evaluate(expr)
    }
}

/// 55050 → "55,050", as Keras prints parameter counts.
func grouped(_ n: Int) -> String {
    let digits = String(n)
    var out = ""
    for (index, character) in digits.enumerated() {
        if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
        out.append(character)
    }
    return out
}
