import ArgumentParser
import Kernels
import Lessons
import Limits
import LineEditing
import Notebook
import Rendering
import Session

// The gradbook executable: the command line, the choice of reader, and the wiring of a
// terminal to the notebook. All behaviour lives in the Notebook library; this is the only
// place that reads environment variables.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@main
struct Gradbook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradbook",
        abstract: "A notebook for seeing how neural networks learn.",
        discussion: """
            gradbook [--lessons DIR] [--data DIR] [--no-color] [--bail] starts the notebook (see \
            'gradbook notebook --help'); inside, 'help' lists commands, 'lesson 1' starts the first \
            lesson, Ctrl-D leaves. 'gradbook help COMMAND' explains a notebook command.
            """,
        subcommands: [Start.self, Run.self, KernelCommand.self, LessonExport.self, Reference.self],
        defaultSubcommand: Start.self
    )
}

/// What every way of starting Gradbook accepts.
struct Setup: ParsableArguments {
    @ArgumentParser.Option(
        name: .long,
        help: ArgumentHelp("Where the lessons are (default: $GRADBOOK_LESSONS, or ./Lessons).", valueName: "DIR"))
    var lessons: String?

    @ArgumentParser.Option(
        name: .long,
        help: ArgumentHelp("Where 'data mnist' looks (default: $GRADBOOK_DATA, or ./data/mnist).", valueName: "DIR"))
    var data: String?

    @Flag(name: .customLong("no-color"), help: "No colour (also when NO_COLOR is set or stdout is not a terminal).")
    var noColor = false

    @ArgumentParser.Option(
        name: .long,
        help: ArgumentHelp(
            "The lessons' language: en or zh (default: the locale, LC_ALL or LANG: zh_CN.UTF-8 gives zh).",
            valueName: "LANG"))
    var lang: String?

    @Flag(help: "Output that is the same byte for byte wherever it goes: no colour, no wrapping, no live progress bar.")
    var plain = false

    @Flag(help: "Stop at the first failing line, with exit status 1 (scripts).")
    var bail = false

    @ArgumentParser.Option(
        name: .customLong("max-memory"),
        help: ArgumentHelp(
            "The memory this session may use, e.g. 512M or 1G (default: $GRADBOOK_MAX_MEMORY, or none): a tensor, "
                + "data file or model that would take it past the limit is refused with its size.",
            valueName: "SIZE"))
    var maxMemory: String?

    func validate() throws {
        if let lang, !LessonLibrary.languages.contains(lang) {
            throw ValidationError(
                "--lang \(lang): lessons are written in " + LessonLibrary.languages.joined(separator: " and "))
        }
        guard let maxMemory else { return }
        guard let bytes = MemoryLimit.parse(maxMemory) else {
            throw ValidationError("--max-memory \(maxMemory): give a size such as 512M, 1.5G or 800000000 (bytes)")
        }
        if bytes < MemoryLimit.smallest {
            throw ValidationError(
                "--max-memory \(maxMemory) is less than a session needs to start; give "
                    + "\(MemoryLimit.format(MemoryLimit.smallest)) or more")
        }
    }

    /// A notebook set up from the options and the environment.
    func notebook() -> Notebook {
        Setup.requestThreads()
        limitMemory()
        let lessons = LessonLibrary(
            directory: LessonLibrary.locate(explicit: self.lessons, environment: Setup.environment("GRADBOOK_LESSONS")))
        let session = Session(lessons: lessons, dataDirectory: data ?? Setup.environment("GRADBOOK_DATA"))
        session.language = lang ?? Setup.localeLanguage
        session.paths.homeDirectory = Setup.environment("HOME")
        session.paths.mnistSample = LessonLibrary.inCheckout("Tests/Fixtures/mnist-small")
        return Notebook(session: session)
    }

    /// The lessons' language from the locale: `zh` when LC_ALL, LC_MESSAGES or LANG (the first
    /// set) names Chinese (`zh_CN.UTF-8`), else `en`.
    static var localeLanguage: String {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap { environment($0) }.first { !$0.isEmpty }
        return locale?.hasPrefix("zh") == true ? "zh" : "en"
    }

    /// A word for a notebook line: quoted when it holds a space (in single quotes when it holds
    /// a double quote; the notebook's words have no escapes).
    static func quoted(_ word: String) -> String {
        guard word.contains(where: { $0 == " " || $0 == "\"" || $0 == "'" }) else { return word }
        return word.contains("\"") ? "'" + word + "'" : "\"" + word + "\""
    }

    /// `GRADBOOK_THREADS=N`: the threads training uses (default: the processors this process
    /// may run on — its affinity mask and cgroup quota). A value that is not 1…256 is named on
    /// standard error and ignored.
    static func requestThreads() {
        guard let text = environment("GRADBOOK_THREADS") else { return }
        guard let count = Int(text), (1...256).contains(count) else {
            FileHandleOutput.error(
                "gradbook: GRADBOOK_THREADS=\(text) is not a number of threads 1…256; using \(Parallel.cores)\n")
            return
        }
        Parallel.request(threads: count)
    }

    /// `--max-memory SIZE`, else `GRADBOOK_MAX_MEMORY`: the session's memory limit. A value that
    /// is not a size, or too small to start with, is named on standard error and ignored.
    func limitMemory() {
        guard let text = maxMemory ?? Setup.environment("GRADBOOK_MAX_MEMORY") else { return }
        let source = maxMemory == nil ? "GRADBOOK_MAX_MEMORY=" : "--max-memory "
        guard let bytes = MemoryLimit.parse(text) else {
            FileHandleOutput.error("gradbook: \(source)\(text) is not a size such as 512M or 1G; no memory limit\n")
            return
        }
        do throws(MemoryLimitError) { try MemoryLimit.set(bytes) } catch {
            FileHandleOutput.error("gradbook: \(source)\(text): \(error); no memory limit\n")
        }
    }

    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Runs `notebook` on a terminal (line editing) or on `lines` / standard input (a transcript).
    func start(_ notebook: Notebook, script lines: [String]?) -> Int32 {
        var grade = Transcript.Grade()
        return start(notebook, script: lines, grade: &grade)
    }

    /// The same, tallying a transcript's checks and failed cells into `grade`.
    func start(_ notebook: Notebook, script lines: [String]?, grade: inout Transcript.Grade) -> Int32 {
        let interactive = lines == nil && isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0
        let color = !plain && !noColor && isatty(STDOUT_FILENO) != 0 && Setup.environment("NO_COLOR") == nil
        let trueColor = ["truecolor", "24bit"].contains(Setup.environment("COLORTERM")?.lowercased() ?? "")
        let renderer = TextRenderer(color: color, width: plain ? nil : Columns.current, trueColor: trueColor)
        // Long commands: live progress, and Ctrl-C stops them between batches instead of the process.
        Interrupts.install()
        notebook.interruptRequested = { Interrupts.take() }
        let progress = ProgressDisplay(
            live: !plain && isatty(STDOUT_FILENO) != 0, wraps: !plain, timed: !plain, renderer: renderer)
        notebook.redrawsPictures = progress.live
        notebook.progress = { event in
            guard case .outputs(let outputs) = event else { return progress.show(event) }
            progress.show(.finished)
            let text = outputs.map(renderer.render).filter { !$0.isEmpty }.joined(separator: "\n")
            if !text.isEmpty { print(text) }
        }
        guard interactive else {
            var reader = lines.map { StreamLineReader(lines: $0) } ?? StreamLineReader()
            return Transcript(notebook: notebook, renderer: renderer, bail: bail).run(&reader, grade: &grade)
        }
        let historyFile =
            Setup.environment("GRADBOOK_HISTORY") ?? (Setup.environment("HOME") ?? ".") + "/.gradbook_history"
        // Only a learner at a terminal has a place in the lessons to remember.
        notebook.session.bookmarks = LessonBookmarks(
            path: Setup.environment("GRADBOOK_LESSON_PROGRESS")
                ?? (Setup.environment("HOME") ?? ".") + "/.gradbook_lessons")
        guard let reader = EditLineReader(historyFile: historyFile, completer: notebook.completions) else {
            FileHandleOutput.error("gradbook: cannot open the terminal for line editing\n")
            return 1
        }
        print(
            renderer.wrap(
                "Gradbook — see how neural networks learn. 'help' lists commands, 'lesson 1' starts the first "
                    + "lesson, Ctrl-D leaves."))
        let terminal = Terminal(notebook: notebook, reader: reader, renderer: renderer)
        // Outputs delivered while a cell runs page their step-throughs too (`backward L --step; …`).
        notebook.progress = { event in
            guard case .outputs(let outputs) = event else { return progress.show(event) }
            progress.show(.finished)
            terminal.present(outputs)
        }
        return terminal.run()
    }
}

/// `gradbook`: the interactive notebook (or a script on standard input).
struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notebook",
        abstract: "The interactive notebook; a script when standard input is not a terminal (the default)."
    )

    @OptionGroup var setup: Setup

    func run() throws {
        let status = setup.start(setup.notebook(), script: nil)
        if status != 0 { throw ExitCode(status) }
    }
}

/// `gradbook run FILE …`: scripts or notebooks, each printed as an In/Out transcript in a
/// session of its own; a file with checks ends with its tally, and several files with a table a
/// teacher can grade from.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run scripts or notebooks (.ipynb), printing each In/Out transcript and a tally of its checks.")

    @Argument(
        help: ArgumentHelp(
            "The scripts: one notebook line per line; or Jupyter notebooks (.ipynb), one cell per code cell. Each "
                + "runs in a fresh session.",
            valueName: "FILE"))
    var files: [String]

    @OptionGroup var setup: Setup

    func run() throws {
        var rows: [(file: String, grade: Transcript.Grade?, status: Int32)] = []
        for file in files {
            if files.count > 1 { print("== \(file)") }
            guard let lines = Run.lines(of: file) else {
                rows.append((file, nil, 2))
                continue
            }
            var grade = Transcript.Grade()
            let status = setup.start(setup.notebook(), script: lines, grade: &grade)
            if grade.passed + grade.failed + grade.skipped > 0 { print(grade.summary) }
            rows.append((file, grade, status))
            if status != 0, setup.bail { break }
        }
        if files.count > 1 {
            let width = min(max(rows.map(\.file.count).max() ?? 4, 4), 60)
            print(
                "\n" + "file".padding(toLength: width, withPad: " ", startingAt: 0)
                    + "  passed  failed  skipped  errors")
            for row in rows {
                let name = row.file.padding(toLength: width, withPad: " ", startingAt: 0)
                guard let grade = row.grade else {
                    print(name + "  (could not be read)")
                    continue
                }
                print(
                    name + "  "
                        + [(grade.passed, 6), (grade.failed, 6), (grade.skipped, 7), (grade.errors, 6)].map {
                            String(repeating: " ", count: max(0, $1 - String($0).count)) + String($0)
                        }.joined(separator: "  "))
            }
        }
        let worst = rows.map(\.status).max() ?? 0
        if worst != 0 { throw ExitCode(worst) }
    }

    /// The lines of a script, or the code cells of a notebook; nil after saying why not.
    static func lines(of file: String) -> [String]? {
        let text: String
        switch FileHandleOutput.readScript(file) {
        case .success(let contents): text = contents
        case .failure(let error):
            FileHandleOutput.error("gradbook: cannot run \(file): \(error.reason)\n")
            return nil
        }
        if file.lowercased().hasSuffix(".md") {
            FileHandleOutput.error(
                "gradbook: \(file) is a Markdown transcript, for reading; run the notebook (.ipynb) or a script\n")
            return nil
        }
        guard file.lowercased().hasSuffix(".ipynb") else {
            return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        do throws(NotebookError) {
            return try NotebookDocument.codeCells(ipynb: Array(text.utf8), path: file)
        } catch {
            FileHandleOutput.error("gradbook: cannot run \(error.description)\n")
            return nil
        }
    }
}

/// `gradbook lesson export N FILE.ipynb | all DIR`: the notebook's `lesson export`, from the shell.
struct LessonExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Export lessons as Jupyter notebooks: lesson export N FILE.ipynb, or lesson export all DIR.")

    @Argument(help: ArgumentHelp("export N FILE.ipynb | export all DIR", valueName: "WORDS"))
    var words: [String]

    @Flag(help: "Fill the prediction cells with the reference answers.")
    var answers = false

    @OptionGroup var setup: Setup

    func run() throws {
        guard words.first == "export" else {
            throw ValidationError("from the shell, 'gradbook lesson' exports: gradbook lesson export N FILE.ipynb")
        }
        let line = "lesson " + words.map(Setup.quoted).joined(separator: " ") + (answers ? " --answers" : "")
        guard let cell = setup.notebook().execute(line) else { return }
        for output in cell.outputs {
            if case .error(let error) = output { throw ValidationError(error.description) }
            print(TextRenderer().render(output))
        }
    }
}

/// `gradbook help [TOPIC]`: the notebook's commands, one of them, or a subcommand's usage;
/// `--markdown` writes the README's command reference.
struct Reference: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "help",
        abstract:
            "List the notebook's commands, explain one (or a subcommand); --markdown writes the README's command "
            + "reference."
    )

    @Argument(
        help: ArgumentHelp(
            "A notebook command and form (train, compile adam, data moons), a function (tanh), or a subcommand (run).",
            valueName: "TOPIC"))
    var topic: [String] = []

    @Flag(help: "The full reference in Markdown: every command, its options, defaults and examples.")
    var markdown = false

    func run() throws {
        let registry = Notebook().registry
        if markdown {
            guard topic.isEmpty else {
                throw ValidationError(
                    "--markdown prints the whole reference: leave out '\(topic.joined(separator: " "))'")
            }
            print(registry.markdownReference(), terminator: "")
        } else if let first = topic.first {
            switch first {
            case "run": print(Gradbook.helpMessage(for: Run.self))
            case "notebook": print(Gradbook.helpMessage(for: Start.self))
            case "kernel":
                switch topic.dropFirst().first {
                case nil: print(Gradbook.helpMessage(for: KernelCommand.self))
                case "install": print(Gradbook.helpMessage(for: KernelCommand.Install.self))
                case "serve": print(Gradbook.helpMessage(for: KernelCommand.Serve.self))
                case let other?: throw ValidationError("'gradbook kernel' has install and serve, not '\(other)'")
                }
            case "lesson" where topic.dropFirst().first == "export": print(Gradbook.helpMessage(for: LessonExport.self))
            default:
                // The notebook's own `help`, so both say the same.
                guard let cell = Notebook().execute("help " + topic.joined(separator: " ")) else { return }
                for output in cell.outputs {
                    if case .error(let error) = output { throw ValidationError(error.description) }
                    print(TextRenderer().render(output))
                }
            }
        } else {
            let width = registry.commands.map(\.name.count).max() ?? 0
            print("Gradbook — " + (Gradbook.configuration.abstract) + "\n")
            print(
                "  gradbook [--lessons DIR] [--data DIR] [--no-color]   the notebook (a script when stdin is not a "
                    + "terminal)"
            )
            print("  gradbook run FILE [--bail]                           a script or .ipynb, as an In/Out transcript")
            print("  gradbook kernel install [--user | --prefix DIR]      the Jupyter kernel (JupyterLab, nbclient)")
            print("  gradbook lesson export N FILE.ipynb | all DIR        lessons as Jupyter notebooks")
            print(
                "  gradbook help [COMMAND] [--markdown]                 this list, one command, or the Markdown "
                    + "reference\n"
            )
            print("Commands inside the notebook:")
            for command in registry.commands {
                print(
                    "  " + command.name + String(repeating: " ", count: width - command.name.count) + "  "
                        + command.abstract)
            }
        }
    }
}
