import Explain
import Session
import Syntax

/// A command's argument text split into positionals, `--flags` and `key=value` options.
///
/// Words are separated by spaces; quotes keep spaces inside a word (`--dot "my graph.dot"`),
/// and so do brackets, as Python would read them: `labels=[1, 0]` and `from (-1, 1)` are one
/// word each.
/// `--name value` is only read as an option when the command asks for it by name
/// (`value(of:)`), so `backward L --step` keeps `--step` a flag.
package struct Arguments: Sendable {
    /// The raw text after the command word.
    public let text: String
    /// Every word, in order.
    public let words: [String]

    public init(_ text: String) throws(NotebookError) {
        self.text = text
        var words: [String] = []
        var word = ""
        var quote: Character?
        var inWord = false
        var depth = 0
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { word.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
                inWord = true
            } else if (character == " " || character == "\t") && depth > 0 {
                word.append(character)
            } else if character == " " || character == "\t" {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else {
                if "([{".contains(character) { depth += 1 }
                if ")]}".contains(character) { depth = max(0, depth - 1) }
                word.append(character)
                inWord = true
            }
        }
        if let open = quote {
            throw .syntax(
                ParseError(message: "unterminated string: add a closing \(open)", column: text.count), source: text)
        }
        if inWord { words.append(word) }
        self.words = words
    }

    /// `name=value` with a plain name on the left (so `sum(t, axis=1)` is not an option).
    static func isOption(_ word: String) -> Bool {
        guard let eq = word.firstIndex(of: "="), eq != word.startIndex else { return false }
        let name = word[..<eq]
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } && !(name.first?.isNumber ?? true)
    }
}
