/// A command's declaration read back as help: the terminal's `help NAME` and the README's
/// command reference (`gradbook help --markdown`) are both written from it.
extension Command {
    /// The options of the variant chosen by `word`, or the common ones.
    func documentedOptions(variant word: String?) -> [CommandOption] {
        switch parsing {
        case .raw: return variant(word)?.options ?? []  // a layer of `model`
        default: return options + (variant(word)?.options ?? [])
        }
    }

    /// One row per option: how it is written, what it accepts, its default, what it does.
    static func optionRows(_ options: [CommandOption]) -> [[String]] {
        options.map { option in
            let names = ([option.synopsis] + option.aliases.map { option.kind.isFlag ? "--" + $0 : $0 + "=" }).joined(
                separator: ", ")
            let accepts = option.kind.isFlag ? "" : option.allowed
            return [names, accepts, option.defaultValue ?? "", option.doc]
        }
    }

    /// `help NAME [WORD]` as lines of text.
    package func helpText(variant word: String?) -> [String] {
        var lines = ["\(name) — \(abstract)", "usage: \(usage)"]
        if !aliases.isEmpty { lines.append("aliases: " + aliases.joined(separator: ", ")) }
        if !discussion.isEmpty { lines += ["", discussion] }
        let chosen = variant(word)
        let shown = documentedOptions(variant: word)
        if !shown.isEmpty {
            lines += ["", chosen.map { _ in "options of \(name) \(word ?? ""):" } ?? "options:"]
            lines += Command.optionRows(shown).map { row in
                "  " + row[0] + "  " + row[3] + (row[1].isEmpty ? "" : " (\(row[1])")
                    + (row[2].isEmpty
                        ? (row[1].isEmpty ? "" : ")") : (row[1].isEmpty ? " (" : "; ") + "default \(row[2]))")
            }
        }
        if chosen == nil {
            let withOptions = variants.filter { !$0.options.isEmpty }
            if !withOptions.isEmpty {
                lines += [
                    "",
                    "each form has its own options: "
                        + withOptions.map { "help \(name) \($0.words[0])" }.joined(separator: ", "),
                ]
            }
        }
        if case .raw(let why) = parsing, variants.isEmpty {
            lines += ["", "\(why.prefix(1).uppercased() + why.dropFirst()): it is read as written, without options."]
        }
        if !examples.isEmpty { lines += ["", "examples:"] + examples.map { "  " + $0 } }
        return lines
    }
}

extension CommandRegistry {
    /// The command reference in Markdown, as the README carries it.
    public func markdownReference() -> String {
        var out = ["| Command | What it does |", "|---|---|"]
        for command in commands {
            out.append(
                "| [`\(command.name)`](#\(command.name.replacingUnderscores)) | \(Self.escape(command.abstract)) |")
        }
        for command in commands {
            out += [
                "", "### \(command.name)", "", "`\(Self.escape(command.usage, inCode: true))`", "",
                command.abstract + (command.abstract.hasSuffix("?") ? "" : "."),
            ]
            if !command.aliases.isEmpty {
                out += ["", "Aliases: " + command.aliases.map { "`\($0)`" }.joined(separator: ", ") + "."]
            }
            if !command.discussion.isEmpty { out += ["", command.discussion.replacingNewlines] }
            let groups =
                [(nil as Command.Variant?, command.documentedOptions(variant: nil))]
                + command.variants.filter { !$0.options.isEmpty }.map { ($0 as Command.Variant?, $0.options) }
            for (variant, options) in groups where !options.isEmpty {
                out += [
                    "", variant.map { "Options of `\(command.name) \($0.words[0])`:" } ?? "Options:", "",
                    "| Option | Accepts | Default | Meaning |", "|---|---|---|---|",
                ]
                out += Command.optionRows(options).map { row in
                    "| `\(Self.escape(row[0], inCode: true))` | \(Self.escape(row[1])) | "
                        + "\(row[2].isEmpty ? "" : "`\(Self.escape(row[2], inCode: true))`") | \(Self.escape(row[3])) |"
                }
            }
            if !command.examples.isEmpty { out += ["", "```"] + command.examples + ["```"] }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private static func escape(_ text: String, inCode: Bool = false) -> String {
        inCode ? text.replacingPipes : text.replacingPipes.replacingNewlines
    }
}

private extension String {
    var replacingUnderscores: String { String(map { $0 == "_" ? "-" : $0 }).lowercased() }
    var replacingPipes: String { split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") }
    var replacingNewlines: String { split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " ") }
}
