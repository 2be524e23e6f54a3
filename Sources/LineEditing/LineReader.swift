/// A source of input lines for the notebook front end.
public protocol LineReader {
    /// The next line, `.interrupted` when Ctrl-C abandoned it, or `.end` at end of input.
    mutating func readLine(prompt: String) -> LineEvent
    /// Remembers a line in the history (a no-op for readers without history).
    mutating func remember(_ line: String)
}

/// What reading a line produced.
public enum LineEvent: Equatable, Sendable {
    case line(String)
    case interrupted
    case end
}

/// Lines from a non-interactive stream (a pipe or a file), without prompts or history.
public struct StreamLineReader: LineReader {
    private var lines: IndexingIterator<[String]>?

    /// Reads standard input lazily.
    public init() {}

    /// Reads from a fixed list of lines (a script file).
    public init(lines: [String]) { self.lines = lines.makeIterator() }

    public mutating func readLine(prompt: String) -> LineEvent {
        if lines != nil {
            return lines?.next().map(LineEvent.line) ?? .end
        }
        return Swift.readLine(strippingNewline: true).map(LineEvent.line) ?? .end
    }

    public mutating func remember(_ line: String) {}
}
