import Explain
import Foundation

/// A guided lesson read from Markdown: prose, cells to run, and checks of what the learner
/// should have seen.
///
/// Format: `# Title`, then sections starting at `## Heading`. Inside a section, a fenced
/// block tagged `gradbook` holds cells (one input line each), a block tagged `check` holds
/// claims (`EXPR OP EXPECTED [tol=T]`, see `Expectation`) that `run` verifies after the
/// cells, and a block tagged `predict` holds the assignments a learner types *before* running
/// (`guess = 6`): the learner is shown only the names, a later check compares them with the
/// computed value, and the lesson test types these reference answers.
///
/// A block tagged `counterfactual` says what would make the step's claims false, one change a
/// line: `label: OLD => NEW`, several replacements joined by ` && `, applied to the step's
/// cells and predictions (`swap the optimizers: race adam adam_nobias => race adam_nobias adam`).
/// The test suite runs each one and asserts that a check of the step fails; a check that no
/// counterfactual can fail is an arithmetic identity and says so (`… tol=1e-6  # identity`).
/// A section whose heading starts with `Exercise` is an exercise: its prediction is the
/// learner's answer, and its check judges it.
package struct Lesson: Sendable {
    /// One step of a lesson.
    package struct Section: Sendable {
        package var heading: String
        package var prose: String
        public var cells: [String]
        package var checks: [String]
        /// Reference predictions (`guess = 6`): only the names are shown to the learner.
        package var predictions: [String] = []
        /// What would make this step's claims false (for the test suite; not shown).
        package var counterfactuals: [Counterfactual] = []
        /// The checks marked `# identity`: true by arithmetic, so no counterfactual fails them.
        public var identities: Set<String> = []

        /// An exercise (a heading `Exercise …`): the learner's answer is the prediction, the
        /// check judges it. A translation's sections keep the flag of the lesson they translate.
        package var isExercise = false

        /// The names the learner is asked to assign before running (`guess`).
        package var predictionNames: [String] {
            predictions.compactMap { line in
                line.split(separator: "=", maxSplits: 1).first.map { String($0).trimmingCharacters(in: .spacesAndTabs) }
            }
        }
    }

    public let number: Int
    public package(set) var title: String
    /// The title without its "Lesson N — " prefix (for the list, where the number has a column).
    package var shortTitle: String {
        guard let dash = title.range(of: " — "), title.hasPrefix("Lesson ") else { return title }
        return String(title[dash.upperBound...])
    }
    /// Prose before the first section.
    package var introduction: String
    /// The language of the prose (`en`, or a translation's: `zh`).
    package var language = "en"
    package var sections: [Section]

    /// Parses a lesson's Markdown text.
    public init(number: Int, markdown: String) {
        self.number = number
        var title = "Lesson \(number)"
        var introduction: [String] = []
        var sections: [Section] = []
        var fence: String?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if let tag = fence {
                if line.hasPrefix("```") {
                    fence = nil
                } else if !line.trimmingCharacters(in: .spacesAndTabs).isEmpty, var section = sections.popLast() {
                    if tag == "gradbook" {
                        section.cells.append(line)
                    } else if tag == "check" {
                        let (check, identity) = Lesson.splitIdentity(line)
                        section.checks.append(check)
                        if identity { section.identities.insert(check) }
                    } else if tag == "counterfactual" {
                        if let counterfactual = Counterfactual(line) { section.counterfactuals.append(counterfactual) }
                    } else if tag == "predict" {
                        section.predictions.append(line)
                    } else {
                        section.prose += line + "\n"
                    }
                    sections.append(section)
                }
                continue
            }
            if line.hasPrefix("```") {
                fence = String(line.dropFirst(3)).trimmingCharacters(in: .spacesAndTabs)
                if !Lesson.codeTags.contains(fence ?? ""), var section = sections.popLast() {
                    section.prose += "\n"
                    sections.append(section)
                }
                if sections.isEmpty { sections.append(Section(heading: title, prose: "", cells: [], checks: [])) }
            } else if line.hasPrefix("## ") {
                var section = Section(heading: String(line.dropFirst(3)), prose: "", cells: [], checks: [])
                section.isExercise = section.heading.hasPrefix("Exercise") || section.heading.hasPrefix("练习")
                sections.append(section)
            } else if line.hasPrefix("# "), sections.isEmpty {
                title = String(line.dropFirst(2))
            } else if var section = sections.popLast() {
                section.prose += line + "\n"
                sections.append(section)
            } else {
                introduction.append(line)
            }
        }
        self.title = title
        self.introduction = Lesson.reflowed(
            introduction.joined(separator: "\n").trimmingCharacters(in: CharacterSet(charactersIn: "\n ")))
        self.sections = sections.map { section in
            var section = section
            section.prose = Lesson.reflowed(section.prose.trimmingCharacters(in: CharacterSet(charactersIn: "\n ")))
            return section
        }
    }

    /// The fenced blocks that hold code rather than prose.
    package static let codeTags: Set<String> = ["gradbook", "check", "predict", "counterfactual"]

    /// A check line and whether it is marked `# identity`.
    package static func splitIdentity(_ line: String) -> (check: String, identity: Bool) {
        guard let mark = line.range(of: "# identity") else { return (line, false) }
        return (String(line[..<mark.lowerBound]).trimmingCharacters(in: .spacesAndTabs), true)
    }

    /// Markdown prose with each paragraph (and each list item) on one line, so that the
    /// renderer wraps it to the terminal's width rather than at the source's line breaks.
    /// Blank lines, list items, tables and indented code keep their own lines.
    package static func reflowed(_ prose: String) -> String {
        var lines: [String] = []
        var joinable = false  // the last line is prose that a continuation may join
        for line in prose.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            let starts =
                trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") || trimmed.hasPrefix("|")
                || trimmed.hasPrefix("#")
                || trimmed.prefix { $0.isNumber }.count > 0 && trimmed.drop { $0.isNumber }.hasPrefix(". ")
            let indentedCode = line.hasPrefix("    ") && !joinable
            if trimmed.isEmpty {
                // One blank line between paragraphs, however many the removed blocks left.
                if lines.last != "" { lines.append("") }
                joinable = false
            } else if joinable, !starts, let last = lines.popLast() {
                // Chinese joins without a space where a line break fell between two characters.
                let tight =
                    last.last.map { DisplayWidth.of($0) == 2 } == true
                    && trimmed.first.map { DisplayWidth.of($0) == 2 } == true
                lines.append(last + (tight ? "" : " ") + trimmed)
            } else {
                lines.append(String(line))
                joinable = !indentedCode && !trimmed.hasPrefix("|")
            }
        }
        while lines.last == "" { lines.removeLast() }
        while lines.first == "" { lines.removeFirst() }
        return lines.joined(separator: "\n")
    }
}

extension Lesson {
    /// This lesson in another language: the title, the introduction and each step's heading
    /// and prose from `translation` (the same lesson written in that language, its prose only),
    /// and everything that runs — cells, predictions, checks, counterfactuals — from this
    /// lesson, so that a language never forks a lesson's code. Nil when the translation has
    /// other steps (a count that differs), or code of its own.
    package func translated(by translation: Lesson, language: String = "zh") -> Lesson? {
        guard translation.sections.count == sections.count, translation.hasNoCode else { return nil }
        var lesson = self
        lesson.language = language
        lesson.title = translation.title
        lesson.introduction = translation.introduction
        for index in sections.indices {
            lesson.sections[index].heading = translation.sections[index].heading
            lesson.sections[index].prose = translation.sections[index].prose
        }
        return lesson
    }

    /// No cells, checks, predictions or counterfactuals: prose only (a translation).
    package var hasNoCode: Bool {
        sections.allSatisfy {
            $0.cells.isEmpty && $0.checks.isEmpty && $0.predictions.isEmpty && $0.counterfactuals.isEmpty
        }
    }
}

/// Where a learner is in a lesson, and which of its steps have run in this session.
package struct LessonProgress: Sendable {
    public var lesson: Lesson
    package var section: Int
    /// Steps whose cells have run (so a later step's `run` knows what it builds on).
    package var ran: Set<Int> = []
    /// The language of the lesson's prose, and of what the lesson commands say around it.
    package var words: LessonWords

    public init(lesson: Lesson, section: Int, language: String = "en") {
        self.lesson = lesson
        self.section = section
        words = LessonWords(language)
    }

    /// Earlier steps with cells that have not run in this session: a step builds on them.
    public var missing: [Int] {
        (0..<section).filter { !lesson.sections[$0].cells.isEmpty && !ran.contains($0) }
    }
}

/// A change to a step that would make its claim false: the test suite runs the step with it
/// and expects a check to fail.
package struct Counterfactual: Sendable, Equatable {
    package var label: String
    package var replacements: [(old: String, new: String)]

    /// `label: OLD => NEW [&& OLD2 => NEW2 …]`; nil for a line without a `=>`.
    package init?(_ line: String) {
        guard let colon = line.range(of: ": ") else { return nil }
        label = String(line[..<colon.lowerBound]).trimmingCharacters(in: .spacesAndTabs)
        var replacements: [(old: String, new: String)] = []
        for part in line[colon.upperBound...].components(separatedBy: " && ") {
            let sides = part.components(separatedBy: " => ")
            guard sides.count == 2 else { return nil }
            replacements.append(
                (sides[0].trimmingCharacters(in: .spacesAndTabs), sides[1].trimmingCharacters(in: .spacesAndTabs)))
        }
        guard !replacements.isEmpty else { return nil }
        self.replacements = replacements
    }

    public static func == (a: Counterfactual, b: Counterfactual) -> Bool {
        a.label == b.label && a.replacements.elementsEqual(b.replacements) { $0.old == $1.old && $0.new == $1.new }
    }

    /// The lines with every replacement made, and the replacements that matched nothing.
    package func apply(to lines: [String]) -> (lines: [String], unmatched: [String]) {
        var lines = lines
        var unmatched: [String] = []
        for (old, new) in replacements {
            guard lines.contains(where: { $0.contains(old) }) else {
                unmatched.append(old)
                continue
            }
            lines = lines.map { $0.replacingOccurrences(of: old, with: new) }
        }
        return (lines, unmatched)
    }
}

extension CharacterSet {
    /// A space or a tab: what separates words on a lesson line.
    static let spacesAndTabs = CharacterSet(charactersIn: " \t")
}
