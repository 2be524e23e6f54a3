/// The right-hand side of a `Formula`: text interleaved with named numbers.
///
/// Built by string interpolation: `"\("b", b) · \("∂L/∂e", upstream)"` renders symbolically
/// as `b · ∂L/∂e` and substituted as `-3.0 · -2.0`.
public struct Expression: Sendable, Equatable, ExpressibleByStringInterpolation {
    /// One piece of an expression.
    public enum Piece: Sendable, Equatable {
        /// Literal text such as an operator or a parenthesis.
        case text(String)
        /// A named quantity and its current value.
        case symbol(String, Double)
    }

    public var pieces: [Piece]

    public init(pieces: [Piece]) { self.pieces = pieces }

    public init(stringLiteral value: String) { pieces = [.text(value)] }

    public init(stringInterpolation: Interpolation) { pieces = stringInterpolation.pieces }

    /// Collects pieces while a string interpolation is evaluated.
    public struct Interpolation: StringInterpolationProtocol {
        var pieces: [Piece] = []
        public init(literalCapacity: Int, interpolationCount: Int) {}
        public mutating func appendLiteral(_ literal: String) {
            if !literal.isEmpty { pieces.append(.text(literal)) }
        }
        /// A named number: printed as its name symbolically, as its value when substituted.
        public mutating func appendInterpolation(_ name: String, _ value: Double) {
            pieces.append(.symbol(name, value))
        }
        /// A bare number (a constant of the formula, such as the 2 in 2x).
        public mutating func appendInterpolation(_ value: Double) {
            pieces.append(.text(NumberFormat.short(value)))
        }
        /// Plain text spliced in, such as a name computed at run time.
        public mutating func appendInterpolation(text: String) {
            pieces.append(.text(text))
        }
    }

    /// Two expressions one after the other (a long formula written over several lines).
    public static func + (lhs: Expression, rhs: Expression) -> Expression {
        Expression(pieces: lhs.pieces + rhs.pieces)
    }

    /// The expression with names: `b · ∂L/∂e`.
    public var symbolic: String {
        pieces.map { piece in
            switch piece {
            case .text(let text): text
            case .symbol(let name, _): name
            }
        }.joined()
    }

    /// The expression with the numbers in place of the names: `-3.0 · -2.0`.
    /// Negative numbers that follow an operator are parenthesised so `a - -2` reads as `a - (-2)`.
    public var substituted: String {
        var out = ""
        for piece in pieces {
            switch piece {
            case .text(let text): out += text
            case .symbol(_, let value):
                let number = NumberFormat.short(value)
                let afterOperator = out.trimmingTrailingSpaces().last.map { "+-−·*/^(".contains($0) } ?? false
                out += (value < 0 && afterOperator && !out.hasSuffix("(")) ? "(\(number))" : number
            }
        }
        return out
    }

    /// The numbers named in this expression, in order.
    public var bindings: [(name: String, value: Double)] {
        pieces.compactMap { piece in
            if case .symbol(let name, let value) = piece { return (name, value) }
            return nil
        }
    }
}

extension String {
    func trimmingTrailingSpaces() -> Substring {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return s
    }
}
