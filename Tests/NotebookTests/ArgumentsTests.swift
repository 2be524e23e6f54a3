import Session
import Testing

@testable import Notebook

/// Command arguments split as a Python user would expect: spaces inside brackets do not
/// separate words, and only `name=value` with a plain name is an option.
@Suite struct ArgumentsTests: NotebookHarness {
    let notebook = Notebook(session: Session(seed: 2))

    @Test func bracketsKeepTheirSpaces() throws {
        let arguments = try Arguments("[[1, 2], [3, 4]] labels=[1, 0] --training")
        #expect(arguments.words == ["[[1, 2], [3, 4]]", "labels=[1, 0]", "--training"])
        #expect(arguments.words.map(Arguments.isOption) == [false, true, false])
        #expect(
            try Arguments("rosenbrock from (-1, 1) with adam").words == [
                "rosenbrock", "from", "(-1, 1)", "with", "adam",
            ])
        // A call with a keyword is a positional expression, not an option.
        #expect(try Arguments("sum(t, axis=1)").words.map(Arguments.isOption) == [false])
        // An unbalanced bracket never swallows a closing quote's error.
        #expect(throws: NotebookError.self) { try Arguments("x --dot \"a(b.dot") }
    }

    @Test func pythonSpacingWorksInCommands() {
        _ = run("model dense 2->3 softmax")
        let forward = text("forward [[1, 2], [3, 4]] labels=[1, 0]")
        #expect(forward.contains("loss"), "\(forward)")
        #expect(errorText("forward [[1, 2], [3, 4]] labels=[1, 0]") == nil)
        _ = run("t = randn(2, 3)")
        #expect(errorText("graph sum(t, axis=1)") == nil)
        let raced = text("race sgd[lr=0.1, momentum=0.9] adam on bowl from (1, 1) steps=5")
        #expect(raced.contains("sgd[lr=0.1, momentum=0.9]"), "\(raced)")
    }
}
