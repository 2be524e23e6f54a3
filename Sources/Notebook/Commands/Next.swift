import Explain
import Foundation
import Session

extension Command {
    /// `next`: the next step of the lesson.
    static let next = Command(
        name: "next",
        abstract: "Go to the next step of the current lesson",
        usage: "next",
        positionals: 0...0
    ) { invocation throws(NotebookError) in
        try moveLesson(invocation, by: 1)
    }
}
