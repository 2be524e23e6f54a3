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
public struct Parser {
    /// The statements of a line and whether the line ended with `;`.
    public struct Line: Equatable, Sendable {
        public var statements: [Statement]
        public var suppressesOutput: Bool
    }

    private let tokens: [Token]
    private var position = 0
    /// How many expressions the parser is inside right now (brackets, calls, prefix
    /// operators): bounded by `Limit.nesting`, so `((((…` cannot overflow the stack.
    private var nesting = 0
    /// The tree depth of the expression just parsed, set by every rule that returns one:
    /// bounded by `Limit.expressionDepth`, so `1+1+…+1` cannot build a tree too deep to
    /// evaluate or free.
    private var depth = 0

    init(tokens: [Token]) { self.tokens = tokens }

    /// Parses a full line; `isCommand` tells which leading words are commands.
    ///
    /// The line is first cut at `;` outside quotes and brackets. A piece that starts with a
    /// command word (not followed by `=`) keeps its raw text as the command's arguments, so
    /// file names and flags never meet the expression lexer.
    public static func parse(_ source: String, isCommand: (String) -> Bool) throws(ParseError) -> Line {
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
        var start = 0, depth = 0
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

    private static func statement(_ text: String, offset: Int, isCommand: (String) -> Bool) throws(ParseError) -> Statement {
        let characters = Array(text)
        var index = 0
        while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 }
        let wordStart = index
        while index < characters.count, characters[index].isLetter || characters[index].isNumber || characters[index] == "_" || characters[index] == "?" { index += 1 }
        let word = String(characters[wordStart..<index])
        let rest = String(characters[index...]).trimmingCharacters(in: " \t\r")
        if !word.isEmpty, isCommand(word), !rest.hasPrefix("="), !rest.hasPrefix("(") || word == "help" {
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
            if token.kind == .symbol(")") { depth -= 1; if depth == 0 { close = index; break } }
        }
        guard close > 0, close + 1 < tokens.count, tokens[close + 1].kind == .symbol("=") else { return nil }
        position = 2
        var parameters: [FunctionParameter] = []
        while position < close {
            guard case .identifier(let parameter) = current.kind else {
                throw ParseError(message: "a function's parameters are names, found '\(current.text)'", column: current.column)
            }
            _ = advance()
            var defaultValue: Expr?
            if isSymbol("=") != nil {
                _ = advance()
                defaultValue = try expression()
            } else if let first = parameters.first(where: { $0.defaultValue != nil }) {
                throw ParseError(message: "parameter '\(parameter)' needs a default because '\(first.name)' has one", column: tokens[position - 1].column)
            }
            if parameters.contains(where: { $0.name == parameter }) {
                throw ParseError(message: "parameter '\(parameter)' appears twice", column: tokens[position - 1].column)
            }
            parameters.append(FunctionParameter(name: parameter, defaultValue: defaultValue))
            if isSymbol(",") != nil { _ = advance() } else if position < close {
                throw ParseError(message: "expected ',' or ')' in the parameter list, found '\(current.text)'", column: current.column)
            }
        }
        position = close + 2
        if current.kind == .end { throw ParseError(message: "expected the function's body after '='", column: current.column) }
        let body = try expression()
        try expectEnd()
        return .function(name: name, parameters: parameters, body: body)
    }

    /// Parses a standalone expression (used by commands for their arguments).
    public static func expression(_ source: String) throws(ParseError) -> Expr {
        var parser = Parser(tokens: try Lexer.tokenize(source))
        let value = try parser.expression()
        try parser.expectEnd()
        return value
    }

    // MARK: - Recursive descent

    private var current: Token { tokens[position] }

    private mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private func isSymbol(_ symbols: String...) -> String? {
        if case .symbol(let s) = current.kind, symbols.contains(s) { return s }
        return nil
    }

    private mutating func expectEnd() throws(ParseError) {
        guard current.kind == .end else {
            if current.kind == .symbol("=") {
                throw ParseError(message: "only a plain name can be assigned to", column: current.column)
            }
            if current.kind == .symbol("==") {
                throw ParseError(message: "'==' compares only in a check: try 'check \(tokens.map(\.text).joined(separator: " "))'", column: current.column)
            }
            throw ParseError(message: "unexpected '\(current.text)' after a complete expression", column: current.column)
        }
    }

    mutating func expression() throws(ParseError) -> Expr {
        var lhs = try term()
        var lhsDepth = depth
        while let op = isSymbol("+", "-") {
            let column = advance().column
            let rhs = try operand(after: op, column: column) { (p: inout Parser) throws(ParseError) in try p.term() }
            lhs = try node(.binary(op, lhs, rhs, column: column), depth: max(lhsDepth, depth) + 1, column: column)
            lhsDepth = depth
        }
        return lhs
    }

    private mutating func term() throws(ParseError) -> Expr {
        var lhs = try unary()
        var lhsDepth = depth
        while let op = isSymbol("*", "/", "@") {
            let column = advance().column
            let rhs = try operand(after: op, column: column) { (p: inout Parser) throws(ParseError) in try p.unary() }
            lhs = try node(.binary(op, lhs, rhs, column: column), depth: max(lhsDepth, depth) + 1, column: column)
            lhsDepth = depth
        }
        return lhs
    }

    /// Records the depth of a node just built, refusing trees deeper than the limit.
    private mutating func node(_ expr: Expr, depth newDepth: Int, column: Int) throws(ParseError) -> Expr {
        guard newDepth <= Limit.expressionDepth.value else {
            throw ParseError(message: "the expression has more than \(Limit.expressionDepth): split it into several assignments", column: column)
        }
        depth = newDepth
        return expr
    }

    private mutating func unary() throws(ParseError) -> Expr {
        // Every way an expression contains another passes through here.
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= Limit.nesting.value else {
            throw ParseError(message: "more than \(Limit.nesting) (brackets, calls and prefix operators inside one another)", column: current.column)
        }
        if isSymbol("-") != nil {
            let column = advance().column
            let operand = try operand(after: "-", column: column) { (p: inout Parser) throws(ParseError) in try p.unary() }
            // A negative literal is one constant, not negate(constant): `b = -3.0` is a leaf.
            if case .number(let x) = operand { return .number(-x) }
            return try node(.negate(operand), depth: depth + 1, column: column)
        }
        if isSymbol("+") != nil {
            let column = advance().column
            return try operand(after: "+", column: column) { (p: inout Parser) throws(ParseError) in try p.unary() }
        }
        return try power()
    }

    private mutating func power() throws(ParseError) -> Expr {
        let base = try postfix()
        let baseDepth = depth
        if let op = isSymbol("^", "**") {
            let column = advance().column
            let exponent = try operand(after: op, column: column) { (p: inout Parser) throws(ParseError) in try p.unary() }
            return try node(.binary("^", base, exponent, column: column), depth: max(baseDepth, depth) + 1, column: column)
        }
        return base
    }

    private mutating func postfix() throws(ParseError) -> Expr {
        var value = try primary()
        var valueDepth = depth
        while true {
            if isSymbol("(") != nil, case .name(let function, let column) = value {
                _ = advance()
                var arguments: [Expr] = []
                var keywords: [Keyword] = []
                var deepest = valueDepth
                if isSymbol(")") == nil {
                    repeat {
                        if isSymbol(",") != nil { _ = advance() }
                        if case .identifier(let name) = current.kind, tokens[position + 1].kind == .symbol("=") {
                            let column = advance().column
                            _ = advance()
                            keywords.append(Keyword(name: name, value: try expression(), column: column))
                        } else {
                            if let first = keywords.first {
                                throw ParseError(message: "a positional argument cannot follow the keyword argument '\(first.name)='", column: current.column)
                            }
                            arguments.append(try expression())
                        }
                        deepest = max(deepest, depth)
                    } while isSymbol(",") != nil
                }
                try expect(")", closing: "(", of: function)
                value = try node(.call(function, arguments, keywords: keywords, column: column), depth: deepest + 1, column: column)
            } else if isSymbol("[") != nil {
                let column = advance().column
                var components: [IndexComponent] = []
                var deepest = valueDepth
                repeat {
                    if isSymbol(",") != nil { _ = advance() }
                    components.append(try indexComponent())
                    deepest = max(deepest, depth)
                } while isSymbol(",") != nil
                try expect("]", closing: "[", of: nil)
                value = try node(.index(value, components, column: column), depth: deepest + 1, column: column)
            } else if isSymbol(".") != nil {
                let column = advance().column
                guard case .identifier(let name) = current.kind else {
                    throw ParseError(message: "expected a name after '.', such as .grad or .data", column: current.column)
                }
                _ = advance()
                value = try node(.attribute(value, name, column: column), depth: valueDepth + 1, column: column)
            } else {
                return value
            }
            valueDepth = depth
        }
    }

    /// `i`, `a:b`, `:b`, `a:`, `:` (its depth: that of its deepest expression)
    private mutating func indexComponent() throws(ParseError) -> IndexComponent {
        var start: Expr?
        var deepest = 0
        if isSymbol(":") == nil {
            start = try expression()
            deepest = depth
        }
        guard isSymbol(":") != nil else {
            guard let start else { throw ParseError(message: "expected an index", column: current.column) }
            depth = deepest
            return .single(start)
        }
        _ = advance()
        let end: Expr? = isSymbol(",", "]") == nil ? try expression() : nil
        depth = end == nil ? deepest : max(deepest, depth)
        return .slice(start, end)
    }

    private mutating func primary() throws(ParseError) -> Expr {
        let token = current
        switch token.kind {
        case .symbol("["):
            _ = advance()
            var items: [Expr] = []
            var deepest = 0
            if isSymbol("]") == nil {
                items.append(try expression())
                deepest = depth
                while isSymbol(",") != nil {
                    _ = advance()
                    if isSymbol("]") != nil { break }  // a trailing comma
                    items.append(try expression())
                    deepest = max(deepest, depth)
                }
            }
            try expect("]", closing: "[", of: nil)
            return try node(.list(items, column: token.column), depth: deepest + 1, column: token.column)
        case .number(let value):
            _ = advance()
            depth = 1
            return .number(value)
        case .identifier(let name):
            _ = advance()
            depth = 1
            return .name(name, column: token.column)
        case .symbol("("):
            _ = advance()
            let first = try expression()
            var items = [first]
            var deepest = depth
            while isSymbol(",") != nil {
                _ = advance()
                items.append(try expression())
                deepest = max(deepest, depth)
            }
            try expect(")", closing: "(", of: nil)
            if items.count == 1 {
                depth = deepest
                return first
            }
            return try node(.tuple(items), depth: deepest + 1, column: token.column)
        case .end:
            throw ParseError(message: "the line ends where a value was expected", column: token.column)
        case .string:
            throw ParseError(message: "a string \(token.text) cannot be used in an expression", column: token.column)
        default:
            throw ParseError(message: "expected a value, found '\(token.text)'", column: token.column)
        }
    }

    /// Parses the right operand of `op`, naming the operator if it is missing.
    private mutating func operand(after op: String, column: Int, _ parse: (inout Parser) throws(ParseError) -> Expr) throws(ParseError) -> Expr {
        if current.kind == .end {
            throw ParseError(message: "'\(op)' needs a value on its right", column: column)
        }
        if case .symbol(let s) = current.kind, ["*", "/", "^", "**", ")", "]", ",", "=", "@"].contains(s) {
            throw ParseError(message: "expected a value after '\(op)', found '\(s)'", column: current.column)
        }
        return try parse(&self)
    }

    private mutating func expect(_ symbol: String, closing opener: String, of function: String?) throws(ParseError) {
        guard isSymbol(symbol) != nil else {
            let what = function.map { "the call to \($0)(" } ?? "'\(opener)'"
            if current.kind == .end {
                throw ParseError(message: "missing '\(symbol)' to close \(what)", column: current.column)
            }
            throw ParseError(message: "expected '\(symbol)' to close \(what), found '\(current.text)'", column: current.column)
        }
        _ = advance()
    }
}

extension String {
    /// The string without leading and trailing characters from `set`.
    func trimmingCharacters(in set: String) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, set.contains(last) { scalars.removeLast() }
        return String(scalars)
    }
}
