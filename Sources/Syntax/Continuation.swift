/// Whether a cell's text can run as it is: Jupyter's `is_complete` (the console submits on
/// Enter only when it is complete) and how `execute` joins physical lines into statements.
package enum Completeness: String, Sendable {
    /// Every statement is closed: it can run.
    case complete
    /// A bracket is still open, or the last line ends in `\`: more lines are coming.
    case incomplete
    /// A bracket closes that never opened: no more lines will make it run.
    case invalid
}

package enum Continuation {
    /// The cell's statements: a line continues on the next while one of its brackets is open
    /// or it ends in a backslash (dropped); blank and comment-only lines between statements are
    /// skipped. Also says whether the text ends inside a statement, or cannot be completed.
    package static func statements(_ source: String) -> (lines: [String], completeness: Completeness) {
        var statements: [String] = []
        var pending: String?
        var depth = 0
        for raw in source.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            let trimmed = line.trimmingCharacters(in: " \t")
            if pending == nil, trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let continues = trimmed.hasSuffix("\\")
            if continues { line = String(line[..<(line.lastIndex(of: "\\") ?? line.endIndex)]) }
            depth += bracketBalance(continues ? String(trimmed.dropLast()) : trimmed)
            if depth < 0 { return (statements + [(pending.map { $0 + " " } ?? "") + line], .invalid) }
            let joined = (pending.map { $0 + " " } ?? "") + line
            if depth > 0 || continues {
                pending = joined
            } else {
                statements.append(joined)
                pending = nil
            }
        }
        if let pending { return (statements + [pending], .incomplete) }
        return (statements, .complete)
    }

    /// Opened minus closed brackets on a line, outside strings and comments (a line the lexer
    /// cannot read counts as balanced: running it reports the error).
    package static func bracketBalance(_ line: String) -> Int {
        guard let tokens = try? Lexer.tokenize(line) else { return 0 }
        return tokens.reduce(0) { depth, token in
            switch token.kind {
            case .symbol("("), .symbol("["), .symbol("{"): depth + 1
            case .symbol(")"), .symbol("]"), .symbol("}"): depth - 1
            default: depth
            }
        }
    }
}
