import Limits

/// The expression grammar, by recursive descent: `+ -` < `* / @` < unary `-` < `^ **` <
/// postfix (calls, indexing, `.attributes`) < primaries.
extension Parser {
    package var current: Token { tokens[position] }

    package mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    package func isSymbol(_ symbols: String...) -> String? {
        if case .symbol(let s) = current.kind, symbols.contains(s) { return s }
        return nil
    }

    package mutating func expectEnd() throws(ParseError) {
        guard current.kind == .end else {
            if current.kind == .symbol("=") {
                throw ParseError(message: "only a plain name can be assigned to", column: current.column)
            }
            if current.kind == .symbol("==") {
                throw ParseError(
                    message: "'==' compares only in a check: try 'check \(tokens.map(\.text).joined(separator: " "))'",
                    column: current.column)
            }
            throw ParseError(
                message: "unexpected '\(current.text)' after a complete expression", column: current.column)
        }
    }

    package mutating func expression() throws(ParseError) -> Expr {
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

    package mutating func term() throws(ParseError) -> Expr {
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
    package mutating func node(_ expr: Expr, depth newDepth: Int, column: Int) throws(ParseError) -> Expr {
        guard newDepth <= Limit.expressionDepth.value else {
            throw ParseError(
                message: "the expression has more than \(Limit.expressionDepth): split it into several assignments",
                column: column)
        }
        depth = newDepth
        return expr
    }

    package mutating func unary() throws(ParseError) -> Expr {
        // Every way an expression contains another passes through here.
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= Limit.nesting.value else {
            throw ParseError(
                message: "more than \(Limit.nesting) (brackets, calls and prefix operators inside one another)",
                column: current.column)
        }
        if isSymbol("-") != nil {
            let column = advance().column
            let operand = try operand(after: "-", column: column) { (p: inout Parser) throws(ParseError) in
                try p.unary()
            }
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

    package mutating func power() throws(ParseError) -> Expr {
        let base = try postfix()
        let baseDepth = depth
        if let op = isSymbol("^", "**") {
            let column = advance().column
            let exponent = try operand(after: op, column: column) { (p: inout Parser) throws(ParseError) in
                try p.unary()
            }
            return try node(
                .binary("^", base, exponent, column: column), depth: max(baseDepth, depth) + 1, column: column)
        }
        return base
    }

    package mutating func postfix() throws(ParseError) -> Expr {
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
                                throw ParseError(
                                    message:
                                        "a positional argument cannot follow the keyword argument '\(first.name)='",
                                    column: current.column)
                            }
                            arguments.append(try expression())
                        }
                        deepest = max(deepest, depth)
                    } while isSymbol(",") != nil
                }
                try expect(")", closing: "(", of: function)
                value = try node(
                    .call(function, arguments, keywords: keywords, column: column), depth: deepest + 1, column: column)
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
                    throw ParseError(
                        message: "expected a name after '.', such as .grad or .data", column: current.column)
                }
                _ = advance()
                // `x.mean()`, `np.zeros(3)`: a Python call inside an expression gets the
                // Gradbook way, as at the start of a line.
                if isSymbol("(") != nil { throw Parser.methodCall(on: value, name, column: column) }
                value = try node(.attribute(value, name, column: column), depth: valueDepth + 1, column: column)
            } else {
                return value
            }
            valueDepth = depth
        }
    }

    /// `i`, `a:b`, `:b`, `a:`, `:` (its depth: that of its deepest expression)
    package mutating func indexComponent() throws(ParseError) -> IndexComponent {
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

    package mutating func primary() throws(ParseError) -> Expr {
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
    package mutating func operand(after op: String, column: Int, _ parse: (inout Parser) throws(ParseError) -> Expr)
        throws(ParseError) -> Expr
    {
        if current.kind == .end {
            throw ParseError(message: "'\(op)' needs a value on its right", column: column)
        }
        if current.kind == .symbol("="), ["+", "-", "*", "/"].contains(op) {
            throw ParseError(
                message: "'\(op)=' updates in place in Python; write it out: name = name \(op) value", column: column)
        }
        if case .symbol(let s) = current.kind, ["*", "/", "^", "**", ")", "]", ",", "=", "@"].contains(s) {
            throw ParseError(message: "expected a value after '\(op)', found '\(s)'", column: current.column)
        }
        return try parse(&self)
    }

    package mutating func expect(_ symbol: String, closing opener: String, of function: String?) throws(ParseError) {
        guard isSymbol(symbol) != nil else {
            let what = function.map { "the call to \($0)(" } ?? "'\(opener)'"
            if current.kind == .end {
                throw ParseError(message: "missing '\(symbol)' to close \(what)", column: current.column)
            }
            throw ParseError(
                message: "expected '\(symbol)' to close \(what), found '\(current.text)'", column: current.column)
        }
        _ = advance()
    }
}

extension Parser {
    /// Python's modules whose functions Gradbook has under the same names (`np.exp` → `exp`).
    static let numericModules: Set<String> = ["np", "numpy", "torch", "tf", "F", "math"]
    /// Keras' and PyTorch's model-building modules (`models.Sequential()`, `nn.Linear(…)`).
    static let modelModules: Set<String> = ["models", "layers", "keras", "nn"]

    /// The error for `receiver.name(…)`: Gradbook has functions, not methods.
    static func methodCall(on receiver: Expr, _ name: String, column: Int) -> ParseError {
        if case .name(let module, _) = receiver, numericModules.contains(module) {
            return ParseError(
                message: "\(module).\(name)(…) is Python; drop the '\(module).': \(name)(…)", column: column)
        }
        if case .name(let module, _) = receiver, modelModules.contains(module) {
            return ParseError(
                message: "\(module).\(name)(…) builds a model in Keras or PyTorch; here a command does: model dense "
                    + "784->64 relu, dense 64->10 softmax (help model)",
                column: column)
        }
        let value: String
        switch receiver {
        case .name(let variable, _): value = variable
        default: value = "the value"
        }
        return ParseError(
            message: ".\(name)(…) calls a method, and Gradbook has functions instead: \(name)(\(value)) "
                + "('help' lists them)",
            column: column)
    }
}
