// The gradbook executable: parse flags, pick a line reader, hand lines to the notebook.
// All behaviour lives in the Notebook library; this file only wires it to a terminal.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LineEditing
import Notebook

let options: Options
do {
    options = try Options(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandleOutput.error("gradbook: \(error.message)\n\n\(Options.usage)\n")
    exit(2)
}
if options.help {
    print(Options.usage)
    exit(0)
}

let lessons = LessonLibrary(directory: LessonLibrary.locate(explicit: options.lessons))
let notebook = Notebook(session: Session(lessons: lessons, dataDirectory: options.data))

var scriptLines: [String]?
if let path = options.script {
    let text: String
    switch FileHandleOutput.readScript(path) {
    case .success(let contents): text = contents
    case .failure(let error):
        FileHandleOutput.error("gradbook: cannot run \(path): \(error.reason)\n")
        exit(2)
    }
    scriptLines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}

let interactive = scriptLines == nil && isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0
let color = !options.noColor && isatty(STDOUT_FILENO) != 0 && getenv("NO_COLOR") == nil
let renderer = TextRenderer(color: color)

// Long commands: live progress, and Ctrl-C stops them between batches instead of the process.
Interrupts.install()
notebook.interruptRequested = { Interrupts.take() }
let progress = ProgressDisplay(live: isatty(STDOUT_FILENO) != 0)
notebook.progress = { progress.show($0) }

if interactive {
    let home = getenv("HOME").map { String(cString: $0) } ?? "."
    let historyFile = getenv("GRADBOOK_HISTORY").map { String(cString: $0) } ?? home + "/.gradbook_history"
    guard let reader = EditLineReader(historyFile: historyFile, completer: notebook.completions) else {
        FileHandleOutput.error("gradbook: cannot open the terminal for line editing\n")
        exit(1)
    }
    print("Gradbook — see how neural networks learn. 'help' lists commands, 'lesson 1' starts the first lesson, Ctrl-D leaves.")
    exit(Terminal(notebook: notebook, reader: reader, renderer: renderer).run())
} else {
    var reader = scriptLines.map { StreamLineReader(lines: $0) } ?? StreamLineReader()
    exit(Transcript(notebook: notebook, renderer: renderer, bail: options.bail).run(&reader))
}
