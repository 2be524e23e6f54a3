import Limits

/// Turns a line of input into statements.
///
/// Grammar (precedence from loosest to tightest):
///
///     line       := statement (';' statement)* [';']
///     statement  := NAME '=' expr | COMMAND rest-of-statement | expr
///     expr       := term (('+' | '-') term)*
///     term       := unary (('*' | '/' | '@') unary)*
///     unary      := '-' unary | '+' unary | power
///     power      := postfix (('^' | '**') unary)?        right-associative: 2^3^2 = 2^9
///     postfix    := primary ('(' args ')' | '[' index (',' index)* ']' | '.' NAME)*
///     args       := expr (',' expr)* (',' NAME '=' expr)*
///     index      := expr | [expr] ':' [expr]
///     primary    := NUMBER | NAME | '(' expr (',' expr)* ')' | '[' expr (',' expr)* ']'
///
/// As in Python, `-2^2` is `-(2^2)`. A trailing `;` suppresses the cell's output (as in IPython).
package struct Parser {
    /// The statements of a line and whether the line ended with `;`.
    package struct Line: Equatable, Sendable {
        package var statements: [Statement]
        package var suppressesOutput: Bool
    }

    package let tokens: [Token]
    package var position = 0
    /// How many expressions the parser is inside right now (brackets, calls, prefix
    /// operators): bounded by `Limit.nesting`, so `((((…` cannot overflow the stack.
    package var nesting = 0
    /// The tree depth of the expression just parsed, set by every rule that returns one:
    /// bounded by `Limit.expressionDepth`, so `1+1+…+1` cannot build a tree too deep to
    /// evaluate or free.
    package var depth = 0

    package init(tokens: [Token]) { self.tokens = tokens }

    /// Parses a full line; `isCommand` tells which leading words are commands.
    ///
    /// The line is first cut at `;` outside quotes and brackets. A piece that starts with a
    /// command word (not followed by `=`) keeps its raw text as the command's arguments, so
    /// file names and flags never meet the expression lexer.
    package static func parse(_ source: String, isCommand: (String) -> Bool) throws(ParseError) -> Line {
        let characters = Array(source)
        var statements: [Statement] = []
        var suppresses = false
        for (start, end) in pieces(of: characters) {
            let text = String(characters[start..<end])
            if text.trimmingCharacters(in: " \t\r").isEmpty || text.trimmingCharacters(in: " \t").hasPrefix("#") {
                if end < characters.count, statements.isEmpty {
                    throw ParseError(message: "empty statement before ';'", column: end)
                }
                // An empty piece after a `;` at the end of the line: IPython's "hide the output".
                suppresses = start > 0 && end == characters.count
                continue
            }
            suppresses = false
            statements.append(try statement(text, offset: start, isCommand: isCommand))
        }
        return Line(statements: statements, suppressesOutput: suppresses)
    }

    /// The (start, end) character ranges between top-level semicolons.
    private static func pieces(of characters: [Character]) -> [(Int, Int)] {
        var result: [(Int, Int)] = []
        var start = 0
        var depth = 0
        var quote: Character?
        for (index, c) in characters.enumerated() {
            if let open = quote {
                if c == open { quote = nil }
                continue
            }
            switch c {
            case "\"", "'": quote = c
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            case "#" where depth <= 0:
                result.append((start, index))
                return result
            case ";" where depth <= 0:
                result.append((start, index))
                start = index + 1
            default: break
            }
        }
        result.append((start, characters.count))
        return result
    }

    private static func statement(_ text: String, offset: Int, isCommand: (String) -> Bool) throws(ParseError)
        -> Statement
    {
        let characters = Array(text)
        var index = 0
        while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 }
        let wordStart = index
        while index < characters.count,
            characters[index].isLetter || characters[index].isNumber || characters[index] == "_"
                || characters[index] == "?"
        { index += 1 }
        let word = String(characters[wordStart..<index])
        let rest = String(characters[index...]).trimmingCharacters(in: " \t\r")
        // `check(…)` right after the word is a call; `check (a + b) == 3`, with a space, is the command.
        let call = index < characters.count && characters[index] == "("
        if !word.isEmpty, isCommand(word), !rest.hasPrefix("="), !call || word == "help" {
            return .command(name: word, arguments: rest, column: offset + wordStart)
        }
        let tokens: [Token]
        do {
            tokens = try Lexer.tokenize(text)
        } catch {
            throw ParseError(message: error.message, column: error.column + offset)
        }
        var parser = Parser(tokens: tokens)
        do throws(ParseError) {
            if let definition = try parser.functionDefinition() { return definition }
            if case .identifier(let name) = tokens[0].kind, tokens[1].kind == .symbol("=") {
                parser.position = 2
                if tokens[2].kind == .end {
                    throw ParseError(message: "expected a value after '='", column: tokens[2].column)
                }
                let value = try parser.expression()
                try parser.expectEnd()
                return .assignment(name, value)
            }
            let value = try parser.expression()
            try parser.expectEnd()
            return .expression(value)
        } catch {
            throw ParseError(message: error.message, column: error.column + offset)
        }
    }

    /// `f(x, y, k=10) = body`, recognised by a name, a parenthesised list of names and `=`.
    private mutating func functionDefinition() throws(ParseError) -> Statement? {
        guard case .identifier(let name) = tokens[0].kind, tokens[1].kind == .symbol("(") else { return nil }
        var depth = 0
        var close = -1
        for (index, token) in tokens.enumerated() {
            if token.kind == .symbol("(") { depth += 1 }
            if token.kind == .symbol(")") {
                depth -= 1
                if depth == 0 {
                    close = index
                    break
                }
            }
        }
        guard close > 0, close + 1 < tokens.count, tokens[close + 1].kind == .symbol("=") else { return nil }
        position = 2
        var parameters: [FunctionParameter] = []
        while position < close {
            guard case .identifier(let parameter) = current.kind else {
                throw ParseError(
                    message: "a function's parameters are names, found '\(current.text)'", column: current.column)
            }
            _ = advance()
            var defaultValue: Expr?
            if isSymbol("=") != nil {
                _ = advance()
                defaultValue = try expression()
            } else if let first = parameters.first(where: { $0.defaultValue != nil }) {
                throw ParseError(
                    message: "parameter '\(parameter)' needs a default because '\(first.name)' has one",
                    column: tokens[position - 1].column)
            }
            if parameters.contains(where: { $0.name == parameter }) {
                throw ParseError(message: "parameter '\(parameter)' appears twice", column: tokens[position - 1].column)
            }
            parameters.append(FunctionParameter(name: parameter, defaultValue: defaultValue))
            if isSymbol(",") != nil {
                _ = advance()
            } else if position < close {
                throw ParseError(
                    message: "expected ',' or ')' in the parameter list, found '\(current.text)'",
                    column: current.column)
            }
        }
        position = close + 2
        if current.kind == .end {
            throw ParseError(message: "expected the function's body after '='", column: current.column)
        }
        let body = try expression()
        try expectEnd()
        return .function(name: name, parameters: parameters, body: body)
    }

    /// Parses a standalone expression (used by commands for their arguments).
    package static func expression(_ source: String) throws(ParseError) -> Expr {
        var parser = Parser(tokens: try Lexer.tokenize(source))
        let value = try parser.expression()
        try parser.expectEnd()
        return value
    }
}

extension String {
    /// The string without leading and trailing characters from `set`.
    package func trimmingCharacters(in set: String) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, set.contains(last) { scalars.removeLast() }
        return String(scalars)
    }
}
