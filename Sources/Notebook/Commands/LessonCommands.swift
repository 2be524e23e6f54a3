extension Command {
    /// `lesson [N]`: list the lessons or start one.
    static let lesson = Command(
        name: "lesson",
        aliases: ["lessons"],
        abstract: "List the guided lessons, or start lesson N",
        usage: "lesson [N]",
        examples: ["lesson", "lesson 1"],
        discussion: "In a lesson: 'run' runs the current step's cells and checks, 'next' and 'back' move between steps. The cells are ordinary input: type them yourself if you like.",
        firstWords: { session in session.lessons.lessons.map { String($0.number) } }
    ) { invocation throws(NotebookError) in
        let library = invocation.session.lessons
        guard let word = invocation.positionals.first else {
            guard !library.lessons.isEmpty else {
                throw .precondition("no lessons found (looked for a Lessons directory; set GRADBOOK_LESSONS or pass --lessons DIR)")
            }
            let rows = library.lessons.map { [String($0.number), $0.title, "\($0.sections.count) steps"] }
            return Reply([.table(Table(headers: ["#", "lesson", "length"], rows: rows, alignments: [.right, .left, .right])),
                          .text("start one with: lesson N")])
        }
        guard let number = Int(word) else { throw invocation.command.usageError("N must be a lesson number, got '\(word)'") }
        guard let lesson = library.lessons.first(where: { $0.number == number }) else {
            let available = library.lessons.map { String($0.number) }.joined(separator: ", ")
            throw .precondition("there is no lesson \(number)" + (available.isEmpty ? "" : "; lessons: \(available)"))
        }
        invocation.session.lessonProgress = LessonProgress(lesson: lesson, section: 0)
        var text = "\(lesson.title)\n"
        if !lesson.introduction.isEmpty { text += "\n" + lesson.introduction + "\n" }
        return Reply([.text(text)] + sectionOutputs(lesson, 0))
    }

    /// `next`: the next step of the lesson.
    static let next = Command(
        name: "next",
        abstract: "Go to the next step of the current lesson",
        usage: "next"
    ) { invocation throws(NotebookError) in
        try moveLesson(invocation, by: 1)
    }

    /// `back`: the previous step of the lesson.
    static let back = Command(
        name: "back",
        abstract: "Go back to the previous step of the current lesson",
        usage: "back"
    ) { invocation throws(NotebookError) in
        try moveLesson(invocation, by: -1)
    }

    /// `run`: run the current step's cells, then its checks.
    static let run = Command(
        name: "run",
        abstract: "Run the cells of the current lesson step, then check the results",
        usage: "run"
    ) { invocation throws(NotebookError) in
        guard let progress = invocation.session.lessonProgress else {
            throw .precondition("no lesson in progress: start one with 'lesson 1' (list them with 'lesson')")
        }
        let section = progress.lesson.sections[progress.section]
        let last = progress.section == progress.lesson.sections.count - 1
        guard !section.cells.isEmpty || !section.checks.isEmpty else {
            return Reply([.text(last ? "this step has nothing to run: it is the end of the lesson" : "this step has nothing to run; type 'next' to go on")])
        }
        var outputs: [Output] = []
        for line in section.cells {
            outputs.append(.text("» " + line))
            let result = invocation.notebook.evaluate(line)
            outputs += result.outputs
            if let object = result.value {
                outputs.append(.text(result.display ?? object.display))
                invocation.session.lastOutput = object  // so a check can read `_`
            }
            if result.outputs.contains(where: { if case .error = $0 { true } else { false } }) { break }
        }
        for line in section.checks {
            outputs.append(check(line, notebook: invocation.notebook))
        }
        outputs.append(.text(last ? "(end of the lesson: 'lesson' lists the others)" : "(type 'next' to continue)"))
        return Reply(outputs)
    }

    /// `check EXPR == EXPECTED`: verify a value, as lessons do.
    static let check = Command(
        name: "check",
        abstract: "Check that an expression has the expected value (to 1e-4 relative)",
        usage: "check EXPR == EXPECTED",
        examples: ["check a.grad == 6", "check o == 0.7071"],
        parsing: .raw("the text is an expression")
    ) { invocation throws(NotebookError) in
        guard invocation.arguments.text.contains("==") else { throw invocation.command.usageError("expected EXPR == EXPECTED") }
        return Reply([Command.check(invocation.arguments.text, notebook: invocation.notebook)])
    }

    private static func sectionOutputs(_ lesson: Lesson, _ index: Int) -> [Output] {
        let section = lesson.sections[index]
        var text = "── Step \(index + 1)/\(lesson.sections.count): \(section.heading) ──\n"
        if !section.prose.isEmpty { text += section.prose + "\n" }
        if !section.cells.isEmpty {
            text += "\nCells ('run' runs them, or type them yourself):\n" + section.cells.map { "    " + $0 }.joined(separator: "\n")
        }
        return [.text(text)]
    }

    private static func moveLesson(_ invocation: Invocation, by offset: Int) throws(NotebookError) -> Reply {
        guard var progress = invocation.session.lessonProgress else {
            throw .precondition("no lesson in progress: start one with 'lesson 1' (list them with 'lesson')")
        }
        let target = progress.section + offset
        guard progress.lesson.sections.indices.contains(target) else {
            throw .precondition(offset > 0 ? "this is the last step of \(progress.lesson.title)" : "this is the first step of \(progress.lesson.title)")
        }
        progress.section = target
        invocation.session.lessonProgress = progress
        return Reply(sectionOutputs(progress.lesson, target))
    }

    /// Evaluates `EXPR == EXPECTED` and reports whether it held, with both numbers.
    static func check(_ line: String, notebook: Notebook) -> Output {
        let sides = line.components(separatedBy: "==")
        guard sides.count == 2 else { return .check(passed: false, message: "malformed check '\(line)': expected EXPR == EXPECTED") }
        let (actualText, expectedText) = (sides[0].trimmingCharacters(in: " \t"), sides[1].trimmingCharacters(in: " \t"))
        do throws(NotebookError) {
            let actual = try scalarValue(actualText, notebook)
            let expected = try scalarValue(expectedText, notebook)
            let passed = abs(actual - expected) <= 1e-4 * max(1, abs(expected))
            let shown = "\(actualText) = \(NumberFormat.short(actual))"
            return .check(passed: passed, message: passed ? shown : "\(shown), expected \(NumberFormat.short(expected))")
        } catch {
            return .check(passed: false, message: "\(line): \(error)")
        }
    }

    private static func scalarValue(_ text: String, _ notebook: Notebook) throws(NotebookError) -> Double {
        let expr: Expr
        do { expr = try Parser.expression(text) } catch { throw .syntax(error, source: text) }
        var evaluator = Evaluator(session: notebook.session)
        let object = try evaluator.evaluate(expr)
        guard case .scalar(let value) = object else { throw .type("'\(text)' is a \(object.typeName), not a number") }
        return value.data
    }
}

import Explain
import Foundation
