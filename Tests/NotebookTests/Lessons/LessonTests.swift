import Lessons
import Rendering
import Session
import TestSupport
import Testing

@testable import Notebook

@Suite struct LessonTests {
    @Test func parsesSectionsCellsAndChecks() {
        let lesson = Lesson(
            number: 7,
            markdown: """
                # Lesson 7 — Title

                Intro text.

                ## First
                Some prose.

                ```gradbook
                a = 1
                b = a + 1
                ```

                ```check
                b == 2
                ```

                ## Second
                More prose with `code`.

                ```text
                an illustration
                ```
                """)
        #expect(lesson.title == "Lesson 7 — Title")
        #expect(lesson.introduction == "Intro text.")
        #expect(lesson.sections.map(\.heading) == ["First", "Second"])
        #expect(lesson.sections[0].cells == ["a = 1", "b = a + 1"])
        #expect(lesson.sections[0].checks == ["b == 2"])
        #expect(lesson.sections[1].prose.contains("an illustration"))
    }

    /// Every lesson in Lessons/ runs from start to end with every check passing and no error.
    static let shipped = LessonLibrary(directory: packageRoot() + "/Lessons")

    /// The curriculum is thirteen lessons, numbered without gaps.
    @Test func thirteenLessonsShip() {
        #expect(Self.shipped.lessons.map(\.number) == Array(1...14))
    }

    /// Each lesson in Lessons/ runs from start to end with every check passing and no error
    /// (one test per lesson, so they run side by side).
    @Test(arguments: shipped.lessons.map(\.number))
    func shippedLessonPassesItsOwnChecks(_ number: Int) throws {
        let library = Self.shipped
        let lesson = try #require(library.lessons.first { $0.number == number })
        // Lessons that load MNIST read the small fixture here (a learner's `data mnist`
        // reads the full set from their data directory).
        let notebook = Notebook(session: Session(lessons: library, dataDirectory: Fixtures.mnistSmall))
        let started = LiveProgress.now()
        var outputs = notebook.execute("lesson \(lesson.number)")?.outputs ?? []
        for index in lesson.sections.indices {
            if index > 0 { outputs += notebook.execute("next")?.outputs ?? [] }
            // The learner's predictions, typed before running: the reference answers.
            for line in lesson.sections[index].predictions { outputs += notebook.execute(line)?.outputs ?? [] }
            outputs += notebook.execute("run")?.outputs ?? []
        }
        var checks = 0
        for output in outputs {
            switch output {
            case .error(let error): Issue.record("lesson \(lesson.number): \(error)")
            case .check(let passed, let message):
                checks += 1
                #expect(passed, "lesson \(lesson.number): \(message)")
            default: break
            }
        }
        #expect(checks > 0, "lesson \(lesson.number) checks nothing")
        print("lesson \(lesson.number): \(checks) checks in \(Int((LiveProgress.now() - started) * 1000)) ms")
    }

    @Test func navigationErrorsAreClear() {
        let library = LessonLibrary(directory: packageRoot() + "/Lessons")
        let notebook = Notebook(session: Session(lessons: library))
        let render = { (line: String) in TextRenderer().render(notebook.execute(line)!) }
        #expect(render("next").contains("no lesson in progress"))
        #expect(render("lesson 99").contains("there is no lesson 99"))
        #expect(render("lesson").contains("Derivatives, the chain rule"))
        _ = render("lesson 1")
        #expect(render("back") == "this is the first step of Lesson 1 — Derivatives, the chain rule, and one neuron")
    }

    /// A step that uses the learner's answer asks for it before running anything.
    @Test func aStepAsksForItsPredictionFirst() throws {
        let notebook = Notebook(session: Session(lessons: Self.shipped))
        _ = notebook.execute("lesson 1")
        for _ in 0..<3 { _ = notebook.execute("next") }
        let said = TextRenderer().render(try #require(notebook.execute("run")))
        #expect(said.contains("this step needs your answer first: type guess = <your number>"), "\(said)")
        _ = notebook.execute("guess = 6")
        #expect(!TextRenderer().render(try #require(notebook.execute("run"))).contains("Error"))
    }

    @Test func failingCheckShowsBothNumbers() {
        let notebook = Notebook()
        _ = notebook.execute("a = 2")
        #expect(TextRenderer().render(notebook.execute("check a*3 == 7")!) == "✗ a*3 = 6.0 == 7 does not hold")
        #expect(TextRenderer().render(notebook.execute("check a*3 == 6")!) == "✓ a*3 = 6.0 == 6")
    }

    /// Prose paragraphs and list items are reflowed to one line each (the renderer wraps them
    /// to the terminal); blank lines, list items and indented code keep their lines.
    @Test func proseIsReflowed() {
        let prose =
            "A paragraph broken\nin the source.\n\n\n\n- an item\n  continued\n- another\n\n    code stays\n\n"
        #expect(
            Lesson.reflowed(prose)
                == "A paragraph broken in the source.\n\n- an item continued\n- another\n\n    code stays")
    }
}
