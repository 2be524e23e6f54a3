import Lessons
import NeuralNet
import Rendering
import Session
import Testing

@testable import Notebook

/// Ctrl-C ends a cell as IPython's KeyboardInterrupt does: the command stops where it was and
/// keeps what it did, the rest of the cell (and of a lesson's `run`) does not run, and the cell
/// ends with the error. And a cell's outputs reach a live front end in the order they happen.
@Suite struct InterruptTests: NotebookHarness {
    let notebook = Notebook(session: Session(seed: 3))

    /// Ctrl-C after `after` polls.
    func interrupt(after: Int) {
        var polls = 0
        notebook.interruptRequested = {
            polls += 1
            return polls > after
        }
    }

    func setUp() {
        for line in ["data moons n=400", "model dense 2->4 tanh, dense 4->2 softmax", "compile adam", "after = 0"] {
            #expect(!run(line).failed, "\(line)")
        }
    }

    @Test func anInterruptEndsTheCellAndItsLaterStatements() throws {
        setUp()
        interrupt(after: 5)
        let cell = run("train epochs=1000 batch=8; after = 1\nafter = 2")
        #expect(cell.failed)
        guard case .error(let last)? = cell.outputs.last, case .interrupted = last else {
            Issue.record("the cell does not end with the interrupt: \(TextRenderer().render(cell))")
            return
        }
        #expect(RichRenderer.errorName(last) == "KeyboardInterrupt")
        #expect(TextRenderer().render(cell).contains("stopped by Ctrl-C after batch 6 of epoch 1"))
        interrupt(after: .max)
        #expect(text("after").contains("Value(0.0)"), "no later statement ran")
        // The model and its history stay: one epoch, recorded as partial.
        let history = notebook.session.runs.current
        #expect(history.epochs.count == 1)
        let share = try #require(history.epochs.last?[History.partial])
        #expect(abs(share - 6.0 / 40.0) < 1e-12, "6 of the 40 batches of 8 in 320 training rows")
        let shown = text("history")
        #expect(shown.contains("1*") && shown.contains("* epoch 1 was stopped by Ctrl-C after 15% of its batches"))
        // A run that is not interrupted records full epochs and runs the whole cell.
        let full = run("train epochs=2 batch=8\nafter = 3")
        #expect(!full.failed)
        #expect(notebook.session.runs.current.epochs.suffix(2).allSatisfy { $0[History.partial] == nil })
        #expect(text("after").contains("Value(3.0)"))
    }

    /// An interrupted expression assigns nothing and ends the cell the same way.
    @Test func anInterruptedExpressionIsAKeyboardInterrupt() {
        setUp()
        interrupt(after: 0)
        let cell = run("z = 1 + 2\nafter = 5")
        #expect(cell.outputs.contains { if case .error(.interrupted) = $0 { true } else { false } })
        interrupt(after: .max)
        #expect(notebook.session["z"] == nil)
        #expect(text("after").contains("Value(0.0)"))
    }

    /// A lesson's `run` stops at Ctrl-C: no later cell, no check (a check after an interrupted
    /// training would judge half a run); the cell says KeyboardInterrupt once.
    @Test func anInterruptStopsALessonsRunBeforeItsChecks() throws {
        let notebook = Notebook(session: Session(lessons: LessonTests.shipped))
        func run(_ line: String) -> Cell {
            notebook.execute(line) ?? Cell(number: 0, input: line, outputs: [], result: nil)
        }
        let lesson = try #require(
            LessonTests.shipped.lessons.first { lesson in
                lesson.sections.contains { !$0.checks.isEmpty && $0.cells.count > 1 }
            })
        let section = try #require(lesson.sections.firstIndex { !$0.checks.isEmpty && $0.cells.count > 1 })
        _ = run("lesson \(lesson.number)")
        // The steps before it run whole, and any answer will do: the run stops before its checks.
        for index in 0...section {
            for name in lesson.sections[index].predictionNames { _ = run("\(name) = 1") }
            if index < section { _ = run("run") }
            if index < section { _ = run("next") }
        }
        var polls = 0
        notebook.interruptRequested = {
            polls += 1
            return polls > 0
        }
        let cell = run("run")
        let interruptions = cell.outputs.filter { if case .error(.interrupted) = $0 { true } else { false } }
        #expect(interruptions.count == 1, "\(TextRenderer().render(cell))")
        #expect(!cell.outputs.contains { if case .check = $0 { true } else { false } })
        let echoed = cell.outputs.filter { if case .text(let t) = $0 { t.hasPrefix("» ") } else { false } }
        #expect(echoed.count < lesson.sections[section].cells.count, "later cells did not run")
        // The same step runs to its checks without Ctrl-C.
        notebook.interruptRequested = { false }
        let again = run("run")
        #expect(again.outputs.contains { if case .check = $0 { true } else { false } }, "the checks ran")
    }

    /// With a live front end, a cell's earlier lines are delivered before a later line's
    /// training progress; the front end shows the rest at the end, and the cell keeps them all.
    @Test func outputsAreDeliveredInTheOrderTheyHappen() {
        setUp()
        var events: [String] = []
        notebook.progress = { event in
            switch event {
            case .outputs(let outputs): events += outputs.map { "output: " + TextRenderer().render($0) }
            case .trainingStarted: events.append("training")
            default: break
            }
        }
        let cell = run("echo 1\nseed 4; echo 2; train epochs=1 batch=100\necho 3")
        let shown = events + cell.undelivered.map { "output: " + TextRenderer().render($0) }
        let first = shown.firstIndex { $0.hasPrefix("output: 1") }
        let second = shown.firstIndex { $0.hasPrefix("output: 2") }
        let training = shown.firstIndex(of: "training")
        let third = shown.firstIndex { $0.hasPrefix("output: 3") }
        #expect(first != nil && second != nil && training != nil && third != nil, "\(shown)")
        if let first, let second, let training, let third {
            #expect(first < second && second < training && training < third, "\(shown)")
        }
        #expect(cell.delivered > 0 && cell.delivered < cell.outputs.count)
        #expect(TextRenderer().render(cell).contains("3") && !TextRenderer().render(cell).contains("seed 4:"))
        // Without a live front end nothing is delivered early: the cell shows everything.
        notebook.progress = nil
        let quiet = run("echo 1\necho 2")
        #expect(quiet.delivered == 0 && quiet.undelivered.count == quiet.outputs.count)
    }
}
