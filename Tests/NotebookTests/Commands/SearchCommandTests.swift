import Explain
import Session
import TestSupport
import Testing

@testable import Notebook

@Suite struct SearchCommandTests: NotebookHarness {
    let notebook = Notebook(session: Session(seed: 1))

    func number(_ expression: String) -> Double? {
        guard let result = run(expression).result, result.hasPrefix("Value("), result.hasSuffix(")") else { return nil }
        return Double(result.dropFirst(6).dropLast())
    }

    func setUp() {
        _ = run("data moons n=200")
        _ = run("model dense 2->8 tanh, dense 8->2 softmax")
        _ = run("compile adam lr=0.01")
    }

    /// A search reports the grid, the choice on validation, the choice on the test set and the
    /// optimism; it leaves the session's model, optimizer and history as they were; and `seed`
    /// makes it reproducible.
    @Test func aSearchChoosesOnValidationAndLeavesTheSessionAlone() throws {
        setUp()
        _ = run("train epochs=2 batch=32")
        let weights = notebook.session.model?.namedParameters.map { $0.parameter.tensor.data }
        let steps = notebook.session.training.optimizer?.stepCount
        let epochs = notebook.session.runs.current.epochs.count
        _ = run("seed 7")
        let report = text("search lr=0.003,0.03 seeds=3 epochs=3 verbose=2")
        #expect(report.contains("2 learning rates × 3 seeds = 6 configurations of Adam"), "\(report)")
        #expect(report.contains("chosen on validation: lr"))
        #expect(report.contains("chosen on the test set: lr"))
        #expect(report.contains("optimism of choosing on the test set:"))
        #expect(report.split(separator: "\n").filter { $0.hasPrefix("#") }.count == 6)
        _ = run("g = _")
        #expect(number("g.configurations") == 6)
        let optimism = try #require(number("g.optimism"))
        #expect(optimism >= 0)
        // The printed figure is the value's.
        #expect(report.contains("optimism of choosing on the test set: \(NumberFormat.fixed(optimism, decimals: 4))"))
        // The validation choice has the lowest validation loss; the test choice the lowest test loss.
        let byValidation = try #require(number("g.by_validation.val_loss"))
        let byTest = try #require(number("g.by_test.test_loss"))
        #expect(byValidation <= (number("g.by_test.val_loss") ?? -1))
        #expect(byTest <= (number("g.by_validation.test_loss") ?? -1))
        #expect(notebook.session.model?.namedParameters.map { $0.parameter.tensor.data } == weights)
        #expect(notebook.session.training.optimizer?.stepCount == steps)
        #expect(notebook.session.runs.current.epochs.count == epochs)
        // The same seed, the same search.
        _ = run("seed 7")
        _ = run("search lr=0.003,0.03 seeds=3 epochs=3 verbose=0")
        _ = run("h = _")
        #expect(number("h.optimism") == optimism)
        #expect(number("h.by_validation.val_loss") == byValidation)
    }

    /// The commands the search prints train the validation choice again, to the same
    /// validation loss.
    @Test func theChosenConfigurationTrainsAgain() throws {
        setUp()
        _ = run("compile adam lr=0.01 beta1=0.8")
        let report = text("search lr=0.003,0.03 seeds=2 epochs=3 batch=16,32 limit=100")
        _ = run("h = _")
        let prefix = "to train the validation choice again: "
        let line = try #require(report.split(separator: "\n").first { $0.hasPrefix(prefix) }, "\(report)")
        let commands = line.dropFirst(prefix.count).components(separatedBy: "; ")
        #expect(commands.count == 4, "\(commands)")
        #expect(commands.contains { $0.hasPrefix("compile adam beta1=0.8 lr=") }, "\(commands)")
        for command in commands {
            let typed = command == "model (the same layers)" ? "model dense 2->8 tanh, dense 8->2 softmax" : command
            #expect(errorText(typed) == nil, "\(typed)")
        }
        #expect(number("seed") == nil)
        let validation = try #require(notebook.session.runs.current.epochs.last?["val_loss"])
        let searched = try #require(number("h.by_validation.val_loss"))
        #expect(Swift.abs(validation - searched) < 1e-6, "\(validation) against \(searched)")
    }

    /// Every configuration diverging chooses nothing and says so.
    @Test func everyConfigurationDivergingChoosesNothing() {
        _ = run("data moons n=200")
        _ = run("model dense 2->16 relu, dense 16->16 relu, dense 16->2 softmax")
        _ = run("compile sgd lr=0.1")
        let report = text("search lr=1e5,1e6 seeds=2 epochs=3")
        #expect(report.contains("every configuration diverged"), "\(report)")
        #expect(!report.contains("chosen on validation"))
        #expect(report.contains("diverged"))
        // Its value names no choice.
        _ = run("s = _")
        #expect(number("s.diverged") == 4)
        #expect(errorText("s.by_validation") != nil)
    }

    /// One configuration has nothing to choose among: no optimism.
    @Test func oneConfigurationHasNoOptimism() {
        setUp()
        _ = run("search lr=0.01 epochs=2 verbose=0")
        _ = run("one = _")
        #expect(number("one.optimism") == 0)
        #expect(number("one.accuracy_optimism") == 0)
    }

    /// Wrong lists and missing pieces are named, and change nothing.
    @Test func badInputIsNamed() {
        #expect(errorText("search lr=0.1")?.contains("no model") == true)
        setUp()
        #expect(errorText("search")?.contains("lr=0.001,0.01,0.1") == true)
        #expect(errorText("search lr=0.1,,0.2")?.contains("lr=0.1,,0.2 has an empty value between two commas") == true)
        #expect(errorText("search lr=0.1,fast")?.contains("'fast'") == true)
        #expect(errorText("search lr=0.1,-2")?.contains("out of range") == true)
        #expect(errorText("search lr=0.1 batch=16,0")?.contains("batch=") == true)
        #expect(errorText("search lr=0.1 validation=0")?.contains("validation=0") == true)
        #expect(errorText("search lr=0.1,0.2 seeds=1000 batch=1,2,3,4,5,6")?.contains("at most 10,000") == true)
        #expect(errorText("search lr=0.1 epochs=2 validation=0.001")?.contains("holds out no sample") == true)
    }

    /// A rate that diverges is one more configuration, never chosen on validation.
    @Test func aDivergingRateIsNeverChosen() {
        setUp()
        let report = text("search lr=0.01,1e5 seeds=2 epochs=2")
        #expect(!report.contains("Error"), "\(report)")
        #expect(number("_.by_validation.lr") == 0.01)
    }
}
