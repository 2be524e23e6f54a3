import Explain
import Foundation

extension Command {
    /// `lesson [N]`: list the lessons or start one.
    static let lesson = Command(
        name: "lesson",
        aliases: ["lessons"],
        abstract: "List the guided lessons, or start lesson N",
        usage: "lesson [N]",
        examples: ["lesson", "lesson 1"],
        discussion:
            "In a lesson: 'run' runs the current step's cells and checks, 'next' and 'back' move between steps. The "
            + "cells are ordinary input: type them yourself if you like.",
        positionals: 0...1,
        firstWords: lessonNumbers
    ) { invocation throws(NotebookError) in
        let library = invocation.session.lessons
        guard let word = invocation.positionals.first else {
            guard !library.lessons.isEmpty else {
                throw .precondition(
                    "no lessons found (looked for a Lessons directory; set GRADBOOK_LESSONS or pass --lessons DIR)")
            }
            let rows = library.lessons.map { [String($0.number), $0.title, "\($0.sections.count) steps"] }
            return Reply([
                .table(Table(headers: ["#", "lesson", "length"], rows: rows, alignments: [.right, .left, .right])),
                .text("start one with: lesson N"),
            ])
        }
        guard let number = Int(word) else {
            throw invocation.command.usageError("N must be a lesson number, got '\(word)'")
        }
        guard let lesson = library.lessons.first(where: { $0.number == number }) else {
            let available = library.lessons.map { String($0.number) }.joined(separator: ", ")
            throw .precondition("there is no lesson \(number)" + (available.isEmpty ? "" : "; lessons: \(available)"))
        }
        invocation.session.lessonProgress = LessonProgress(lesson: lesson, section: 0)
        var text = "\(lesson.title)\n"
        if !lesson.introduction.isEmpty { text += "\n" + lesson.introduction + "\n" }
        return Reply([.text(text)] + sectionOutputs(lesson, 0))
    }
}
