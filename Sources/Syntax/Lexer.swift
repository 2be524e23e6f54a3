/// Splits one line of notebook input into tokens.
///
/// Numbers: `2`, `2.0`, `.5`, `1e-3`. Identifiers: letters, digits, `_`, starting with a
/// letter or `_`. Strings: single or double quotes. `#` starts a comment to the end of line.
package struct Lexer {
    private let characters: [Character]
    private var position = 0

    public init(_ source: String) { characters = Array(source) }

    /// All tokens of the line, ending with `.end`.
    package static func tokenize(_ source: String) throws(ParseError) -> [Token] {
        var lexer = Lexer(source)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private static let twoCharacterSymbols: Set<String> = ["**", "==", "->"]
    private static let oneCharacterSymbols: Set<Character> = [
        "+", "-", "*", "/", "^", "(", ")", "[", "]", ",", "=", ";", ".", "@", ":", "<", ">", "{", "}",
    ]

    package static let printedSymbols: [Character: String] = ["−": "-", "×": "*", "·": "*", "÷": "/"]

    package mutating func next() throws(ParseError) -> Token {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
        guard position < characters.count, characters[position] != "#" else {
            return Token(kind: .end, column: characters.count, text: "")
        }
        let start = position
        let c = characters[position]
        if c.isNumber || (c == "." && position + 1 < characters.count && characters[position + 1].isNumber) {
            return try number(from: start)
        }
        if c.isLetter || c == "_" {
            while position < characters.count,
                characters[position].isLetter || characters[position].isNumber || characters[position] == "_"
            {
                position += 1
            }
            let text = String(characters[start..<position])
            return Token(kind: .identifier(text), column: start, text: text)
        }
        if c == "\"" || c == "'" {
            position += 1
            while position < characters.count, characters[position] != c { position += 1 }
            guard position < characters.count else {
                throw ParseError(message: "unterminated string: add a closing \(c)", column: start)
            }
            position += 1
            let text = String(characters[(start + 1)..<(position - 1)])
            return Token(kind: .string(text), column: start, text: String(characters[start..<position]))
        }
        if position + 1 < characters.count {
            let pair = String(characters[position...position + 1])
            if Self.twoCharacterSymbols.contains(pair) {
                position += 2
                return Token(kind: .symbol(pair), column: start, text: pair)
            }
        }
        if Self.oneCharacterSymbols.contains(c) {
            position += 1
            return Token(kind: .symbol(String(c)), column: start, text: String(c))
        }
        // The symbols Gradbook prints in its formulas read back as what they mean, so a
        // formula can be copied into a cell: − (minus), × and · (times), ÷.
        if let ascii = Self.printedSymbols[c] {
            position += 1
            return Token(kind: .symbol(ascii), column: start, text: String(c))
        }
        throw ParseError(message: "unexpected character '\(c)'", column: start)
    }

    private mutating func number(from start: Int) throws(ParseError) -> Token {
        func digits() {
            while position < characters.count, characters[position].isASCII, characters[position].isNumber {
                position += 1
            }
        }
        digits()
        if position < characters.count, characters[position] == "." {
            position += 1
            digits()
        }
        if position < characters.count, characters[position] == "e" || characters[position] == "E" {
            let mark = position
            position += 1
            if position < characters.count, characters[position] == "+" || characters[position] == "-" { position += 1 }
            if position < characters.count, characters[position].isASCII, characters[position].isNumber {
                digits()
            } else {
                position = mark  // `2e` is 2 followed by the name e
            }
        }
        let text = String(characters[start..<position])
        guard let value = Double(text) else {
            throw ParseError(message: "malformed number '\(text)'", column: start)
        }
        guard value.isFinite else {
            throw ParseError(
                message: "\(text) is beyond the largest number (about 1.8e308); write inf for infinity", column: start)
        }
        if position < characters.count, characters[position].isLetter || characters[position] == "_" {
            throw ParseError(
                message:
                    "a number cannot run into a name: '\(text)\(characters[position])' (did you mean "
                    + "\(text)*\(characters[position])?)",
                column: position)
        }
        return Token(kind: .number(value), column: start, text: text)
    }
}
