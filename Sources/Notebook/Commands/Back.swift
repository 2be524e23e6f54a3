import Explain
import Foundation
import Session

extension Command {
    /// `back`: the previous step of the lesson.
    static let back = Command(
        name: "back",
        abstract: "Go back to the previous step of the current lesson",
        usage: "back",
        positionals: 0...0
    ) { invocation throws(NotebookError) in
        try moveLesson(invocation, by: -1)
    }
}
