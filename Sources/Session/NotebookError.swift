import Datasets
import Explain
import Files
import Limits
import Operations
import Optimizers
import ScalarGrad
import Syntax
import TensorGrad

/// Everything a user's input can get wrong, naming the offending value.
/// The session is never changed by a statement that fails.
public enum NotebookError: Error, CustomStringConvertible {
    /// A syntax error; `source` is the statement text for the caret display.
    case syntax(ParseError, source: String)
    /// A name that is not defined, with the closest existing name if one is near.
    case unknownName(String, suggestion: String?)
    case unknownFunction(String, suggestion: String?)
    case unknownCommand(String, suggestion: String?)
    /// A mathematical operation without a real result (log of a negative, division by zero).
    case domain(String)
    /// A value of the wrong kind for an operation.
    case type(String)
    /// A command was called with arguments it does not accept.
    case usage(command: String, message: String, usage: String)
    /// An operation that needs something the session does not have yet.
    case precondition(String)
    /// A tensor operation was given shapes or arguments it cannot use.
    case tensor(TensorError)
    /// A file could not be read or written.
    case file(path: String, reason: String)
    /// A number outside the range its use allows (a count, a size, an index).
    case range(RangeError)
    /// An optimizer, schedule or clipping setting out of range.
    case optimizer(OptimizerError)
    /// An elementwise operation given parameters it cannot take.
    case operation(OperationError)
    /// A data set that cannot be split or used as asked.
    case dataset(DatasetError)
    /// Ctrl-C (an interrupt request): the command stopped where it was, and the rest of the cell
    /// (and of a lesson's `run`) did not run. IPython's KeyboardInterrupt.
    case interrupted(String)

    public var description: String {
        switch self {
        case .syntax(let error, _): "syntax error: \(error.message)"
        case .unknownName(let name, let suggestion): "name '\(name)' is not defined" + hint(suggestion)
        case .unknownFunction(let name, let suggestion): "no function '\(name)'" + hint(suggestion)
        case .unknownCommand(let name, let suggestion):
            "no command '\(name)'" + (suggestion == nil ? " (help lists the commands)" : hint(suggestion))
        case .domain(let reason): reason
        case .type(let reason): reason
        case .usage(let command, let message, let usage): "\(command): \(message)\nusage: \(usage)"
        case .precondition(let reason): reason
        case .file(let path, let reason): "\(path): \(reason)"
        case .tensor(let error): error.description
        case .range(let error): error.description
        case .optimizer(let error): error.description
        case .operation(let error): error.description
        case .dataset(let error): error.description
        case .interrupted(let reason): reason
        }
    }

    private func hint(_ suggestion: String?) -> String {
        suggestion.map { " — did you mean '\($0)'?" } ?? ""
    }

    /// A file that could not be read or written.
    package init(_ error: FileError) { self = .file(path: error.path, reason: error.reason) }

    package init(_ error: ScalarError) {
        switch error {
        case .domain(let reason): self = .domain(reason)
        case .arity: self = .type(error.description)
        }
    }
}
