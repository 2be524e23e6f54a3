import Explain
import Lessons
import Rendering
import Session
import Testing

@testable import Notebook

/// One lesson, two languages, the same cells (issue 22): a translation is prose only, with the
/// English lesson's steps in the same order (its exercises where the English ones are), so the
/// cells, predictions, checks and counterfactuals exist once; a translated lesson runs start to
/// end with every check passing and every step within a screen, and its text fits the terminal
/// by display width.
@Suite struct TranslationTests {
    static let library = LessonRunner.shipped
    static let chinese = (library.translations["zh"] ?? [:]).keys.sorted()

    /// Every lesson exists in both languages.
    @Test func everyLessonIsTranslated() {
        #expect(Self.chinese == Self.library.lessons.map(\.number), "Lessons/zh has lessons \(Self.chinese)")
    }

    @Test(arguments: chinese)
    func aTranslationIsProseOverTheSameSteps(_ number: Int) throws {
        let english = try #require(Self.library.lessons.first { $0.number == number })
        let translation = try #require(Self.library.translations["zh"]?[number])
        #expect(
            translation.hasNoCode, "lesson \(number) in Chinese has code of its own: the cells live in English only")
        #expect(
            translation.sections.count == english.sections.count,
            "lesson \(number): \(translation.sections.count) steps in Chinese, \(english.sections.count) in English")
        #expect(translation.sections.map(\.isExercise) == english.sections.map(\.isExercise))
        let translated = try #require(english.translated(by: translation))
        #expect(translated.sections.map(\.cells) == english.sections.map(\.cells))
        #expect(translated.sections.map(\.checks) == english.sections.map(\.checks))
        #expect(translated.sections.map(\.predictions) == english.sections.map(\.predictions))
        #expect(translated.sections.map(\.heading) == translation.sections.map(\.heading))
        // A step that exists in one language and not the other is refused, not shown.
        var shorter = translation
        shorter.sections.removeLast()
        #expect(english.translated(by: shorter) == nil)
    }

    @Test(arguments: chinese)
    func aChineseLessonPassesEveryCheck(_ number: Int) throws {
        let runner = try LessonRunner(number, language: "zh")
        for (index, result) in try runner.run().enumerated() {
            #expect(result.errors.isEmpty, "lesson \(number) step \(index + 1): \(result.errors)")
            let failed = result.outcomes.filter { !$0.passed }.map(\.message)
            #expect(failed.isEmpty, "lesson \(number) step \(index + 1): \(failed)")
            #expect(result.lines <= 60, "lesson \(number) step \(index + 1) prints \(result.lines) lines")
        }
    }

    @Test(arguments: [50, 80, 120])
    func chineseStepsFitTheTerminal(_ width: Int) throws {
        for number in Self.chinese {
            let notebook = Notebook(session: Session(lessons: Self.library))
            let cell = try #require(notebook.execute("lesson \(number) lang=zh"))
            let text = TextRenderer(width: width).render(cell)
            #expect(text.contains("第 1/"), "the step header in Chinese")
            for line in text.split(separator: "\n") {
                #expect(DisplayWidth.of(line) < width, "\(DisplayWidth.of(line)) columns at \(width): \(line)")
            }
        }
    }

    @Test func theLocaleAndTheOptionChooseTheLanguage() {
        let notebook = Notebook(session: Session(lessons: Self.library))
        let english = TextRenderer().render(
            notebook.execute("lesson 1") ?? Cell(number: 0, input: "", outputs: [], result: nil))
        #expect(english.contains("── Step 1/"))
        notebook.session.language = "zh"
        let chinese = TextRenderer().render(
            notebook.execute("lesson 1") ?? Cell(number: 0, input: "", outputs: [], result: nil))
        #expect(chinese.contains("── 第 1/") && chinese.contains("导数"))
        let override = TextRenderer().render(
            notebook.execute("lesson 1 lang=en") ?? Cell(number: 0, input: "", outputs: [], result: nil))
        #expect(override.contains("── Step 1/"))
    }

    /// `lesson export N F.ipynb lang=zh`: the notebook's headings and prediction cells in
    /// Chinese, its code cells the English lesson's; an untranslated lesson stays English and
    /// says so.
    @Test func exportsAndFallsBack() throws {
        let number = try #require(Self.chinese.first)
        let lesson = try #require(Self.library.lesson(number, language: "zh"))
        #expect(lesson.language == "zh")
        let document = lesson.notebook(answers: false, language: lesson.language)
        let text = try document.text(for: "lesson.ipynb")
        #expect(text.contains("## 第 1/") && !text.contains("## Step 1 of"))
        let english = try #require(Self.library.lessons.first { $0.number == number })
        for cell in english.sections.flatMap(\.cells) {
            #expect(text.contains(cell.replacingOccurrences(of: "\"", with: "\\\"")))
        }
        // A library with one translation missing: that lesson stays English.
        let untranslated = number
        var partial = Self.library.translations
        partial["zh"]?[untranslated] = nil
        let library = LessonLibrary(lessons: Self.library.lessons, translations: partial)
        #expect(library.lesson(untranslated, language: "zh")?.language == "en")
        let notebook = Notebook(session: Session(lessons: library))
        let said = TextRenderer().render(
            notebook.execute("lesson \(untranslated) lang=zh") ?? Cell(number: 0, input: "", outputs: [], result: nil))
        #expect(said.contains("还没有中文版") && said.contains("── Step 1/"))
    }
}
