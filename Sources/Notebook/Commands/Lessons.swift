import Explain
import Foundation
import Lessons
import Rendering
import Session

extension Command {
    /// `lesson [N]`: list the lessons or start one.
    static let lesson = Command(
        name: "lesson",
        aliases: ["lessons"],
        abstract: "List the guided lessons, or start lesson N",
        usage: "lesson [N [restart]] [lang=en|zh] | lesson export N FILE.ipynb | lesson export all DIR [--answers]",
        examples: [
            "lesson", "lesson 1", "lesson 1 restart", "lesson export 7 mnist.ipynb", "lesson export all lessons",
        ],
        discussion:
            "In a lesson: 'run' runs the current step's cells and checks (and first any earlier step's cells that have "
            + "not run in this session), 'next' and 'back' move between steps. The cells are ordinary input: type "
            + "them yourself if you like. In the terminal your place in each lesson is remembered between sessions "
            + "(~/.gradbook_lessons, or $GRADBOOK_LESSON_PROGRESS): 'lesson N' resumes there, 'lesson N restart' "
            + "starts over. 'lesson export' writes lessons as Jupyter notebooks (prose, cells, and checks as "
            + "'check' cells) to open with the Gradbook kernel; a step that asks for predictions gets a cell of "
            + "'guess = ?' to fill in (--answers: the reference answers). lang=zh: the lesson in Simplified Chinese "
            + "(the same cells and checks; the default follows --lang or the locale, LANG=zh_CN.UTF-8).",
        options: [
            .flag("answers", "lesson export: fill the prediction cells with the reference answers"),
            .choice("lang", LessonLibrary.languages, "the language of the lesson's prose"),
        ],
        positionals: 0...3,
        firstWords: lessonWords
    ) { invocation throws(NotebookError) in
        let library = invocation.session.lessons
        if invocation.positionals.first == "export" { return try exportLessons(invocation) }
        if invocation.options.flag("answers") {
            throw invocation.command.usageError("--answers is an option of 'lesson export'")
        }
        guard let word = invocation.positionals.first else {
            guard !library.lessons.isEmpty else {
                throw .precondition(
                    "no lessons found (looked for a Lessons directory; set GRADBOOK_LESSONS or pass --lessons DIR)")
            }
            let marks = invocation.session.bookmarks?.steps ?? [:]
            // The bookmark column only when a place was remembered: the titles get the width.
            let rows = library.lessons.map { lesson in
                [String(lesson.number), lesson.shortTitle, String(lesson.sections.count)]
                    + (marks.isEmpty ? [] : [marks[lesson.number].map { "step \($0)" } ?? ""])
            }
            return Reply([
                .table(
                    Table(
                        headers: ["#", "lesson", "steps"] + (marks.isEmpty ? [] : ["you were at"]), rows: rows,
                        alignments: [.right, .left, .right, .left])),
                .text("start one with: lesson N"),
            ])
        }
        guard let number = Int(word) else {
            throw invocation.command.usageError("N must be a lesson number, got '\(word)'")
        }
        let language = invocation.options.text("lang") ?? invocation.session.language
        guard let lesson = library.lesson(number, language: language) else {
            let available = library.lessons.map { String($0.number) }.joined(separator: ", ")
            throw .precondition("there is no lesson \(number)" + (available.isEmpty ? "" : "; lessons: \(available)"))
        }
        let restart = invocation.positionals.count > 1
        if restart, invocation.positionals[1] != "restart" || invocation.positionals.count > 2 {
            throw invocation.command.usageError(
                "expected 'lesson \(number) restart', got '\(invocation.positionals[1])'")
        }
        let saved = restart ? nil : invocation.session.bookmarks?.steps[number]
        let start = saved.map { min(max($0, 1), lesson.sections.count) - 1 } ?? 0
        let progress = LessonProgress(lesson: lesson, section: start, language: lesson.language)
        invocation.session.lessonProgress = progress
        var text = "\(lesson.title)\n"
        if language == "zh", lesson.language != language {
            text += "（第 \(number) 课还没有中文版，以下是英文原文。）\n"
        }
        if !lesson.introduction.isEmpty { text += "\n" + lesson.introduction + "\n" }
        if start > 0 {
            text +=
                "\nResuming at step \(start + 1) of \(lesson.sections.count), where you left off ('lesson \(number) "
                + "restart' starts over; 'run' first runs the earlier steps' cells).\n"
        }
        return Reply(
            [.text(text)] + sectionOutputs(lesson, start, words: progress.words) + invocation.session.bookmarkLesson())
    }
}
