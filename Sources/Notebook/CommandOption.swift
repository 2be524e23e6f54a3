import Explain
import Limits

/// One option a command (or a layer) accepts, declared as data: its name, what values it
/// takes, its default and a line of help. The declarations drive parsing (unknown names are
/// refused with "did you mean"), range checks, `help NAME`, Tab completion and the README's
/// command reference.
///
///     epochs=10        name=value, for every kind but a flag
///     --svg plot.svg   --name value, the same option written the Unix way
///     --step           a flag
public struct CommandOption: Sendable {
    /// What values the option takes.
    package enum Kind: Sendable {
        /// A finite decimal number in the range.
        case number(NumberRange)
        /// A whole number in the range (a count, an index, a size); the limit, when the top
        /// of the range is one, is named in the error.
        case count(ClosedRange<Int>, Limit?)
        /// 1 or 0 (also true/false).
        case boolean
        /// One of these words.
        case choice([String])
        /// Free text, named by its metavariable (FILE, URL, PARAMETER[i,j], EXPR).
        case text(String)
        /// `--name` alone, without a value.
        case flag
        /// Values of the kind separated by commas (`lr=0.001,0.01,0.1`): a grid's axis.
        indirect case list(Kind)
    }

    public let name: String
    /// Other spellings (Keras' `batch_size` for `batch`).
    package let aliases: [String]
    package let kind: Kind
    /// The default, as help shows it (nil: none, or it depends on other things).
    package let defaultValue: String?
    /// One line of help.
    package let doc: String

    package init(
        _ name: String, _ kind: Kind, aliases: [String] = [], default defaultValue: String? = nil, _ doc: String
    ) {
        self.name = name
        self.kind = kind
        self.aliases = aliases
        self.defaultValue = defaultValue
        self.doc = doc
    }

    package static func number(
        _ name: String, in range: ClosedRange<Double>, open: NumberRange.Open = [], aliases: [String] = [],
        default value: String? = nil, _ doc: String
    ) -> CommandOption {
        CommandOption(name, .number(NumberRange(range, open: open)), aliases: aliases, default: value, doc)
    }

    public static func count(
        _ name: String, in range: ClosedRange<Int>, aliases: [String] = [], default value: String? = nil, _ doc: String
    ) -> CommandOption {
        CommandOption(name, .count(range, nil), aliases: aliases, default: value, doc)
    }

    /// A count from `lowest` up to a declared limit.
    public static func count(
        _ name: String, atLeast lowest: Int = 1, limit: Limit, aliases: [String] = [], default value: String? = nil,
        _ doc: String
    ) -> CommandOption {
        CommandOption(name, .count(lowest...limit.value, limit), aliases: aliases, default: value, doc)
    }

    package static func boolean(_ name: String, default value: String? = "0", _ doc: String) -> CommandOption {
        CommandOption(name, .boolean, default: value, doc)
    }

    public static func choice(
        _ name: String, _ words: [String], aliases: [String] = [], default value: String? = nil, _ doc: String
    ) -> CommandOption {
        CommandOption(name, .choice(words), aliases: aliases, default: value, doc)
    }

    public static func text(
        _ name: String, _ metavariable: String, aliases: [String] = [], default value: String? = nil, _ doc: String
    ) -> CommandOption {
        CommandOption(name, .text(metavariable), aliases: aliases, default: value, doc)
    }

    public static func flag(_ name: String, _ doc: String) -> CommandOption {
        CommandOption(name, .flag, doc)
    }

    /// How the option is written in a synopsis: `epochs=N`, `--svg FILE`, `--step`.
    package var synopsis: String {
        switch kind {
        case .flag: "--\(name)"
        case .text(let metavariable) where metavariable == "FILE" || metavariable == "URL": "--\(name) \(metavariable)"
        default: "\(name)=\(metavariable)"
        }
    }

    /// The value's placeholder: `N`, `X`, `0|1`, `a|b|c`, `FILE`.
    package var metavariable: String {
        switch kind {
        case .number: "X"
        case .count: "N"
        case .boolean: "0|1"
        case .choice(let words): words.count <= 4 ? words.joined(separator: "|") : "NAME"
        case .text(let metavariable): metavariable
        case .flag: ""
        case .list(let kind): CommandOption(name, kind, "").metavariable + ",…"
        }
    }

    /// The values allowed, in words: `a number in 0…1`, `one of relu, tanh`.
    package var allowed: String {
        switch kind {
        case .number(let range): "a number " + range.description
        case .count(let range, _):
            "a whole number in \(Limit.grouped(range.lowerBound))…\(Limit.grouped(range.upperBound))"
        case .boolean: "1 or 0"
        case .choice(let words): "one of " + words.joined(separator: ", ")
        case .text(let metavariable): metavariable
        case .flag: "no value"
        case .list(let kind): "values separated by commas without spaces, each " + CommandOption(name, kind, "").allowed
        }
    }

    /// The words Tab offers for the value.
    package var valueCompletions: [String] {
        switch kind {
        case .boolean: ["1", "0"]
        case .choice(let words): words
        default: []
        }
    }

    static func format(_ x: Double) -> String {
        if x == .infinity { return "∞" }
        if x == -.infinity { return "-∞" }
        if x == x.rounded(), Swift.abs(x) < 1e15 { return Limit.grouped(Int(x)) }
        return NumberFormat.short(x)
    }

    /// Checks `text` against the kind; the error names the option and the value.
    func check(_ text: String) -> String? {
        switch kind {
        case .number(let range):
            guard let x = Double(text), !text.lowercased().contains("x") else {
                return "\(name)= must be \(allowed), got '\(text)'"
            }
            guard x.isFinite else { return "\(name)=\(text) is not a finite number: expected \(allowed)" }
            return range.contains(x) ? nil : "\(name)=\(text) is out of range: expected \(allowed)"
        case .count(let range, let limit):
            do throws(RangeError) { _ = try Count.from(text, name + "=", in: range, limit: limit) } catch {
                return error.description
            }
            return nil
        case .boolean:
            return Self.boolean(text) == nil ? "\(name)= must be 1 or 0 (true or false), got '\(text)'" : nil
        case .choice(let words):
            guard !words.contains(where: { $0.lowercased() == text.lowercased() }) else { return nil }
            let hint = Suggestion.closest(to: text, among: words).map { " — did you mean '\($0)'?" } ?? ""
            return
                "\(name)=\(text) is not known\(hint)\(hint.isEmpty ? ";" : "") expected one of "
                + "\(words.joined(separator: ", "))"
        case .text, .flag:
            return nil
        case .list(let kind):
            let element = CommandOption(name, kind, "")
            for value in text.split(separator: ",", omittingEmptySubsequences: false) {
                guard !value.isEmpty else {
                    // `lr=0.1, 0.2` arrives as `lr=0.1,` and a word `0.2`.
                    return text.hasSuffix(",")
                        ? "\(name)=\(text) ends in a comma: write the list without spaces (\(name)=\(metavariable))"
                        : "\(name)=\(text) has an empty value between two commas: write \(name)=\(metavariable)"
                }
                if let problem = element.check(String(value)) { return problem }
            }
            return nil
        }
    }

    static func boolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "1", "true", "yes", "on": true
        case "0", "false", "no", "off": false
        default: nil
        }
    }
}

/// The options of one invocation, parsed and checked against the declarations, and the words
/// left over as positionals.
package struct OptionValues: Sendable {
    /// Words that are not options, in order.
    package let positionals: [String]
    /// Canonical option name → the text given.
    private let values: [String: String]
    private let declared: [String: CommandOption]

    /// Parses `words` against `options`. Unknown options, missing or ill-formed values and
    /// options given twice are errors that name them.
    public init(_ words: [String], options: [CommandOption]) throws(OptionError) {
        var byName: [String: CommandOption] = [:]
        for option in options {
            for name in [option.name] + option.aliases where byName[name] == nil { byName[name] = option }
        }
        var positionals: [String] = []
        var values: [String: String] = [:]
        var index = 0
        func set(_ option: CommandOption, _ text: String, as written: String) throws(OptionError) {
            guard values[option.name] == nil else { throw OptionError("\(written) is given twice") }
            if let problem = option.check(text) { throw OptionError(problem) }
            values[option.name] = text
        }
        func unknown(_ name: String, written: String) -> OptionError {
            let spellings = options.flatMap { [$0.name] + $0.aliases }
            let hint =
                Suggestion.closest(to: name, among: spellings).flatMap { guess in
                    byName[guess].map { " — did you mean '\($0.kind.isFlag ? "--" + guess : guess + "=")'?" }
                } ?? ""
            let known =
                options.isEmpty
                ? " (no options here)"
                : (hint.isEmpty ? ". " : " ") + "Options: " + options.map(\.synopsis).joined(separator: ", ")
            return OptionError("unknown option '\(written)'\(hint)\(known)")
        }
        while index < words.count {
            let word = words[index]
            index += 1
            if word.hasPrefix("--"), word.count > 2 {
                var name = String(word.dropFirst(2))
                var inline: String?
                if let eq = name.firstIndex(of: "=") {
                    inline = String(name[name.index(after: eq)...])
                    name = String(name[..<eq])
                }
                guard let option = byName[name] else { throw unknown(name, written: "--" + name) }
                if option.kind.isFlag {
                    if let inline {
                        guard let on = CommandOption.boolean(inline) else {
                            throw OptionError("--\(name) is a flag: write --\(name) alone (got '=\(inline)')")
                        }
                        if on { try set(option, "1", as: "--" + name) }
                    } else {
                        try set(option, "1", as: "--" + name)
                    }
                    continue
                }
                if let inline {
                    guard !inline.isEmpty else { throw OptionError("--\(name)= needs \(option.metavariable)") }
                    try set(option, inline, as: "--" + name)
                    continue
                }
                guard index < words.count, !words[index].hasPrefix("--") else {
                    throw OptionError(
                        "--\(name) needs \(option.metavariable.isEmpty ? "a value" : option.metavariable)")
                }
                try set(option, words[index], as: "--" + name)
                index += 1
            } else if Arguments.isOption(word), let eq = word.firstIndex(of: "=") {
                let name = String(word[..<eq])
                let text = String(word[word.index(after: eq)...])
                guard let option = byName[name] else { throw unknown(name, written: name + "=") }
                guard !text.isEmpty else { throw OptionError("\(name)= needs a value: \(option.allowed)") }
                if option.kind.isFlag {
                    guard let on = CommandOption.boolean(text) else {
                        throw OptionError("\(name)= must be 1 or 0, got '\(text)' (or write --\(name))")
                    }
                    if on { try set(option, "1", as: name + "=") }
                    continue
                }
                try set(option, text, as: name + "=")
            } else {
                positionals.append(word)
            }
        }
        self.positionals = positionals
        self.values = values
        self.declared = byName
    }

    /// Words read by the command itself (`.raw` parsing): every word is positional.
    public init(positionals: [String]) {
        self.positionals = positionals
        values = [:]
        declared = [:]
    }

    /// The text given for `name` (any spelling), or nil.
    public func text(_ name: String) -> String? {
        guard let option = declared[name] else { return nil }
        return values[option.name]
    }

    /// True if the option was given at all.
    public func has(_ name: String) -> Bool { text(name) != nil }

    /// The text given, or else the declared default.
    private func textOrDefault(_ name: String) -> String? { text(name) ?? declared[name]?.defaultValue }

    /// A flag, or a boolean option (given, or its declared default).
    public func flag(_ name: String) -> Bool { textOrDefault(name).flatMap(CommandOption.boolean) ?? false }

    /// A number option (checked to be finite and in range), or its declared default (which may
    /// be written as a fraction, `1/3`).
    public func number(_ name: String) -> Double? {
        guard let text = textOrDefault(name) else { return nil }
        if let x = Double(text) { return x }
        let parts = text.split(separator: "/")
        guard parts.count == 2, let a = Double(parts[0]), let b = Double(parts[1]), b != 0 else { return nil }
        return a / b
    }

    /// A count option (checked to be a whole number in range), or its declared default.
    public func count(_ name: String) -> Int? {
        guard let text = textOrDefault(name) else { return nil }
        return Int(text) ?? Double(text).flatMap { Int(exactly: $0) }
    }

    /// A list option's values (each checked), or its declared default's.
    package func numberList(_ name: String) -> [Double]? {
        textOrDefault(name).map { $0.split(separator: ",").compactMap { Double($0) } }
    }

    /// A list option's whole numbers (each checked), or its declared default's.
    package func countList(_ name: String) -> [Int]? {
        numberList(name).map { $0.compactMap { Int(exactly: $0) } }
    }

    /// The number options given (not defaults), by canonical name: for factories that apply
    /// their own defaults (the optimizers').
    public func numbers(_ names: [String]) -> [String: Double] {
        var result: [String: Double] = [:]
        for name in names {
            guard let option = declared[name], let text = values[option.name] else { continue }
            result[option.name] = Double(text) ?? CommandOption.boolean(text).map { $0 ? 1 : 0 }
        }
        return result
    }
}

/// An option that is unknown, malformed or out of range.
package struct OptionError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension CommandOption.Kind {
    var isFlag: Bool {
        if case .flag = self { return true }
        return false
    }
}

/// The numbers an option accepts: an interval whose ends may be open (`> 0`, `in [0, 1)`).
package struct NumberRange: Sendable {
    package struct Open: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// The lower end is not allowed (`> 0`).
        package static let lower = Open(rawValue: 1)
        /// The upper end is not allowed (`< 1`).
        package static let upper = Open(rawValue: 2)

        public init(excludingLower lower: Bool, upper: Bool) {
            rawValue = (lower ? 1 : 0) | (upper ? 2 : 0)
        }
    }

    package let bounds: ClosedRange<Double>
    public let open: Open

    public init(_ bounds: ClosedRange<Double>, open: Open = []) {
        self.bounds = bounds
        self.open = open
    }

    public func contains(_ x: Double) -> Bool {
        bounds.contains(x) && !(open.contains(.lower) && x == bounds.lowerBound)
            && !(open.contains(.upper) && x == bounds.upperBound)
    }

    /// `in [0, 1)`, `> 0`, `≥ 0`, or `finite`.
    public var description: String {
        let unboundedAbove = bounds.upperBound >= 1e300
        let unboundedBelow = bounds.lowerBound <= -1e300
        if unboundedAbove && unboundedBelow { return "of any size" }
        if unboundedAbove { return (open.contains(.lower) ? "> " : "≥ ") + CommandOption.format(bounds.lowerBound) }
        return "in " + (open.contains(.lower) ? "(" : "[") + CommandOption.format(bounds.lowerBound) + ", "
            + CommandOption.format(bounds.upperBound) + (open.contains(.upper) ? ")" : "]")
    }
}
