import Explain
import Foundation
import Language
import Rendering
import Session
import Syntax
import TensorGrad

/// A lesson's claim about a value, `EXPR OP EXPECTED [tol=T]`, checked against the session:
///
///     check x.grad == 14              equal to 1e-4 relative (to 1 for numbers below 1)
///     check (f2 - f1)/h == 14 tol=1e-3   equal to an absolute tolerance
///     check _.adam.final < _.adam_nobias.final
///     check W.grad != 0               every element of a tensor, or a single number
///
/// The operator is the first `==`, `!=`, `<=`, `>=`, `<` or `>` outside brackets, so either
/// side may be any expression (`(a + b) == 3`). A tensor side compares element by element
/// (a number on the other side is broadcast); the check holds when every element does.
struct Expectation {
    enum Relation: String, CaseIterable {
        case equal = "=="
        case notEqual = "!="
        case lessOrEqual = "<="
        case greaterOrEqual = ">="
        case less = "<"
        case greater = ">"
    }

    let actual: String
    let relation: Relation
    let expected: String
    /// An absolute tolerance for == and != (nil: 1e-4 relative).
    let tolerance: Double?

    init(_ text: String) throws(NotebookError) {
        var body: String = text.trimmingCharacters(in: .whitespaces)
        var tolerance: Double?
        if let range = body.range(of: " tol=", options: .backwards) {
            let value = String(body[range.upperBound...]).trimmingCharacters(in: .whitespaces)
            guard let number = Double(value), number.isFinite, number >= 0 else {
                throw .type("tol=\(value) must be a number ≥ 0 (an absolute tolerance)")
            }
            tolerance = number
            body = String(body[..<range.lowerBound])
        }
        guard let (index, relation) = Expectation.relation(in: body) else {
            throw .type("expected EXPR OP EXPECTED with OP one of ==, !=, <, <=, >, >=; got '\(text)'")
        }
        actual = String(body[..<index]).trimmingCharacters(in: .whitespaces)
        expected = String(body[body.index(index, offsetBy: relation.rawValue.count)...]).trimmingCharacters(
            in: .whitespaces)
        guard !actual.isEmpty, !expected.isEmpty else {
            throw .type("'\(text)': both sides of \(relation.rawValue) need an expression")
        }
        self.relation = relation
        self.tolerance = tolerance
    }

    /// The first comparison operator outside brackets and parentheses.
    static func relation(in text: String) -> (String.Index, Relation)? {
        var depth = 0
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if "([".contains(character) { depth += 1 }
            if ")]".contains(character) { depth = max(0, depth - 1) }
            if depth == 0, "=!<>".contains(character) {
                let rest = text[index...]
                if let relation = Relation.allCases.first(where: { rest.hasPrefix($0.rawValue) }) {
                    return (index, relation)
                }
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// Whether `a OP b` holds.
    func holds(_ a: Double, _ b: Double) -> Bool {
        let close = abs(a - b) <= (tolerance ?? 1e-4 * max(1, abs(b)))
        switch relation {
        case .equal: return close
        case .notEqual: return !close
        case .less: return a < b
        case .lessOrEqual: return a <= b
        case .greater: return a > b
        case .greaterOrEqual: return a >= b
        }
    }

    /// Evaluates both sides and reports whether the claim held, with both sides' expressions
    /// and values (a plain number once): `a.grad = 6.0 == guess = 6.0`, `loss = 0.2 < 0.5`.
    /// `predictions` are the learner's names: a failed check that reads one says it was the
    /// prediction that missed; so does one that fails after cells that ran with `usedByCells`.
    func check(_ notebook: Notebook, predictions: [String] = [], usedByCells: [String] = []) -> Output {
        do throws(NotebookError) {
            let left = try Expectation.numbers(actual, notebook)
            let right = try Expectation.numbers(expected, notebook)
            guard left.count == right.count || left.count == 1 || right.count == 1 else {
                throw .type("\(actual) has \(left.count) elements and \(expected) has \(right.count)")
            }
            let count = max(left.count, right.count)
            let pick = { (values: [Double], i: Int) in values.count == 1 ? values[0] : values[i] }
            let failing = (0..<count).first { !holds(pick(left, $0), pick(right, $0)) }
            let tolerance = self.tolerance.map { " (tol \(NumberFormat.short($0)))" } ?? ""
            let op = relation.rawValue
            /// A side as `expr = value`, or the number alone when the side is one.
            func side(_ text: String, _ values: [Double], at index: Int?) -> String {
                if Double(text) != nil { return text }
                if values.count == 1 { return "\(text) = \(NumberFormat.short(values[0]))" }
                guard let index else { return text }
                return "\(text) = \(values.count) elements (element \(index): \(NumberFormat.short(values[index])))"
            }
            guard let failing else {
                if count > 1 {
                    // Tensors: how close they were, or that every element held.
                    let largest = (0..<count).map { abs(pick(left, $0) - pick(right, $0)) }.max() ?? 0
                    let detail =
                        relation == .equal
                        ? "\(count) elements, largest difference \(NumberFormat.short(largest))"
                        : "all \(count) elements"
                    return .check(passed: true, message: "\(actual) \(op) \(expected): \(detail)\(tolerance)")
                }
                return .check(
                    passed: true,
                    message: "\(side(actual, left, at: nil)) \(op) \(side(expected, right, at: nil))\(tolerance)")
            }
            let index = count == 1 ? nil : failing
            let claim =
                "\(side(actual, left, at: index)) \(op) \(side(expected, right, at: index)) does not hold\(tolerance)"
            let guessed = predictions.filter {
                Expectation.mentions($0, in: actual) || Expectation.mentions($0, in: expected)
            }
            let verdict =
                guessed.isEmpty
                ? claim
                : "your prediction "
                    + guessed.map { name in
                        let value = (try? Expectation.numbers(name, notebook)).flatMap { $0.count == 1 ? $0[0] : nil }
                        return value.map { "\(name) = \(NumberFormat.short($0))" } ?? name
                    }.joined(separator: ", ") + " missed: \(claim)"
            return .check(passed: false, message: verdict)
        } catch {
            if let name = Placeholder.untyped(error, session: notebook.session) {
                return .text(Placeholder.skipped(name))
            }
            // What it reads was not made: the cell before stopped at an untyped prediction.
            if let name = notebook.session.lastCellSkipped, notebook.session.untypedPredictions.contains(name) {
                return .text(Placeholder.skipped(name) + " — what this check reads was not computed")
            }
            return .check(passed: false, message: "\(actual) \(relation.rawValue) \(expected): \(error)")
        }
    }

    /// Whether `text` uses the variable `name`.
    static func mentions(_ name: String, in text: String) -> Bool {
        guard let tokens = try? Lexer.tokenize(text) else { return false }
        return tokens.contains { $0.kind == .identifier(name) }
    }

    /// The numbers an expression stands for: a Value, or every element of a tensor.
    static func numbers(_ text: String, _ notebook: Notebook) throws(NotebookError) -> [Double] {
        let expr: Expr
        do { expr = try Parser.expression(text) } catch { throw .syntax(error, source: text) }
        var evaluator = Evaluator(session: notebook.session)
        switch try evaluator.evaluate(expr) {
        case .scalar(let value): return [value.data]
        case .tensor(let tensor) where tensor.count > 0: return tensor.data.map(Double.init)
        case let object: throw .type("'\(text)' is a \(object.typeName), not a number or a tensor")
        }
    }
}
