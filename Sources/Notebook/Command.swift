import Explain
import Language
import Limits
import Rendering
import Session
import Syntax

/// A notebook command, declared as data: the registry drives dispatch, `help` and Tab
/// completion from these fields, so adding a command means adding one file.
package struct Command: Sendable {
    /// The word that invokes the command.
    public let name: String
    /// Other words that invoke it (`exit` for `quit`).
    package let aliases: [String]
    /// One line saying what it does.
    public let abstract: String
    /// The argument synopsis: `backward NAME [--step] [--accumulate]`.
    public let usage: String
    /// Example invocations, shown by `help NAME`.
    public let examples: [String]
    /// Longer explanation for `help NAME`, if any.
    public let discussion: String
    /// The options it accepts whatever its first word.
    public let options: [CommandOption]
    /// Forms selected by the first word (`data moons n=500`, `compile adam beta1=0.9`), each
    /// with options of its own.
    package let variants: [Variant]
    /// How the words after the command are read.
    public let parsing: Parsing
    /// How many words that are not options it takes (more is an error naming the extra one).
    package let positionals: ClosedRange<Int>
    /// Words Tab offers for the first positional (lesson numbers, function names), beyond the
    /// variants' words.
    package let firstWords: @Sendable (Session) -> [String]
    /// Runs the command.
    public let run: @Sendable (Invocation) throws(NotebookError) -> Reply

    /// A form of a command chosen by its first word, with the options of that form.
    package struct Variant: Sendable {
        public let words: [String]
        public let options: [CommandOption]
        public init(_ words: [String], options: [CommandOption] = []) {
            self.words = words
            self.options = options
        }
    }

    /// How a command's text is read.
    package enum Parsing: Sendable {
        /// Words are positionals and declared options; anything else is refused.
        case options
        /// Options that depend on the words themselves (the optimizer named after `with`, the
        /// function's parameters): computed from the words and the session, then as `.options`.
        case dynamic(@Sendable (_ words: [String], Session) -> [CommandOption])
        /// The text is a statement or expression (`no_grad`, `check`) or a list of layers
        /// (`model`) that the command reads itself, saying why in `help`.
        case raw(String)
    }

    public init(
        name: String, aliases: [String] = [], abstract: String, usage: String,
        examples: [String] = [], discussion: String = "", options: [CommandOption] = [], variants: [Variant] = [],
        parsing: Parsing = .options, positionals: ClosedRange<Int> = 0...Int.max,
        firstWords: @escaping @Sendable (Session) -> [String] = { _ in [] },
        run: @escaping @Sendable (Invocation) throws(NotebookError) -> Reply
    ) {
        self.name = name
        self.aliases = aliases
        self.abstract = abstract
        self.usage = usage
        self.examples = examples
        self.discussion = discussion
        self.options = options
        self.variants = variants
        self.parsing = parsing
        self.positionals = positionals
        self.firstWords = firstWords
        self.run = run
    }

    /// The variant chosen by `word`, if any.
    package func variant(_ word: String?) -> Variant? {
        guard let word else { return nil }
        return variants.first { $0.words.contains(word.lowercased()) }
    }

    /// The options accepted with these words: the common ones and the chosen variant's (or
    /// the dynamic ones).
    public func options(for words: [String], session: Session) -> [CommandOption] {
        switch parsing {
        case .raw: return []
        case .dynamic(let compute): return options + compute(words, session)
        case .options:
            return options + (variant(Command.firstPositional(words))?.options ?? [])
        }
    }

    /// `lr=best / 10`: a number option's value may be an expression (a variable, `_.suggested`),
    /// as a Keras user writes `lr=best_lr`; it is replaced by its value before the option is
    /// checked. A value that is not an expression, or not a single number, is left for the
    /// option's own error.
    static func evaluatingNumber(_ word: String, options: [CommandOption], session: Session) -> String {
        guard let equals = word.firstIndex(of: "="), !word.hasPrefix("-") else { return word }
        let (name, text) = (String(word[..<equals]), String(word[word.index(after: equals)...]))
        guard Double(text) == nil, !text.isEmpty,
            let option = options.first(where: { $0.name == name || $0.aliases.contains(name) })
        else { return word }
        switch option.kind {
        case .number, .count: break
        default: return word
        }
        // Not finite (inf, nan): written out, so the option's check names it.
        guard let number = expressionNumber(text, session: session, finite: false) else { return word }
        if case .count = option.kind, let whole = Int(exactly: number) { return "\(name)=\(whole)" }
        return "\(name)=\(number)"
    }

    /// An option whose value uses a prediction still left as `name = ?` stops the command as an
    /// undefined name would, so that the notebook skips it with a note instead of a usage error.
    static func requireTypedPredictions(_ words: [String], session: Session) throws(NotebookError) {
        guard !session.untypedPredictions.isEmpty else { return }
        for word in words {
            guard let equals = word.firstIndex(of: "="),
                let tokens = try? Lexer.tokenize(String(word[word.index(after: equals)...]))
            else { continue }
            for token in tokens {
                if case .identifier(let name) = token.kind, session.untypedPredictions.contains(name) {
                    throw .unknownName(name, suggestion: nil)
                }
            }
        }
    }

    /// The number an option's value stands for: a literal, `true`/`false`, or an expression of
    /// the session's names (`lr=limit*0.975`); nil if it is none of these or not finite.
    static func optionNumber(_ text: String, session: Session) -> Double? {
        if let number = Double(text) { return number.isFinite ? number : nil }
        // The booleans every command's options accept: yes/no, true/false, on/off.
        if let on = CommandOption.boolean(text), Double(text) == nil { return on ? 1 : 0 }
        return expressionNumber(text, session: session)
    }

    /// The finite number an expression of the session's names stands for (a number or a
    /// one-element tensor), else nil (any number with `finite: false`).
    static func expressionNumber(_ text: String, session: Session, finite: Bool = true) -> Double? {
        guard !text.isEmpty, let expr = try? Parser.expression(text) else { return nil }
        var evaluator = Evaluator(session: session)
        let number: Double
        switch try? evaluator.evaluate(expr) {
        case .scalar(let value): number = value.data
        case .tensor(let tensor) where tensor.count == 1: number = Double(tensor.data[0])
        default: return nil
        }
        return number.isFinite || !finite ? number : nil
    }

    /// The first word that is not an option.
    static func firstPositional(_ words: [String]) -> String? {
        words.first { !$0.hasPrefix("-") && !Arguments.isOption($0) }
    }

    /// Parses and checks the options of `arguments`: unknown or out-of-range options are a
    /// usage error naming them.
    package func parse(_ arguments: Arguments, session: Session) throws(NotebookError) -> OptionValues {
        if case .raw = parsing { return OptionValues(positionals: arguments.words) }
        if !variants.isEmpty, let first = Command.firstPositional(arguments.words), variant(first) == nil {
            let words = variants.flatMap(\.words)
            let hint = Suggestion.closest(to: first, among: words).map { " — did you mean '\($0)'?" } ?? ""
            throw usageError(
                "unknown '\(first)'\(hint)\(hint.isEmpty ? ";" : "") expected one of \(words.joined(separator: ", "))")
        }
        let allowed = options(for: arguments.words, session: session)
        try Command.requireTypedPredictions(arguments.words, session: session)
        let words = arguments.words.map { Command.evaluatingNumber($0, options: allowed, session: session) }
        let values: OptionValues
        do throws(OptionError) { values = try OptionValues(words, options: allowed) } catch {
            // An error about an evaluated value shows what was written too: lr=-best (= -0.5).
            var message = error.description
            for (written, used) in zip(arguments.words, words) where written != used {
                let value = used[used.index(after: used.firstIndex(of: "=") ?? used.startIndex)...]
                message = message.replacingOccurrences(of: used, with: "\(written) (= \(value))")
            }
            throw usageError(message)
        }
        if values.positionals.count > positionals.upperBound {
            let extra = values.positionals[positionals.upperBound]
            // A bare option name (`train epochs`) most likely lost its value.
            let hint =
                allowed.first { $0.name == extra || $0.aliases.contains(extra) }.map {
                    " — did you mean \($0.synopsis)?"
                } ?? ""
            let allowedText =
                positionals.upperBound == 0
                ? "it takes no words besides its options"
                : "it takes at most \(positionals.upperBound) besides its options"
            throw usageError("unexpected '\(extra)'\(hint) (\(allowedText))")
        }
        if values.positionals.count < positionals.lowerBound {
            let given = values.positionals.map { "'\($0)'" }.joined(separator: " ")
            throw usageError(
                "expected at least \(positionals.lowerBound) words after '\(name)', got \(values.positionals.count)"
                    + (given.isEmpty ? "" : " (\(given))"))
        }
        return values
    }

    /// A user's number as a count or index (`epochs=`, `steps=`, `N`): nil gives `fallback`;
    /// nan, infinity, fractions and values outside `range` are a usage error naming `name`.
    public func count(
        _ value: Double?, _ name: String, default fallback: Int, in range: ClosedRange<Int>, limit: Limit? = nil
    ) throws(NotebookError) -> Int {
        guard let value else { return fallback }
        do throws(RangeError) { return try Count.from(value, name, in: range, limit: limit) } catch {
            throw usageError(error.description)
        }
    }

    /// The same for a count bounded by a declared limit.
    public func count(_ value: Double?, _ name: String, default fallback: Int, atLeast lowest: Int = 1, limit: Limit)
        throws(NotebookError) -> Int
    {
        try count(value, name, default: fallback, in: lowest...limit.value, limit: limit)
    }

    /// A count written as a word (`step 100`, `predict 3`).
    public func count(_ word: String, _ name: String, in range: ClosedRange<Int>, limit: Limit? = nil)
        throws(NotebookError) -> Int
    {
        do throws(RangeError) { return try Count.from(word, name, in: range, limit: limit) } catch {
            throw usageError(error.description)
        }
    }

    /// Throws a usage error for this command.
    package func usageError(_ message: String) -> NotebookError {
        .usage(command: name, message: message, usage: usage)
    }
}

/// What a command was given: its session, its arguments, and the notebook (for commands
/// that run further input, such as a lesson's cells).
package struct Invocation {
    public let command: Command
    public let arguments: Arguments
    /// The declared options given, checked, and the positional words.
    public let options: OptionValues
    public let session: Session
    public let notebook: Notebook

    /// The words that are not options.
    package var positionals: [String] { options.positionals }
}

/// What a command produced: outputs, and optionally a value that becomes `Out[n]`.
package struct Reply {
    public var outputs: [Output]
    /// A value stored as `Out[n]` and `_`.
    public var value: Object?
    /// How `Out[n]:` shows the value (defaults to the value's own display).
    public var display: String?

    public init(_ outputs: [Output] = [], value: Object? = nil, display: String? = nil) {
        self.outputs = outputs
        self.value = value
        self.display = display
    }
}
