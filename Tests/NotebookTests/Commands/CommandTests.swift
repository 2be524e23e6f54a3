import Foundation
import Rendering
import Testing

@testable import Notebook

@Suite struct CommandTests {
    let notebook = Notebook()

    func run(_ line: String) -> Cell {
        notebook.execute(line) ?? Cell(number: 0, input: line, outputs: [], result: nil)
    }

    func text(_ cell: Cell) -> String { TextRenderer().render(cell) }

    /// The rendered lines with runs of spaces collapsed, so tests do not pin column widths.
    func rows(_ cell: Cell) -> [String] {
        text(cell).split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
    }

    @Test func registryResolvesNamesAndAliases() {
        #expect(notebook.registry.command(named: "exit")?.name == "quit")
        #expect(notebook.registry.command(named: "?")?.name == "help")
        let names = notebook.registry.commands.map(\.name)
        #expect(Set(names).count == names.count)
        for command in notebook.registry.commands {
            #expect(!command.abstract.isEmpty && command.usage.hasPrefix(command.name))
        }
    }

    @Test func helpListsEveryCommandAndExplainsOne() {
        let all = text(run("help"))
        for command in notebook.registry.commands { #expect(all.contains(command.name)) }
        let one = text(run("help backward"))
        #expect(one.contains("usage: backward [NAME] [--step] [--accumulate]"))
        #expect(one.contains("backward L --step"))
        #expect(text(run("help tanh")).contains("1 − tanh²x"))
        #expect(text(run("help bakward")).contains("did you mean 'backward'?"))
    }

    @Test func gradExplainsTheChainRule() {
        _ = run("a = 2.0; b = -3.0; c = 10.0; f = -2.0")
        _ = run("e = a*b; d = e + c; L = d * f")
        #expect(run("grad a").failed)  // no backward yet
        _ = run("backward L")
        let cell = run("grad a")
        // The explanation is output; Out[n] holds the value.
        #expect(cell.result == "Value(6.0)")
        #expect(
            TextRenderer().render(cell) == """
                ∂L/∂a = 6.0
                  chain rule, summed over the one use of a:  ∂L/∂a = Σ ∂L/∂u · ∂u/∂a
                  via e = a·b:  ∂L/∂e · ∂e/∂a = -2.0 · -3.0 = 6.0
                      where ∂e/∂a = b = -3.0
                Out[\(cell.number)]: Value(6.0)
                """)
        guard case .scalar(let g)? = notebook.session.outputs[cell.number] else {
            Issue.record("no Out")
            return
        }
        #expect(g.data == 6)
        #expect(TextRenderer().render(run("grad L")).hasPrefix("∂L/∂L = 1.0"))
    }

    @Test func backwardTwiceResetsAndSaysSo() {
        _ = run("x = 3; y = x*x")
        _ = run("backward y")
        let second = text(run("backward y"))
        #expect(second.contains("reset to 0 first"))
        #expect(text(run("x.grad")).hasSuffix("Value(6.0)"))
        let accumulated = text(run("backward y --accumulate"))
        #expect(accumulated.contains("added to the existing ones"))
        #expect(text(run("x.grad")).hasSuffix("Value(12.0)"))
        #expect(
            text(run("backward y --acumulate")).contains("unknown option '--acumulate' — did you mean '--accumulate'?"))
        // micrograd's rule: a second pass on L = (a·b + c)·f gives a = 24, not 12.
        _ = run("a = 2.0; b = -3.0; c = 10.0; f = -2.0; L = (a*b + c)*f")
        _ = run("backward L --micrograd")
        #expect(text(run("backward L --micrograd")).contains("nothing was reset, as in micrograd"))
        #expect(text(run("a.grad")).hasSuffix("Value(24.0)"))
        #expect(text(run("backward L --micrograd --accumulate")).contains("exclude each other"))
    }

    @Test func stepThroughHasOnePagePerInteriorNode() {
        _ = run("a = 2.0; b = -3.0; c = 10.0; f = -2.0; e = a*b; d = e + c; L = d * f")
        let cell = run("backward L --step")
        guard case .steps(_, let pages)? = cell.outputs.first else {
            Issue.record("no steps")
            return
        }
        #expect(pages.count == 3 + 2)  // intro, L, d, e, done
        let e = TextRenderer().render(.steps(title: "t", pages: [pages[3]]))
        #expect(e.contains("[3/3] e = a·b   data -6.0   upstream ∂L/∂e = -2.0"))
        #expect(e.contains("→ a:  local  ∂e/∂a = b = -3.0"))
        #expect(e.contains("chain  ∂L/∂e · ∂e/∂a = -2.0 · -3.0 = 6.0"))
        #expect(e.contains("a.grad += 6.0:  0.0 → 6.0"))
    }

    @Test func graphShowsEachNodeOnce() {
        _ = run("a = 2; b = a * a; c = b + a; backward c")
        #expect(
            rows(run("graph c")) == [
                "node computed as data grad",
                "──────────────────────── ─────────── ──── ────",
                "c = b + a 6.0 1.0",
                "├─ b = a·a 4.0 1.0",
                "│ ├─ a leaf 2.0 5.0",
                "│ └─ a ↑ (shown above) 2.0 5.0",
                "└─ a ↑ (shown above) 2.0 5.0",
            ])
    }

    /// A long chain (a 60-term sum) keeps the tree's width: the middle levels of deep rows are
    /// elided with their count, and at 50 columns every row fits.
    @Test func deepGraphsKeepTheirWidth() throws {
        _ = run("a = 2.0")
        _ = run("s = " + Array(repeating: "a*a", count: 60).joined(separator: " + "))
        let text = TextRenderer(width: 50).render(run("graph s"))
        let lines = text.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count < 50 }, "\(text)")
        let deepest = try #require(lines.last { $0.contains("⋯") })
        #expect(deepest.hasPrefix("│  │  ⋯"), "the first levels stay")
        #expect(text.contains("more rows not shown"))
    }

    @Test func graphWritesDOT() throws {
        _ = run("a = 2; b = a * 3")
        let path = "/tmp/gradbook-test-\(UInt32.random(in: 0...UInt32.max)).dot"
        let cell = run("graph b --dot \(path)")
        #expect(!cell.failed)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.contains("digraph") && written.contains("{ b | data 6.0000 | grad 0.0000 }"))
        let bad = run("graph b --dot /nonexistent-dir/x.dot")
        #expect(text(bad).contains("/nonexistent-dir/x.dot: No such file or directory"))
    }

    @Test func gradcheckReportsEveryLeaf() {
        _ = run("x1 = 2; x2 = 0; w1 = -3; w2 = 1; b = 6.8813735870195432; o = tanh(x1*w1 + x2*w2 + b)")
        let cell = run("gradcheck o")
        #expect(!cell.failed)
        let rendered = text(cell)
        #expect(rendered.contains("✓ all 5 gradients agree with finite differences"))
        #expect(rendered.contains("x1") && rendered.contains("-1.5"))
    }

    @Test func varsDelResetHistory() {
        _ = run("a = 1; b = a + 1")
        #expect(rows(run("vars")).suffix(2) == ["a Value 1.0 0.0 leaf", "b Value 2.0 0.0 a + 1.0"])
        #expect(text(run("del b")) == "deleted b")
        #expect(text(run("del zz")).contains("name 'zz' is not defined"))
        #expect(notebook.session["a"] != nil)
        _ = run("reset")
        #expect(notebook.session.names.isEmpty)
        #expect(text(run("history 2")).hasSuffix("6  history 2"))
        #expect(text(run("history x")).contains("N must be a positive whole number, got 'x'"))
    }

    @Test func quitIsASignalNotAnExit() {
        #expect(run("quit").quits)
        #expect(run("exit").quits)
    }

    @Test func completionOffersCommandsNamesAndFunctions() {
        _ = run("alpha = 1; alpine = 2")
        #expect(notebook.completions(for: "al") == ["alpha", "alpine"])
        #expect(notebook.completions(for: "back") == ["back", "backward"])
        #expect(notebook.completions(for: "x = ta") == ["tanh"])
        #expect(notebook.completions(for: "backward alp") == ["alpha", "alpine"])
        #expect(notebook.completions(for: "help gradc") == ["gradcheck"])
        #expect(notebook.completions(for: "backward L --s") == ["--step"])
        _ = run("model dense 2->3 relu")
        #expect(notebook.completions(for: "grad dense_1.") == ["dense_1.W", "dense_1.b"])
    }
}
