import Explain
import Files
import Foundation
import Lessons
import Rendering
import Session

/// What the lesson commands share.
extension Command {
    static func sectionOutputs(_ lesson: Lesson, _ index: Int, words: LessonWords = LessonWords("en")) -> [Output] {
        let section = lesson.sections[index]
        var text = words.step(index, of: lesson.sections.count, section.heading) + "\n"
        if !section.prose.isEmpty { text += section.prose + "\n" }
        if !section.predictionNames.isEmpty { text += "\n" + words.predictFirst(section.predictionNames) + "\n" }
        if !section.cells.isEmpty {
            text += "\n" + words.cells + "\n" + section.cells.map { "    » " + $0 }.joined(separator: "\n")
        }
        return [.text(text)]
    }

    static func moveLesson(_ invocation: Invocation, by offset: Int) throws(NotebookError) -> Reply {
        guard var progress = invocation.session.lessonProgress else {
            throw .precondition("no lesson in progress: start one with 'lesson 1' (list them with 'lesson')")
        }
        let target = progress.section + offset
        guard progress.lesson.sections.indices.contains(target) else {
            // Either end of a lesson is not an error (a script goes on).
            guard offset > 0 else { return Reply([.text("this is the first step of \(progress.lesson.title)")]) }
            // The end of a lesson is not an error (a script goes on): it names the next lesson.
            let next = invocation.session.lessons.lessons.first { $0.number > progress.lesson.number }
            return Reply([
                .text(
                    "this is the last step of \(progress.lesson.title)"
                        + (next.map { ": 'lesson \($0.number)' starts the next, \($0.title)" } ?? ": the last lesson"))
            ])
        }
        progress.section = target
        invocation.session.lessonProgress = progress
        let saved = invocation.session.bookmarkLesson()
        return Reply(sectionOutputs(progress.lesson, target, words: progress.words) + saved)
    }

    /// Checks one claim (`Expectation`) and reports whether it held, with the numbers.
    static func check(_ line: String, notebook: Notebook) -> Output {
        let section = notebook.session.lessonProgress.map { $0.lesson.sections[$0.section] }
        let predictions = section?.predictionNames ?? []
        let usedByCells = predictions.filter { name in
            section?.cells.contains { Expectation.mentions(name, in: $0) } == true
        }
        do throws(NotebookError) {
            return try Expectation(line).check(notebook, predictions: predictions, usedByCells: usedByCells)
        } catch {
            return .check(passed: false, message: "malformed check '\(line)': \(error)")
        }
    }
}

extension Session {
    /// Saves the current lesson step as a bookmark; a failure is a warning, never an error.
    func bookmarkLesson() -> [Output] {
        guard var marks = bookmarks, let progress = lessonProgress else { return [] }
        do throws(FileError) {
            try marks.record(lesson: progress.lesson.number, step: progress.section + 1)
            bookmarks = marks
            return []
        } catch {
            return [.warning("your place in the lesson was not saved: \(error)")]
        }
    }
}
