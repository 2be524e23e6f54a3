import Foundation
import Rendering
import Session

/// A prediction not typed yet: `guess = ?`, as an exported lesson notebook has it. The cell
/// says what to do instead of failing, and what uses the name is skipped (with a note) until
/// the learner types a number, so the notebook still runs headless from top to bottom.
package enum Placeholder {
    /// The name in `name = ?`, else nil.
    static func name(in line: String) -> String? {
        let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, parts[1] == "?", let first = parts[0].first, first.isLetter || first == "_",
            parts[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
        else { return nil }
        return parts[0]
    }

    static func note(for name: String) -> String {
        "\(name) = ?: your prediction is not typed yet — put your number in place of ? and run this cell again "
            + "(what uses \(name) is skipped until then)"
    }

    /// What a statement or check that needs an untyped prediction says instead of an error.
    static func skipped(_ name: String) -> String {
        skippedPrefix + "\(name), which is still ? (type it above and run that cell)"
    }
    private static let skippedPrefix = "skipped: this uses your prediction "

    /// Whether `output` is such a note: a grader counts them (a notebook left blank passes no
    /// check and fails none).
    package static func isSkipped(_ output: Output) -> Bool {
        if case .text(let text) = output { text.hasPrefix(skippedPrefix) } else { false }
    }

    /// The untyped prediction an error is about, if it is one.
    static func untyped(_ error: NotebookError, session: Session) -> String? {
        guard case .unknownName(let name, _) = error, session.untypedPredictions.contains(name) else { return nil }
        return name
    }
}
