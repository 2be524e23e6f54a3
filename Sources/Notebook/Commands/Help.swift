import Explain
import Language
import Session

extension Command {
    /// `help`: the registry, read back to the user.
    static let help = Command(
        name: "help",
        aliases: ["?"],
        abstract: "List commands, or explain one command or function",
        usage: "help [COMMAND | FUNCTION]",
        examples: ["help", "help backward", "help tanh", "help compile adam"],
        positionals: 0...2,
        firstWords: topics
    ) { invocation throws(NotebookError) in
        let registry = invocation.notebook.registry
        guard let topic = invocation.positionals.first else {
            let width = registry.commands.map(\.name.count).max() ?? 0
            var lines = ["Commands:"]
            for command in registry.commands {
                lines.append("  " + command.name.padding(width) + "  " + command.abstract)
            }
            lines.append("")
            lines.append("Functions (help NAME for each):")
            lines += wrap(Function.builtins.map(\.name), width: 88).map { "  " + $0 }
            lines.append(
                "Expressions: + - * / ^ (or **) @, unary -, parentheses, 1e-3, .5; x.data, x.grad, x.T, x.shape")
            lines.append("Tensors: [[1, 2], [3, 4]], zeros(2, 3), randn(4, 4); x[1], x[0:2, 1]; sum(x, axis=1)")
            lines.append(
                "Tensors made here (literals, randn, zeros) are leaves that record gradients, as micrograd's Values; "
                    + "data, the batch given to forward and .grad do not.")
            lines.append("Several statements on one line: a = 2; b = 3.  A trailing ; hides the output.")
            lines.append("Earlier results: _ (the last one), Out[n].   # starts a comment.")
            lines.append("help COMMAND for usage and examples.")
            return Reply([.text(lines.joined(separator: "\n"))])
        }
        if let command = registry.command(named: topic) {
            if let word = invocation.positionals.dropFirst().first, command.variant(word) == nil {
                let words = command.variants.flatMap(\.words)
                guard !words.isEmpty else {
                    throw invocation.command.usageError("\(command.name) has no forms: help \(command.name)")
                }
                let hint = Suggestion.closest(to: word, among: words).map { " — did you mean '\($0)'?" } ?? ""
                throw invocation.command.usageError("\(command.name) has no form '\(word)'\(hint)")
            }
            return Reply([
                .text(command.helpText(variant: invocation.positionals.dropFirst().first).joined(separator: "\n"))
            ])
        }
        if let function = Function.named(topic) {
            return Reply([.text("\(function.signature) — \(function.abstract)")])
        }
        let topics = registry.commands.map(\.name) + Function.builtins.map(\.name)
        throw .unknownCommand(topic, suggestion: Suggestion.closest(to: topic, among: topics))
    }
}

/// Words joined into lines of at most `width` characters.
func wrap(_ words: [String], width: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in words {
        if !line.isEmpty, line.count + 1 + word.count > width {
            lines.append(line)
            line = ""
        }
        line += (line.isEmpty ? "" : " ") + word
    }
    if !line.isEmpty { lines.append(line) }
    return lines
}

extension String {
    /// The string padded with spaces to `width` characters.
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
