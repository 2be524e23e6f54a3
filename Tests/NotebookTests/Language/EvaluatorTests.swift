import ScalarGrad
import Session
import TestSupport
import Testing

@testable import Notebook

@Suite struct EvaluatorTests {
    let notebook = Notebook()

    func value(_ line: String) -> Double? {
        guard let cell = notebook.execute(line), case .scalar(let v)? = notebook.session.outputs[cell.number] else {
            return nil
        }
        return v.data
    }

    func errors(_ line: String) -> [NotebookError] {
        notebook.execute(line)?.outputs.compactMap { if case .error(let e) = $0 { e } else { nil } } ?? []
    }

    @Test func arithmeticAndFunctions() {
        #expect(value("1 + 2 * 3") == 7)
        #expect(value("2 ^ 3 ^ 2") == 512)
        #expect(value("-2 ** 2") == -4)
        #expect(value("(1 + 1e-3) * .5") == 0.5005)
        expectClose(
            value("tanh(0.5) + sigmoid(0) + exp(0) + log(1) + relu(-3) + sqrt(4) + pow(3, 2)") ?? .nan,
            0.46211715726000974 + 0.5 + 1 + 0 + 0 + 2 + 9)
    }

    @Test func assignmentLabelsTheNode() {
        _ = notebook.execute("a = 2; b = -3; e = a*b")
        guard case .scalar(let e)? = notebook.session["e"] else {
            Issue.record("e missing")
            return
        }
        #expect(e.label == "e" && e.data == -6)
        #expect(e.lhs?.label == "a")
    }

    @Test func underscoreAndOutRefer() {
        _ = notebook.execute("2 + 2")
        #expect(value("_ * 10") == 40)
        #expect(value("Out[1] + Out[2]") == 44)
        let missing = errors("Out[9]")
        #expect(missing.first?.description == "Out[9] does not exist; cells with output: 1, 2, 3")
    }

    @Test func attributesReadDataAndGrad() {
        _ = notebook.execute("a = 3; q = a*a; backward q")
        #expect(value("a.grad") == 6)
        #expect(value("a.data") == 3)
        #expect(
            errors("a.gard").first?.description
                == "a Value has no attribute '.gard' (it has .data and .grad) — did you mean '.grad'?")
    }

    @Test func unknownNamesSuggestTheClosest() {
        _ = notebook.execute("loss = 1")
        #expect(errors("los + 1").first?.description == "name 'los' is not defined — did you mean 'loss'?")
        #expect(errors("tahn(1)").first?.description == "no function 'tahn' — did you mean 'tanh'?")
        #expect(errors("bakward loss").first?.description == "no command 'bakward' — did you mean 'backward'?")
        #expect(errors("frobnicate loss").first?.description == "no command 'frobnicate' (help lists the commands)")
    }

    @Test func domainProblemsAreClearAndLoseNothing() {
        _ = notebook.execute("x = 5")
        #expect(errors("y = log(-2)").first?.description == "log(-2.0) is undefined: the argument must be positive")
        #expect(errors("x = 1/0").first?.description == "division by zero: 1.0 / 0.0")
        #expect(errors("(-8)^0.5").first?.description.contains("not a real number") == true)
        #expect(notebook.session["y"] == nil)
        guard case .scalar(let x)? = notebook.session["x"] else {
            Issue.record("x lost")
            return
        }
        #expect(x.data == 5)
    }

    @Test func overflowIsAnExplicitWarning() {
        let cell = notebook.execute("exp(1000)")
        let warnings: [String] = cell?.outputs.compactMap { if case .warning(let w) = $0 { w } else { nil } } ?? []
        #expect(warnings == ["exp(1000.0) = inf (overflow): gradients through it will be nan or inf"])
        #expect(cell?.result == "Value(inf)")
    }

    @Test func statementsAfterAnErrorDoNotRun() {
        _ = notebook.execute("a = 1; b = zz; c = 3")
        #expect(notebook.session["a"] != nil)
        #expect(notebook.session["b"] == nil && notebook.session["c"] == nil)
    }

    @Test func variableExponentIsConstantWithAWarning() {
        let cell = notebook.execute("n = 3; x = 2; y = x^n")
        #expect(
            cell?.outputs.contains { if case .warning(let w) = $0 { w.contains("constant 3.0") } else { false } }
                == true)
        #expect(cell?.result == nil, "an assignment shows nothing")
        #expect(notebook.execute("y")?.result == "Value(8.0)")
    }
}
