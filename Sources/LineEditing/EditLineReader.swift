import CEditLine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Interactive line editing with libedit: arrow keys, a history file kept across sessions,
/// Tab completion, Ctrl-D to leave and Ctrl-C to abandon the current line.
public final class EditLineReader: LineReader {
    private let editor: OpaquePointer

    /// The completion function for Tab: candidates for the text before the cursor.
    /// libedit calls back through a C function, so the active completer is held here.
    nonisolated(unsafe) static var completer: ((String) -> [String])?

    /// Opens libedit on the terminal; nil if the terminal cannot be edited.
    public init?(historyFile: String?, completer: @escaping (String) -> [String]) {
        guard let editor = gb_editor_open("gradbook", historyFile, 1000) else { return nil }
        self.editor = editor
        Self.completer = completer
        gb_editor_set_completer(editor) { prefix, candidates in
            guard let prefix, let candidates, let complete = EditLineReader.completer else { return 0 }
            let words = complete(String(cString: prefix))
            guard !words.isEmpty,
                let array = malloc(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * words.count)?
                    .bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: words.count)
            else { return 0 }
            for (index, word) in words.enumerated() { array[index] = strdup(word) }
            candidates.pointee = array
            return Int32(words.count)
        }
    }

    deinit { gb_editor_close(editor) }

    /// `text` as a prompt in ANSI colour `color` (an SGR code such as "32"), the escapes
    /// wrapped in \u{1} so libedit can tell them from visible characters (EL_PROMPT_ESC), and
    /// the colour reset inside the prompt so typed text is not coloured.
    public static func prompt(_ text: String, color: String?) -> String {
        guard let color else { return text }
        // libedit drops an escape that ends the prompt, so the reset goes before the prompt's
        // trailing blanks: `In [7]:` coloured, reset, then the visible space.
        let body = String(text.reversed().drop { $0 == " " }.reversed())
        let blanks = String(repeating: " ", count: text.count - body.count)
        return "\u{1}\u{1B}[\(color)m\u{1}" + body + "\u{1}\u{1B}[0m\u{1}" + (blanks.isEmpty ? " " : blanks)
    }

    public func readLine(prompt: String) -> LineEvent {
        gb_editor_set_prompt(editor, prompt)
        var interrupted: Int32 = 0
        guard let line = gb_editor_read_line(editor, &interrupted) else { return .end }
        defer { free(line) }
        return interrupted != 0 ? .interrupted : .line(String(cString: line))
    }

    public func remember(_ line: String) {
        gb_editor_add_history(editor, line)
    }
}
