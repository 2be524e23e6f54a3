import Rendering

@testable import Notebook

/// What every notebook test suite does: run a line as a cell, read its text or its error.
protocol NotebookHarness {
    var notebook: Notebook { get }
}

extension NotebookHarness {
    func run(_ line: String) -> Cell {
        notebook.execute(line) ?? Cell(number: 0, input: line, outputs: [], result: nil)
    }

    func text(_ line: String) -> String { TextRenderer().render(run(line)) }

    /// The message of the first error the line produced, if any.
    func errorText(_ line: String) -> String? {
        for output in run(line).outputs { if case .error(let e) = output { return e.description } }
        return nil
    }
}
