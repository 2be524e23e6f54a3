import Explain
import Foundation
import Rendering
import Session
import TensorGrad
import TestSupport
import Testing

@testable import Notebook

@Suite struct OptimizerCommandTests: NotebookHarness {
    let notebook = Notebook(session: Session(seed: 3))

    @Test func functionsAreDefinedAndCalled() {
        #expect(text("f(x, y) = (1 - x)^2 + 100*(y - x^2)^2") == "defined f(x, y)")
        #expect(run("f(-1.5, 2)").result == "Value(12.5)")
        #expect(run("g(a, k=3) = k*a").outputs.isEmpty == false)
        #expect(run("g(2)").result == "Value(6.0)")
        #expect(run("g(2, k=5)").result == "Value(10.0)")
        #expect(run("rosenbrock(1, 1)").result == "Value(0.0)")
        #expect(run("bowl(1, 1, condition=4)").result == "Value(2.5)")
        #expect(errorText("g()") == "g() is missing its argument 'a'")
        #expect(
            errorText("h(x) = h(x) + 1; h(1)")?.contains(
                "more than 2,000 levels of evaluation (user functions included): a function that calls itself?") == true
        )
        #expect(errorText("tanh(x) = x") == "'tanh' is a built-in function: choose another name")
    }

    /// The θ before → after that `step` prints is exactly what the parameter became.
    @Test func printedUpdateIsTheUpdateApplied() throws {
        _ = run("minimize rosenbrock from (-1.5, 2) with adam lr=0.01 steps=3")
        let cell = run("step --watch y")
        let rendered = TextRenderer().render(cell)
        guard let line = rendered.split(separator: "\n").first(where: { $0.hasPrefix("  y: ") }) else {
            Issue.record("no θ line in:\n\(rendered)")
            return
        }
        let after = Double(line.split(separator: "→").last?.trimmingCharacters(in: .whitespaces) ?? "") ?? .nan
        guard let y = notebook.session.run?.parameters.first(where: { $0.name == "y" })?.value(at: 0) else {
            Issue.record("no run")
            return
        }
        expectClose(after, y, tolerance: 1e-9)
        // The Δθ line's value is the change applied.
        let lines = rendered.split(separator: "\n").map(String.init)
        let before =
            Double(line.dropFirst(5).split(separator: "→").first?.trimmingCharacters(in: .whitespaces) ?? "") ?? .nan
        if let delta = lines.first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("Δθ") })?.split(
            separator: "="
        ).last.flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }) {
            expectClose(before + delta, y, tolerance: 1e-5)
        } else {
            Issue.record("no Δθ line")
        }
        #expect(rendered.contains("m̂       = m / (1 − β₁ᵗ)"))
    }

    @Test func stepOnAModelWatchesTheLargestGradientByDefault() {
        _ = run("model dense 4->3 tanh, dense 3->2 softmax")
        _ = run("x = rand(5, 4); y = [0, 1, 1, 0, 1]")
        #expect(errorText("step")?.contains("no optimizer") == true)
        _ = run("compile sgd lr=0.1 momentum=0.9")
        #expect(errorText("step")?.contains("forward x labels=y, or load data") == true)
        _ = run("forward x labels=y")
        let first = text("step")
        #expect(first.contains("SGD with momentum update of dense_"))
        #expect(first.contains("b = g  (first step)") || first.contains("b  = g"))
        let lines = text("step 3").split(separator: "\n")
        #expect(lines.count == 3 && lines[0].hasPrefix("step     2  loss"))
        #expect(text("undo").hasPrefix("undid step 4"))
        #expect(notebook.session.run?.steps == 3)
    }

    @Test func badHyperparametersAreRejectedAndTheSessionSurvives() {
        _ = run("a = 5")
        #expect(
            errorText("compile sgd lr=-0.1")?.hasPrefix("compile: lr=-0.1 is out of range: expected a number ≥ 0")
                == true)
        #expect(
            errorText("compile adam beta1=1")?.hasPrefix(
                "compile: beta1=1 is out of range: expected a number in [0, 1)") == true)
        #expect(
            errorText("compile adam eps=0")?.hasPrefix("compile: eps=0 is out of range: expected a number > 0") == true)
        #expect(errorText("compile adma")?.contains("did you mean 'adam'?") == true)
        #expect(errorText("compile adam lr=abc")?.contains("lr= must be a number ≥ 0, got 'abc'") == true)
        #expect(errorText("minimize rosenbrock from (1, 2, 3) with adam")?.contains("needs 2 numbers") == true)
        #expect(
            errorText("schedule step step_size=0")?.contains("step_size= must be a whole number 1…1,000,000, got 0")
                == true)
        #expect(errorText("clip norm=0")?.contains("norm=0 is out of range: expected a number > 0") == true)
        #expect(errorText("clip norm=-1")?.contains("norm=-1 is out of range: expected a number > 0") == true)
        #expect(run("a").result == "Value(5.0)")
    }

    @Test func divergenceIsReportedNotPropagated() {
        _ = run("minimize rosenbrock from (-1.5, 2) with sgd lr=0.01 steps=0")
        let error = errorText("step 100")
        #expect(error?.contains("the run diverged") == true)
        #expect(text("undo").hasPrefix("undid step"))
    }

    @Test func explainShowsTheRuleAndTheValues() {
        let adam = text("explain adam")
        #expect(adam.contains("m̂ ← m / (1 − β₁ᵗ)") && adam.contains("Kingma & Ba (2015)"))
        let wrong = text("explain adam_nobias")
        #expect(wrong.contains("WRONG"))
        #expect(text("explain rmsprop_wrong").contains("θ ← θ − α·g / √(1 + ε·s)"))
        _ = run("compile sgd lr=0.05 momentum=0.9 nesterov=1")
        #expect(text("explain").contains("g ← g + μ·b"))
    }

    /// Each printed row pairs the point with f *at* that point (f(0.9, 0.8) = 1.045 on the bowl
    /// ½(x² + 2y²)), and the summary agrees with the last row.
    @Test func minimizePrintsFAtThePrintedPoint() {
        let shown = text("minimize bowl from (1, 1) with sgd lr=0.1 steps=10 condition=2")
        #expect(shown.contains("step     1  f =          1.045  at (0.9, 0.8)"), "\(shown)")
        let lines = shown.split(separator: "\n")
        let last = lines.last { $0.hasPrefix("  step    10") }
        // 0.5·(0.9²⁰ + 2·0.8²⁰) = 0.072317542
        #expect(last?.contains("f =    0.072317542") == true, "\(last ?? "")")
        #expect(shown.contains("after 10 steps: f = 0.072317542"))
        // A run of 10 steps has its table only; one of 30 also its path over the bowl: the start
        // and 30 steps, the last at (0.9³⁰, 0.8³⁰).
        func surfaces(_ input: String) -> [Surface] {
            run(input).outputs.compactMap { output -> Surface? in
                if case .surface(let surface) = output { surface } else { nil }
            }
        }
        #expect(surfaces("minimize bowl from (1, 1) with sgd lr=0.1 steps=10 condition=2").isEmpty)
        let points =
            surfaces("minimize bowl from (1, 1) with sgd lr=0.1 steps=30 condition=2").first?.paths.first?.points ?? []
        #expect(points.count == 31, "\(points)")
        #expect(abs((points.last?.x ?? 0) - pow(0.9, 30)) < 1e-12 && abs((points.last?.y ?? 0) - pow(0.8, 30)) < 1e-12)
    }

    /// CommandOption values mean the same in every command: a name or an expression (`lr=best`), and
    /// yes/no, true/false, on/off or 1/0 for a switch — in compile, minimize and a racer's
    /// brackets alike.
    @Test(arguments: ["yes", "true", "on", "1"])
    func optionValuesAreTheSameInEveryCommand(_ on: String) throws {
        _ = run("best = 0.02")
        func amsgrad() -> Double? {
            notebook.session.run?.optimizer.hyperparameters.first { $0.name == "amsgrad" }?.value
        }
        func rate() -> Double? { notebook.session.run?.optimizer.initialLearningRate }
        #expect(errorText("minimize bowl from (1, 1) with adam lr=best amsgrad=\(on) steps=2 verbose=0") == nil)
        #expect(amsgrad() == 1 && rate() == 0.02)
        #expect(errorText("compile adam lr=best*2 amsgrad=\(on)") == nil)
        #expect(notebook.session.training.optimizer?.learningRate == 0.04)
        let raced = text("race adam[lr=best,amsgrad=\(on)] sgd[lr=best/2] on bowl from (1, 1) steps=2 verbose=0")
        #expect(!raced.contains("Error"), "\(raced)")
        #expect(raced.contains("0.02") && raced.contains("0.01"), "\(raced)")
        #expect(errorText("race adam[amsgrad=maybe] on bowl from (1, 1) steps=2")?.contains("'amsgrad=maybe'") == true)
    }

    /// The session's clipping applies to a race as to 'step' and 'minimize' (clipped to norm
    /// 0.001, SGD at γ = 0.1 moves each step by at most 1e-4), and 'clip off' ends it.
    @Test func raceHonoursClipping() {
        _ = run("race sgd on bowl from (1, 1) steps=20 lr=0.1 verbose=0")
        let free = run("_.sgd.final").result
        _ = run("clip norm=0.001")
        _ = run("race sgd on bowl from (1, 1) steps=20 lr=0.1 verbose=0")
        let clipped = run("_.sgd.final").result
        #expect(free != clipped, "\(free ?? "") against \(clipped ?? "")")
        _ = run("clip off")
        _ = run("race sgd on bowl from (1, 1) steps=20 lr=0.1 verbose=0")
        #expect(run("_.sgd.final").result == free)
    }

    /// A race's results are a value: `_.adam.steps` (inf when never reached), `_.adam.final`.
    @Test func raceResultsAreValuesAChecksCanRead() {
        _ = run("race adam adam_nobias sgd[lr=0.001] on bowl from (1, 1) steps=60 lr=0.1 condition=50")
        #expect(text("_.adam.steps") == "Out[2]: Value(11.0)")
        #expect(text("Out[1].adam_nobias.steps").hasSuffix("Value(48.0)"))
        #expect(text("Out[1].sgd.steps").hasSuffix("Value(inf)"))
        #expect(text("check Out[1].adam.steps < Out[1].adam_nobias.steps").hasPrefix("✓"))
        #expect(text("Out[1].adamw").contains("a Race has no '.adamw'"))
        #expect(text("Out[1].adam.point").hasSuffix("(-0.0346564, -0.0346564)"))
    }

    @Test func raceComparesOptimizersAndWritesSVG() throws {
        let path = NSTemporaryDirectory() + "race-\(UInt32.random(in: 0...UInt32.max)).svg"
        let rendered = text("race sgd[lr=0.1] adam[lr=0.1] on bowl from (1, 1) steps=60 condition=2 --svg \(path)")
        #expect(rendered.contains("● sgd[lr=0.1]   ○ adam[lr=0.1]"))
        let rows = rendered.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        // SGD on 0.5(x² + 2y²) with lr 0.1 contracts x by 0.9 and y by 0.8 per step:
        // f = 0.5(0.81ᵗ + 2·0.64ᵗ) first falls below 1e-3 after t = 30 steps (0.000894; at 29: 0.0011).
        #expect(rows.contains { $0.hasPrefix("sgd[lr=0.1]") && $0.hasSuffix(" 30 0.1") })
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("polyline") && svg.contains("bowl: the paths over f"))
    }
}
