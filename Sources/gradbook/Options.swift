#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The executable's command line.
struct Options {
    static let usage = """
        Gradbook — a notebook for seeing how neural networks learn.

        usage: gradbook [--lessons DIR] [--no-color]            interactive notebook (or a script on stdin)
               gradbook run FILE [--bail] [--lessons DIR]       run a script, printing the In/Out transcript

        options:
          --bail          stop at the first failing line (exit status 1)
          --lessons DIR   where the lessons are (default: $GRADBOOK_LESSONS, or ./Lessons)
          --data DIR      where 'data mnist' looks (default: $GRADBOOK_DATA, or ./data/mnist)
          --no-color      plain output (also when NO_COLOR is set or stdout is not a terminal)
          -h, --help      this text

        Inside: 'help' lists commands, 'lesson 1' starts the first lesson, Ctrl-D leaves.
        """

    var help = false
    var bail = false
    var noColor = false
    var lessons: String?
    var data: String?
    /// The script of `gradbook run FILE`.
    var script: String?

    /// Parses the arguments (without the program name); the error names the bad argument.
    init(_ arguments: [String]) throws(OptionsError) {
        var rest = arguments[...]
        while let word = rest.popFirst() {
            switch word {
            case "-h", "--help": help = true
            case "--bail": bail = true
            case "--no-color": noColor = true
            case "--lessons":
                guard let value = rest.popFirst() else { throw OptionsError(message: "--lessons needs a directory") }
                lessons = value
            case "--data":
                guard let value = rest.popFirst() else { throw OptionsError(message: "--data needs a directory") }
                data = value
            case "run":
                guard let value = rest.popFirst(), !value.hasPrefix("--") else { throw OptionsError(message: "run needs a FILE") }
                script = value
            default:
                throw OptionsError(message: "unknown argument '\(word)'")
            }
        }
    }
}

/// A command-line mistake, reported with the usage text.
struct OptionsError: Error {
    let message: String
}
