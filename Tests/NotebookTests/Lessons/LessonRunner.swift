import Foundation
import Lessons
import Rendering
import Session
import TestSupport

@testable import Notebook

/// Runs a lesson as a learner would (`lesson N`, the predictions, `run`, `next`), on the MNIST
/// sample or the full set, under another seed or with a step changed, and reports each step's
/// check results. The lesson suites (every step under several seeds; every counterfactual) are
/// built on it.
struct LessonRunner {
    /// One check's outcome.
    struct Outcome {
        var check: String
        var passed: Bool
        var message: String
    }

    /// What running a step gave: its checks' outcomes, in the order of its `check` block, and
    /// every error shown.
    struct StepResult {
        var outcomes: [Outcome] = []
        var errors: [String] = []
        /// The lines the step prints in an 80-column terminal (its `run`).
        var lines = 0
        /// What it prints at 80 columns.
        var text = ""
    }

    static let shipped = LessonLibrary(directory: packageRoot() + "/Lessons")

    var lesson: Lesson
    var dataDirectory: String = Fixtures.mnistSmall
    /// 0: the lesson as shipped; k > 0: every `seed N` becomes `seed N + 1000·k`, and the session
    /// starts from seed k, so each random draw of the lesson is a different one.
    var seedShift: UInt64 = 0

    /// The language the lesson is taken in (its prose and the lesson commands' words).
    var language = "en"

    init(_ number: Int, language: String = "en", dataDirectory: String = Fixtures.mnistSmall, seedShift: UInt64 = 0)
        throws
    {
        guard let lesson = Self.shipped.lesson(number, language: language) else {
            throw RunnerError("no lesson \(number) in Lessons/")
        }
        self.lesson = lesson
        self.language = language
        self.dataDirectory = dataDirectory
        self.seedShift = seedShift
    }

    struct RunnerError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// `line` with its `seed N` moved by the shift.
    static func reseeded(_ line: String, shift: UInt64) -> String {
        guard shift > 0 else { return line }
        var words = line.components(separatedBy: " ")
        for index in words.indices.dropLast() where words[index] == "seed" {
            if let seed = UInt64(words[index + 1]) { words[index + 1] = String(seed + 1000 * shift) }
        }
        return words.joined(separator: " ")
    }

    /// The lesson with the seed shift applied and, if given, one step's counterfactual.
    func variant(counterfactual: (section: Int, change: Counterfactual)? = nil) throws -> Lesson {
        var lesson = self.lesson
        if let (index, change) = counterfactual {
            // The change applies to the step's cells and to the predictions typed up to it (a
            // prediction may be asked a step before the one that checks it).
            let earlier = (0..<index).flatMap { lesson.sections[$0].predictions }
            let section = lesson.sections[index]
            let lines = earlier + section.predictions + section.cells
            let (changed, unmatched) = change.apply(to: lines)
            guard unmatched.isEmpty else {
                throw RunnerError(
                    "lesson \(lesson.number), '\(section.heading)': counterfactual '\(change.label)' finds nothing to "
                        + "change: \(unmatched.joined(separator: ", "))")
            }
            guard changed != lines else {
                throw RunnerError("counterfactual '\(change.label)' changes nothing")
            }
            var position = 0
            for step in 0...index {
                let count = lesson.sections[step].predictions.count
                lesson.sections[step].predictions = Array(changed[position..<(position + count)])
                position += count
            }
            lesson.sections[index].cells = Array(changed[position...])
        }
        for index in lesson.sections.indices {
            lesson.sections[index].cells = lesson.sections[index].cells.map { Self.reseeded($0, shift: seedShift) }
        }
        return lesson
    }

    /// Runs steps 0 through `last` (all by default) and returns each step's result.
    func run(through last: Int? = nil, counterfactual: (section: Int, change: Counterfactual)? = nil) throws
        -> [StepResult]
    {
        let lesson = try variant(counterfactual: counterfactual)
        let library = LessonLibrary(lessons: [lesson])
        let notebook = Notebook(
            session: Session(lessons: library, seed: seedShift == 0 ? nil : seedShift, dataDirectory: dataDirectory))
        let final = last ?? lesson.sections.count - 1
        notebook.session.language = language
        _ = notebook.execute("lesson \(lesson.number)")
        var results: [StepResult] = []
        // Every step runs in turn, as a learner takes them (a prediction may be an expression of
        // an earlier step's names).
        for index in 0...final {
            if index > 0 { _ = notebook.execute("next") }
            // The learner's predictions, typed before running: the reference answers.
            for line in lesson.sections[index].predictions { _ = notebook.execute(line) }
            let outputs = notebook.execute("run")?.outputs ?? []
            var result = StepResult()
            // As a terminal of 80 columns shows them (consecutive pictures side by side).
            let rendered = TextRenderer(width: 80).render(outputs: outputs).filter { !$0.isEmpty }
            result.text = rendered.joined(separator: "\n")
            result.lines = result.text.split(separator: "\n", omittingEmptySubsequences: false).count
            var checks: [(Bool, String)] = []
            for output in outputs {
                switch output {
                case .error(let error): result.errors.append(error.description)
                case .check(let passed, let message): checks.append((passed, message))
                default: break
                }
            }
            // The step's own checks come last, one per line of its `check` block.
            let own = lesson.sections[index].checks
            for (check, outcome) in zip(own, checks.suffix(own.count)) {
                result.outcomes.append(Outcome(check: check, passed: outcome.0, message: outcome.1))
            }
            if checks.count < own.count { result.errors.append("\(own.count - checks.count) checks did not run") }
            results.append(result)
        }
        return results
    }
}
