/// A syntax error at a column of the input line.
public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    /// 0-based column of the offending character.
    public let column: Int

    public init(message: String, column: Int) {
        self.message = message
        self.column = column
    }

    public var description: String { "syntax error at column \(column + 1): \(message)" }
}
