import Foundation

/// Evaluates a printed formula (`1 - 0.761594²`, `[0.3 > 0] + 0.01·[0.3 <= 0]`, `e^(-0.5)`,
/// `√(0.25) + max(1, 2)`) as a reader would: so a test can check that what the learner sees is
/// the number used.
public struct FormulaEvaluator {
    public struct Failure: Error, CustomStringConvertible { public let description: String }

    private let characters: [Character]
    private var index = 0

    public static func evaluate(_ text: String) throws -> Double {
        var evaluator = FormulaEvaluator(characters: Array(text))
        let value = try evaluator.sum()
        evaluator.skipSpaces()
        guard evaluator.index == evaluator.characters.count else {
            throw Failure(description: "unexpected '\(String(evaluator.characters[evaluator.index...]))' in \(text)")
        }
        return value
    }

    private init(characters: [Character]) { self.characters = characters }

    private mutating func skipSpaces() { while index < characters.count, characters[index] == " " { index += 1 } }

    private mutating func peek(_ token: String) -> Bool {
        skipSpaces()
        let end = index + token.count
        return end <= characters.count && String(characters[index..<end]) == token
    }

    private mutating func take(_ token: String) -> Bool {
        guard peek(token) else { return false }
        index += token.count
        return true
    }

    private mutating func sum() throws -> Double {
        var value = try product()
        while true {
            if take("+") {
                value += try product()
            } else if take("-") || take("−") {
                value -= try product()
            } else {
                return value
            }
        }
    }

    private mutating func product() throws -> Double {
        var value = try unary()
        while true {
            if take("·") || take("*") {
                value *= try unary()
            } else if take("/") {
                value /= try unary()
            } else {
                return value
            }
        }
    }

    private mutating func unary() throws -> Double {
        if take("-") || take("−") { return -(try unary()) }
        return try power()
    }

    private mutating func power() throws -> Double {
        var base = try primary()
        while take("²") { base *= base }
        if take("^") { return Foundation.pow(base, try unary()) }
        return base
    }

    private mutating func primary() throws -> Double {
        if take("(") {
            let value = try sum()
            guard take(")") else { throw Failure(description: "missing )") }
            return value
        }
        if take("√") { return (try primary()).squareRoot() }
        if take("max(") {
            let a = try sum()
            guard take(",") else { throw Failure(description: "max needs two values") }
            let b = try sum()
            guard take(")") else { throw Failure(description: "missing )") }
            return Swift.max(a, b)
        }
        if take("[") {
            let lhs = try sum()
            let comparisons: [(String, (Double, Double) -> Bool)] = [
                (">=", { $0 >= $1 }), ("<=", { $0 <= $1 }), (">", { $0 > $1 }), ("<", { $0 < $1 }),
            ]
            guard let (_, compare) = comparisons.first(where: { take($0.0) }) else {
                throw Failure(description: "expected a comparison")
            }
            let rhs = try sum()
            guard take("]") else { throw Failure(description: "missing ]") }
            return compare(lhs, rhs) ? 1 : 0
        }
        for (name, function) in [
            ("exp", { Foundation.exp($0) }), ("log", { Foundation.log($0) }), ("tanh", { Foundation.tanh($0) }),
        ] as [(String, (Double) -> Double)] {
            if take(name + "(") {
                let value = try sum()
                guard take(")") else { throw Failure(description: "missing )") }
                return function(value)
            }
        }
        if take("inf") { return .infinity }
        if take("nan") { return .nan }
        if peek("e^") {
            index += 1
            return M_E
        }
        skipSpaces()
        let start = index
        while index < characters.count {
            let c = characters[index]
            if c.isASCII && (c.isNumber || c == ".") {
                index += 1
                continue
            }
            if c == "e", index + 1 < characters.count, "+-0123456789".contains(characters[index + 1]) {
                index += 2
                continue
            }
            break
        }
        guard start < index, let value = Double(String(characters[start..<index])) else {
            throw Failure(description: "expected a number at '\(String(characters[start...]))'")
        }
        return value
    }
}
