/// A lexical token with the column (0-based, in characters) where it starts.
package struct Token: Equatable, Sendable {
    package enum Kind: Equatable, Sendable {
        case number(Double)
        case identifier(String)
        case string(String)
        /// An operator or punctuation: + - * / ^ ** ( ) [ ] , = ; . @ ==
        case symbol(String)
        case end
    }

    package let kind: Kind
    package let column: Int
    /// The source text of the token, for messages.
    public let text: String
}
