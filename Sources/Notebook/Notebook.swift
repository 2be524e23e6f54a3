import Language
import Rendering
import Session
import Syntax

/// The interpreter: takes a line, returns a numbered cell of structured output.
///
/// It knows nothing about terminals; the terminal, script and (later) Jupyter front ends
/// render `Cell`s. A failing statement becomes an `.error` output, and the session keeps
/// every variable, output and history entry it had.
public final class Notebook {
    public let session: Session
    package let registry: CommandRegistry
    /// How many cells have run (the `n` of the last `In [n]`).
    public private(set) var cellCount = 0
    /// Receives progress while a long command (train, data download) runs; a front end
    /// draws it (a live bar on a terminal, periodic lines otherwise). Nil: no live progress.
    public var progress: ((LiveProgress) -> Void)?
    /// Whether the front end redraws a picture in place (a terminal, Jupyter): `train …
    /// watch=` then sends each picture as progress; otherwise (a pipe, a transcript) only the
    /// last one, among the cell's outputs.
    public var redrawsPictures = false
    /// Polled by long commands between units of work: true when the user pressed Ctrl-C.
    /// (Kept by the session, so the evaluator polls it too.) An interrupt seen ends the cell:
    /// the command stops where it was, and the cell's later statements do not run.
    public var interruptRequested: () -> Bool {
        get { session.interruptRequested }
        set {
            session.interruptRequested = { [unowned self] in
                guard newValue() else { return false }
                interrupted = true
                return true
            }
        }
    }
    /// Whether the cell running now was interrupted.
    package private(set) var interrupted = false

    /// A notebook with every built-in command.
    public convenience init(session: Session = Session()) {
        self.init(session: session, commands: Command.builtins)
    }

    package init(session: Session, commands: [Command]) {
        self.session = session
        self.registry = CommandRegistry(commands)
    }

    /// Set when a statement was skipped for an untyped prediction: the rest of the cell is too.
    private(set) var skipping = false
    /// The untyped prediction that stopped the last statement skipped.
    private var skipped: String?

    /// Every cell run so far, with its outputs (`save notebook` writes them).
    public private(set) var cells: [Cell] = []
    /// The cell being run.
    private var running: Cell?

    /// Gives `outputs` to the front end now, before what comes next (a later statement's
    /// training display), when it draws live progress; they stay the running cell's outputs,
    /// counted as delivered. Without live progress they are left for the cell's end.
    package func deliver(_ outputs: inout [Output]) {
        guard let progress, var cell = running, !outputs.isEmpty else { return }
        cell.outputs += outputs
        cell.delivered = cell.outputs.count
        running = cell
        progress(.outputs(outputs))
        outputs = []
    }

    /// Runs a cell: one line, or several (a notebook's code cell), each statement in turn until
    /// one fails. A statement goes on to the next line while a bracket is open or its line ends
    /// in `\`. Blank and comment-only lines are skipped; a cell of nothing else is not a cell: nil.
    public func execute(_ source: String) -> Cell? {
        let lines = Continuation.statements(source).lines
        guard !lines.isEmpty else { return nil }
        cellCount += 1
        session.inputs.append(source)
        let number = cellCount
        skipped = nil
        interrupted = false
        running = Cell(number: number, input: source, outputs: [], result: nil)
        defer { running = nil }
        var last: (value: Object?, display: String?) = (nil, nil)
        for (index, line) in lines.enumerated() {
            var (outputs, value, display) = onLargeStack { evaluate(line) }
            if index < lines.count - 1 { deliver(&outputs) }
            running?.outputs += outputs
            last = (value, display)
            // `_` follows every line that gave a value, as if each were a cell of its own; only
            // the last line's value is shown (IPython shows a cell's last expression).
            if let value { session.lastOutput = value }
            if let cell = running, cell.failed || cell.quits || skipping { break }
        }
        guard var cell = running else { return nil }
        if !lines.allSatisfy({ $0.hasPrefix("check ") }) { session.lastCellSkipped = skipped }
        if let value = last.value {
            session.outputs[number] = value
            session.lastOutput = value
            cell.result = last.display ?? value.display
            if last.display == nil { cell.value = value }
        }
        cells.append(cell)
        return cell
    }

    /// What an interrupted cell ends with.
    package static let interruptedCell = "the cell was stopped by Ctrl-C"

    /// Runs a line's statements in order, stopping at the first error.
    /// Returns the outputs, the value of the last statement (unless suppressed by a
    /// trailing `;`), and how to display that value.
    func evaluate(_ line: String) -> (outputs: [Output], value: Object?, display: String?) {
        skipping = false
        if let name = Placeholder.name(in: line) {
            session.untypedPredictions.insert(name)
            _ = session.remove(name)
            return ([.text(Placeholder.note(for: name))], nil, nil)
        }
        if let help = Habits.helpRequest(line) { return evaluate(help) }
        if let habit = Habits.methodCall(line) ?? Habits.printCall(line) { return ([.error(habit)], nil, nil) }
        let parsed: Parser.Line
        do {
            parsed = try Parser.parse(line) { [registry] word in registry.command(named: word) != nil }
        } catch {
            return ([.error(misspelledCommand(in: line) ?? .syntax(error, source: line))], nil, nil)
        }
        var outputs: [Output] = []
        var last: (Object?, String?) = (nil, nil)
        for (index, statement) in parsed.statements.enumerated() {
            if index > 0 { deliver(&outputs) }
            do throws(NotebookError) {
                last = try run(statement, outputs: &outputs)
                // A command that stopped at Ctrl-C kept what it did; nothing after it runs.
                if interrupted { throw NotebookError.interrupted(Notebook.interruptedCell) }
            } catch {
                if let name = Placeholder.untyped(error, session: session) {
                    // Not an error: the learner has not typed this prediction yet.
                    skipping = true
                    skipped = name
                    outputs.append(.text(Placeholder.skipped(name)))
                    return (outputs, nil, nil)
                }
                outputs.append(.error(error))
                return (outputs, nil, nil)
            }
        }
        if parsed.suppressesOutput { return (outputs, nil, nil) }
        return (outputs, last.0, last.1)
    }

    private func run(_ statement: Statement, outputs: inout [Output]) throws(NotebookError) -> (Object?, String?) {
        switch statement {
        case .expression(let expr):
            let value = try evaluateTyped(expr, outputs: &outputs)
            return (value, nil)
        case .assignment(let name, let expr):
            if name == "_" || name == "Out" {
                throw .type("'\(name)' is reserved for outputs and cannot be assigned")
            }
            let value = try evaluateTyped(expr, outputs: &outputs)
            if registry.command(named: name) != nil {
                outputs.append(
                    .warning(
                        "'\(name)' is also a command: typing '\(name)' alone runs the command; use \(name) inside "
                            + "expressions"
                    ))
            }
            session.assign(name, value)
            session.untypedPredictions.remove(name)
            // As in IPython, an assignment shows nothing and makes no Out[n]: the name holds it.
            return (nil, nil)
        case .function(let name, let parameters, let body):
            if Function.named(name) != nil || registry.command(named: name) != nil {
                throw .type(
                    "'\(name)' is a built-in \(Function.named(name) != nil ? "function" : "command"): choose another "
                        + "name"
                )
            }
            let source =
                "\(name)(" + parameters.map { $0.name + ($0.defaultValue == nil ? "" : "=…") }.joined(separator: ", ")
                + ")"
            session.define(UserFunction(name: name, parameters: parameters, body: body, source: source))
            outputs.append(.text("defined \(source)"))
            return (nil, nil)
        case .command(let name, let text, _):
            guard let command = registry.command(named: name) else {
                throw .unknownCommand(name, suggestion: registry.suggestion(for: name))
            }
            let arguments = try Arguments(text)
            let options = try command.parse(arguments, session: session)
            let invocation = Invocation(
                command: command, arguments: arguments, options: options, session: session, notebook: self)
            let reply = try command.run(invocation)
            outputs += reply.outputs
            return (reply.value, reply.display)
        }
    }

    /// An expression typed at the prompt: Ctrl-C is polled at every node and once more at the
    /// end, so a single long operation interrupted midway assigns and shows nothing.
    private func evaluateTyped(_ expr: Expr, outputs: inout [Output]) throws(NotebookError) -> Object {
        var evaluator = Evaluator(session: session, work: .init(interrupted: interruptRequested, everyNode: true))
        let value = try evaluator.evaluate(expr)
        if interruptRequested() { throw Evaluator.Work.stopped }
        outputs += evaluator.warnings.map(Output.warning)
        return value
    }

    /// `bakward L` does not parse; if it starts with an unknown word followed by more words,
    /// the user meant a command.
    private func misspelledCommand(in line: String) -> NotebookError? {
        guard let tokens = try? Lexer.tokenize(line), tokens.count > 2,
            case .identifier(let word) = tokens[0].kind, session[word] == nil, Function.named(word) == nil
        else { return nil }
        switch tokens[1].kind {
        case .identifier, .number: break
        case .symbol("-") where tokens[2].kind == .symbol("-"): break
        default: return nil
        }
        return .unknownCommand(word, suggestion: registry.suggestion(for: word))
    }

    /// The word the cursor is in, which completions replace: letters, digits, `_`, `-` and `.`
    /// back from the end of `prefix`.
    public static func wordToComplete(in prefix: String) -> String {
        String(
            prefix.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }.reversed())
    }

    /// What `help NAME` says of a command or a function, or a variable's kind and value,
    /// without running a cell (Jupyter's inspect, Shift-Tab). Nil for anything else.
    /// `name` may be a command with a form (`compile adam`): its options are shown.
    public func inspect(_ name: String) -> String? {
        let renderer = TextRenderer()
        let first = String(name.split(separator: " ").first ?? "")
        if registry.command(named: first) != nil || Function.named(first) != nil {
            let (outputs, _, _) = evaluate("help \(name)")
            guard !outputs.contains(where: { if case .error = $0 { true } else { false } }) else {
                return first == name ? nil : inspect(first)
            }
            let text = outputs.map(renderer.render).joined(separator: "\n")
            return text.isEmpty ? nil : text
        }
        guard let object = session[name] else { return nil }
        return "\(name): \(object.typeName)\n" + object.display
    }

    /// Tab completion for the text before the cursor: commands at the start of a
    /// statement; after a command, its first words (optimizers, data sets, lesson numbers),
    /// its option names (`epochs=`) and their values (`loss=` → the losses), and the
    /// session's names for expressions.
    public func completions(for prefix: String) -> [String] {
        let statement = prefix.split(separator: ";", omittingEmptySubsequences: false).last.map(String.init) ?? prefix
        let word = Notebook.wordToComplete(in: statement)
        let head = String(statement.dropLast(word.count))
        let headWords = head.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let parameters = session.model?.namedParameters.map(\.name) ?? []
        let expressionNames = session.names + Function.builtins.map(\.name) + parameters
        var candidates: [String]
        if let first = headWords.first, let command = registry.command(named: first) {
            let words = Array(headWords.dropFirst())
            let options = command.options(for: words + [word], session: session)
            if head.hasSuffix("="), let last = words.last, let eq = last.lastIndex(of: "=") {
                // The value of `name=`: the option's choices.
                let name = String(last[..<eq])
                candidates = options.first { $0.name == name || $0.aliases.contains(name) }?.valueCompletions ?? []
            } else if word.hasPrefix("-") {
                candidates = options.map { "--" + $0.name }
            } else if case .raw = command.parsing, !command.variants.isEmpty {
                // `model dense 2->8 soft…`: a list of layers, each a form with its own options.
                let layerOptions = command.variants.flatMap(\.options).filter { !$0.kind.isFlag }.map { $0.name + "=" }
                candidates = command.variants.flatMap(\.words) + layerOptions
            } else {
                let optionNames = options.filter { !$0.kind.isFlag }.map { $0.name + "=" }
                let declared = command.variants.flatMap(\.words) + command.firstWords(session)
                let firstWord = Command.firstPositional(words) == nil ? declared : []
                // A command that takes an expression (no declared words, and words at all):
                // offer the session's names.
                let takesExpression = declared.isEmpty && command.positionals.upperBound > 0
                candidates = firstWord + optionNames + (takesExpression ? expressionNames : [])
            }
        } else if headWords.isEmpty {
            candidates = registry.commands.flatMap { [$0.name] + $0.aliases } + expressionNames
        } else {
            candidates = expressionNames
        }
        return Array(Set(candidates.filter { $0.hasPrefix(word) })).sorted()
    }
}

extension Notebook {
    /// Whether `source` is ready to run (see `Completeness`).
    package func completeness(_ source: String) -> Completeness { Continuation.statements(source).completeness }
}
