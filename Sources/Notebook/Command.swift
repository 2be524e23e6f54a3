import Limits

/// A notebook command, declared as data: the registry drives dispatch, `help` and Tab
/// completion from these fields, so adding a command means adding one file.
public struct Command: Sendable {
    /// The word that invokes the command.
    public let name: String
    /// Other words that invoke it (`exit` for `quit`).
    public let aliases: [String]
    /// One line saying what it does.
    public let abstract: String
    /// The argument synopsis: `backward NAME [--step] [--accumulate]`.
    public let usage: String
    /// Example invocations, shown by `help NAME`.
    public let examples: [String]
    /// Longer explanation for `help NAME`, if any.
    public let discussion: String
    /// Runs the command.
    public let run: @Sendable (Invocation) throws(NotebookError) -> Reply

    public init(name: String, aliases: [String] = [], abstract: String, usage: String,
                examples: [String] = [], discussion: String = "",
                run: @escaping @Sendable (Invocation) throws(NotebookError) -> Reply) {
        self.name = name
        self.aliases = aliases
        self.abstract = abstract
        self.usage = usage
        self.examples = examples
        self.discussion = discussion
        self.run = run
    }

    /// A user's number as a count or index (`epochs=`, `steps=`, `N`): nil gives `fallback`;
    /// nan, infinity, fractions and values outside `range` are a usage error naming `name`.
    public func count(_ value: Double?, _ name: String, default fallback: Int, in range: ClosedRange<Int>, limit: Limit? = nil) throws(NotebookError) -> Int {
        guard let value else { return fallback }
        do throws(RangeError) { return try Count.from(value, name, in: range, limit: limit) } catch { throw usageError(error.description) }
    }

    /// The same for a count bounded by a declared limit.
    public func count(_ value: Double?, _ name: String, default fallback: Int, atLeast lowest: Int = 1, limit: Limit) throws(NotebookError) -> Int {
        try count(value, name, default: fallback, in: lowest...limit.value, limit: limit)
    }

    /// A count written as a word (`step 100`, `predict 3`).
    public func count(_ word: String, _ name: String, in range: ClosedRange<Int>, limit: Limit? = nil) throws(NotebookError) -> Int {
        do throws(RangeError) { return try Count.from(word, name, in: range, limit: limit) } catch { throw usageError(error.description) }
    }

    /// Throws a usage error for this command.
    public func usageError(_ message: String) -> NotebookError {
        .usage(command: name, message: message, usage: usage)
    }
}

/// What a command was given: its session, its arguments, and the notebook (for commands
/// that run further input, such as a lesson's cells).
public struct Invocation {
    public let command: Command
    public let arguments: Arguments
    public let session: Session
    public let notebook: Notebook
}

/// What a command produced: outputs, and optionally a value that becomes `Out[n]`.
public struct Reply {
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
