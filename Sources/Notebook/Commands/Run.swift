import Explain
import Foundation
import Rendering
import Session

extension Command {
    /// `run`: run the current step's cells, then its checks.
    static let run = Command(
        name: "run",
        abstract: "Run the cells of the current lesson step, then check the results",
        usage: "run",
        positionals: 0...0
    ) { invocation throws(NotebookError) in
        guard let progress = invocation.session.lessonProgress else {
            throw .precondition("no lesson in progress: start one with 'lesson 1' (list them with 'lesson')")
        }
        let section = progress.lesson.sections[progress.section]
        let last = progress.section == progress.lesson.sections.count - 1
        guard !section.cells.isEmpty || !section.checks.isEmpty else {
            return Reply([.text(last ? progress.words.nothingToRunAtTheEnd : progress.words.nothingToRun)])
        }
        let untyped = section.predictionNames.filter { invocation.session[$0] == nil }
        guard untyped.isEmpty else {
            throw .precondition(progress.words.needsAnswer(untyped))
        }
        var outputs: [Output] = []
        // A step builds on the earlier ones: their cells run first if they have not (a resumed
        // lesson, or `next` without `run`); only their errors are shown.
        let missing = progress.missing
        if !missing.isEmpty {
            outputs.append(.text(progress.words.firstRunning(missing)))
            invocation.notebook.deliver(&outputs)  // said before they run, not after
            // Quietly: their training draws no progress either.
            let display = invocation.notebook.progress
            invocation.notebook.progress = nil
            defer { invocation.notebook.progress = display }
            for index in missing {
                for line in progress.lesson.sections[index].cells {
                    let result = invocation.notebook.evaluate(line)
                    let errors = result.outputs.filter { if case .error = $0 { true } else { false } }
                    outputs += errors
                    if let object = result.value { invocation.session.lastOutput = object }
                    if !errors.isEmpty || invocation.notebook.interrupted { break }
                }
                if invocation.notebook.interrupted {
                    return Reply(outputs.filter { if case .error(.interrupted) = $0 { false } else { true } })
                }
                invocation.session.lessonProgress?.ran.insert(index)
            }
        }
        invocation.session.lessonProgress?.ran.insert(progress.section)
        // With a front end that shows progress, each cell's echo and results go out before the
        // next cell runs, so a training bar appears under its own `» train …` line.
        for line in section.cells {
            outputs.append(.text("» " + line))
            invocation.notebook.deliver(&outputs)
            let result = invocation.notebook.evaluate(line)
            outputs += result.outputs
            if let object = result.value {
                outputs.append(.text(result.display ?? object.display))
                invocation.session.lastOutput = object  // so a check can read `_`
            }
            if result.outputs.contains(where: { if case .error = $0 { true } else { false } }) { break }
        }
        // Ctrl-C ends `run` as it ends a cell: no further cell, no checks (the cell says so once).
        if invocation.notebook.interrupted {
            return Reply(outputs.filter { if case .error(.interrupted) = $0 { false } else { true } })
        }
        for line in section.checks {
            outputs.append(check(line, notebook: invocation.notebook))
        }
        outputs.append(.text(last ? progress.words.endOfLesson : progress.words.typeNext))
        return Reply(outputs)
    }
}
