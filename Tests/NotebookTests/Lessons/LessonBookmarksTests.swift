import Foundation
import Lessons
import Rendering
import Session
import TestSupport
import Testing

@testable import Notebook

/// A learner's place in each lesson survives the session; a resumed step runs the earlier
/// steps' cells first, so its own cells find what they build on.
@Suite struct LessonBookmarksTests {
    let library = LessonLibrary(directory: packageRoot() + "/Lessons")

    func notebook(_ path: String) -> Notebook {
        let notebook = Notebook(session: Session(lessons: library))
        notebook.session.bookmarks = LessonBookmarks(path: path)
        return notebook
    }

    func said(_ notebook: Notebook, _ line: String) -> String {
        TextRenderer().render(notebook.execute(line)!)
    }

    @Test func placesAreKeptAndResumedStepsRunWhatTheyNeed() throws {
        let path = NSTemporaryDirectory() + "gradbook-lessons-\(getpid())"
        try? FileManager.default.removeItem(atPath: path)
        defer { try? FileManager.default.removeItem(atPath: path) }

        let first = notebook(path)
        _ = first.execute("lesson 1")
        _ = first.execute("next")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "1 2\n")

        // A new session resumes at step 2; its `run` first runs step 1 (which defines x).
        let second = notebook(path)
        #expect(said(second, "lesson").contains("step 2"))
        #expect(said(second, "lesson 1").contains("Resuming at step 2 of"))
        let ran = said(second, "run")
        #expect(ran.contains("first running step 1, which this step builds on"), "\(ran)")
        #expect(ran.contains("✓ x.grad = 14.0 == 14") && !ran.contains("Error"), "\(ran)")
        #expect(said(second, "lesson 1 restart").contains("Step 1/"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "1 1\n")
        #expect(said(second, "lesson 1 again").contains("expected 'lesson 1 restart'"))
    }

    @Test func unreadableOrGarbledFilesAreAnEmptyRecord() throws {
        let path = NSTemporaryDirectory() + "gradbook-lessons-garbled-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "2 5\nnonsense\n3 -1\n1 99999999999999999999\n\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(LessonBookmarks(path: path).steps == [2: 5])
        #expect(LessonBookmarks(path: "/nonexistent/dir/file").steps.isEmpty)
        // A place that cannot be saved is a warning; the lesson goes on.
        let notebook = notebook("/nonexistent/dir/file")
        let started = said(notebook, "lesson 1")
        #expect(started.contains("Step 1/") && started.contains("Warning: your place in the lesson was not saved"))
    }
}
