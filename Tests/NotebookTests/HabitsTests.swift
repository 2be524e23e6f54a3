import Lessons
import Rendering
import Session
import TestSupport
import Testing

@testable import Notebook

/// Habits from IPython, PyTorch and Keras get the Gradbook way; messages say what to do.
@Suite struct HabitsTests {
    let notebook = Notebook(session: Session(lessons: LessonLibrary(directory: packageRoot() + "/Lessons")))

    func text(_ line: String) -> String {
        TextRenderer().render(notebook.execute(line)!)
    }

    @Test func ipythonHelpForms() {
        for line in ["tanh?", "?tanh", "help(tanh)"] {
            #expect(text(line).hasPrefix("tanh(x) — hyperbolic tangent"), "\(line)")
        }
        #expect(text("train?").hasPrefix("train — Train the model"))
    }

    /// Inside an expression too: a method call, a module prefix, a Keras model class and an
    /// in-place operator each get the Gradbook way, not a generic syntax error.
    @Test func pythonHabitsInsideExpressions() {
        _ = text("x = randn(3)")
        _ = text("a = 1")
        #expect(
            text("y = x.mean() + 1").contains(".mean(…) calls a method, and Gradbook has functions instead: mean(x)"))
        #expect(text("z = 2 * np.zeros(3)").contains("np.zeros(…) is Python; drop the 'np.': zeros(…)"))
        #expect(text("m = models.Sequential()").contains("builds a model in Keras or PyTorch; here a command does"))
        #expect(text("a += 1").contains("'+=' updates in place in Python; write it out: name = name + value"))
        #expect(text("a -= 1").contains("'-=' updates in place"))
        #expect(notebook.session["y"] == nil && notebook.session["z"] == nil, "nothing was assigned")
        #expect(text("a").contains("1"))
    }

    /// `show mistake 3` gets a did-you-mean, and Tab after `show m` offers `mistakes`.
    @Test func showMistakesIsFoundFromATypo() {
        _ = text("data mnist \(packageRoot())/Tests/Fixtures/mnist-small")
        #expect(text("show mistake 3").contains("did you mean 'show mistakes 3'?"))
        #expect(notebook.completions(for: "show m") == ["mistakes"])
        #expect(text("show 3x").contains("INDEX must be a whole number"), "not every bad word is a typo of mistakes")
    }

    @Test func pythonMethodCallsNameTheCommand() {
        #expect(text("model.fit(x, y, epochs=3)").contains("Gradbook's command for it: train epochs="))
        #expect(text("optimizer.zero_grad()").contains("every backward starts from zero gradients"))
        #expect(text("loss.backward()").contains("backward NAME"))
        #expect(text("model.fit(x, y, epochs=5, batch_size=64)").contains("train epochs=5 batch=64"), "numbers kept")
        #expect(text("torch.randn(3)").contains("drop the 'torch.': randn(3)"))
        #expect(text("np.exp(x)").contains("drop the 'np.': exp(x)"))
        #expect(text("print(a)").contains("type the expression alone (a)"))
        _ = text("x = randn(3)")
        #expect(text("x.requires_grad").hasSuffix("Value(1.0)"))
    }

    @Test func printedSymbolsReadBack() {
        _ = notebook.execute("a = 3")
        #expect(text("a · 2 − 1") == "Out[2]: Value(5.0)")
        #expect(text("a × 2 ÷ 4") == "Out[3]: Value(1.5)")
    }

    @Test func messagesSayWhatToDo() {
        #expect(text("backward").contains("backward alone uses the loss of the last 'forward"))
        #expect(text("1e999").contains("1e999 is beyond the largest number"))
        _ = notebook.execute("model dense 2->64 relu")
        #expect(text("add dense 32->10").contains("dense 32->10 follows a layer with 64 outputs: use 64->10"))
        _ = notebook.execute("lesson 1")
        var last = ""
        for _ in 0..<40 {
            last = text("next")
            if last.contains("last step") { break }
        }
        #expect(last.contains("'lesson 2' starts the next"), "\(last)")
        #expect(!last.contains("Error"), "the end of a lesson is not an error (a script goes on)")
    }

    /// PyTorch's rules: the batch given to forward records no gradient (the weights do), and
    /// matmul of vectors is a dot product (a vector on either side of a matrix works too).
    @Test func pytorchConventions() throws {
        for line in [
            "xb = [[0.5, -1.0], [2.0, 0.25]]", "model dense 2->2 softmax", "forward xb labels=[0, 1]", "backward",
        ] {
            _ = notebook.execute(line)
        }
        #expect(text("xb.grad").contains("xb has no gradient yet"))
        #expect(text("dense_1.W.grad").hasPrefix("Out["))
        _ = notebook.execute("a = [1.0, 2.0]")
        _ = notebook.execute("m = [[1.0, 2.0], [3.0, 4.0]]")
        #expect(text("a @ a").contains("tensor(5."))
        #expect(text("m @ a").contains("tensor([ 5., 11.]"))
        #expect(text("a @ m").contains("tensor([ 7., 10.]"))
        #expect(text("a @ [1.0, 2.0, 3.0]").contains("dot: shapes [2] and [3] do not match"))
    }
}
