import Foundation
import Lessons
import Rendering
import Session

extension Lesson {
    /// The lesson as a notebook: the introduction and each step's prose as Markdown cells; a
    /// step's input as one code cell, its checks as another (`check …` lines). A step that
    /// asks for predictions gets a cell to type them in first: `guess = ?` to fill in, or
    /// with `answers`, the reference answers (what CI runs).
    public func notebook(answers: Bool, language: String = "en") -> NotebookDocument {
        let words = LessonWords(language)
        var cells: [NotebookDocument.Cell] = [
            .markdown("# \(title)" + (introduction.isEmpty ? "" : "\n\n" + introduction))
        ]
        for (index, section) in sections.enumerated() {
            cells.append(
                .markdown(
                    words.notebookStep(index, of: sections.count, section.heading)
                        + (section.prose.isEmpty ? "" : "\n\n" + section.prose)))
            if !section.predictions.isEmpty {
                let source =
                    answers
                    ? section.predictions.joined(separator: "\n")
                    : words.predictionCell + "\n"
                        + section.predictionNames.map { "\($0) = ?" }.joined(separator: "\n")
                cells.append(.code(source: source, executionCount: nil, outputs: [], result: nil))
            }
            if !section.cells.isEmpty {
                cells.append(
                    .code(source: section.cells.joined(separator: "\n"), executionCount: nil, outputs: [], result: nil))
            }
            if !section.checks.isEmpty {
                cells.append(
                    .code(
                        source: section.checks.map { "check " + $0 }.joined(separator: "\n"), executionCount: nil,
                        outputs: [], result: nil))
            }
        }
        return NotebookDocument(cells: cells)
    }

    /// `lesson-07.ipynb`: the file name `lesson export all` gives each lesson.
    package var notebookFileName: String { "lesson-" + (number < 10 ? "0" : "") + "\(number).ipynb" }
}

extension Command {
    /// `lesson export N FILE.ipynb` / `lesson export all DIR`.
    static func exportLessons(_ invocation: Invocation) throws(NotebookError) -> Reply {
        let words = invocation.positionals
        let library = invocation.session.lessons
        guard words.count == 3 else {
            throw invocation.command.usageError("expected 'lesson export N FILE.ipynb' or 'lesson export all DIR'")
        }
        let answers = invocation.options.flag("answers")
        let language = invocation.options.text("lang") ?? invocation.session.language
        let target = invocation.session.expandingHome(words[2])
        if words[1] == "all" {
            guard !library.lessons.isEmpty else { throw .precondition("no lessons found to export") }
            do {
                try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
            } catch {
                throw .file(path: target, reason: "cannot make the directory: \(error.localizedDescription)")
            }
            for lesson in library.lessons.compactMap({ library.lesson($0.number, language: language) }) {
                let path = target + "/" + lesson.notebookFileName
                try writeText(
                    try lesson.notebook(answers: answers, language: lesson.language).text(for: path), to: path)
            }
            return Reply([.text("exported \(library.lessons.count) lessons to \(target)/ (lesson-01.ipynb, …)")])
        }
        guard let number = Int(words[1]), let lesson = library.lesson(number, language: language) else {
            let available = library.lessons.map { String($0.number) }.joined(separator: ", ")
            throw .precondition("there is no lesson \(words[1]); lessons: \(available), or 'all'")
        }
        guard target.lowercased().hasSuffix(".ipynb") else {
            throw .file(path: target, reason: "a lesson is exported as a notebook: give a FILE.ipynb")
        }
        try writeText(try lesson.notebook(answers: answers, language: lesson.language).text(for: target), to: target)
        return Reply([.text("exported lesson \(number) (\(lesson.sections.count) steps) to \(target)")])
    }
}
