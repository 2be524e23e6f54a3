import Foundation
import Rendering
import Session
import TestSupport
import Testing

@testable import Notebook

#if canImport(Glibc)
    import Glibc
#endif

/// Every reproducer of the fuzzing run that crashed Gradbook (issue 8), as a line typed into a
/// session that already holds a variable, a model, an optimizer with state, data and a
/// training history: each must give a clear error naming the value, and leave all of it as
/// it was.
@Suite struct HostileInputTests: NotebookHarness {
    let notebook = Notebook(session: Session(seed: 8))

    /// A session with something of everything in it.
    func prepare() {
        for line in [
            "x = 5", "t = randn(2, 3)", "f(a) = a^2", "data moons n=40", "model dense 2->4 tanh, dense 4->2 softmax",
            "compile adam lr=0.01", "train epochs=2 batch=8", "schedule step step_size=10",
            "callback early_stopping patience=2",
        ] {
            let cell = run(line)
            #expect(
                !cell.outputs.contains { if case .error = $0 { true } else { false } },
                "setup '\(line)' failed: \(TextRenderer().render(cell))")
        }
    }

    /// Runs `line`, expects an error containing every fragment, and an unchanged session.
    func expectRefused(_ line: String, _ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let before = SessionSnapshot(notebook.session)
        let message = errorText(line)
        #expect(message != nil, "'\(line.prefix(80))' was accepted", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(
                message?.contains(fragment) == true,
                "'\(line.prefix(80))': \(message ?? "no error") lacks '\(fragment)'", sourceLocation: sourceLocation)
        }
        #expect(
            SessionSnapshot(notebook.session) == before, "'\(line.prefix(80))' changed the session",
            sourceLocation: sourceLocation)
    }

    @Test func modelInputMustMatchTheDataAtEveryEntry() throws {
        prepare()
        _ = run("model dense 784->3 softmax")
        for command in ["evaluate", "predict 0", "confusion", "show mistakes"] {
            let message = errorText(command)
            #expect(
                message?.contains("the data has 2 features per sample but the model's first layer takes 784") == true
                    || message?.contains("show draws 28×28 images") == true, "\(command): \(message ?? "accepted")")
        }
        // A 5-column CSV under a model for 2 inputs: once memory corruption, now an error.
        let csv = NSTemporaryDirectory() + "gradbook-five-\(UUID().uuidString).csv"
        try "a,b,c,d,e,label\n1,2,3,4,5,0\n2,3,4,5,6,1\n1,1,1,1,1,2\n0,0,0,0,0,1\n9,9,9,9,9,0\n".write(
            toFile: csv, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: csv) }
        _ = run("data csv \(csv) label=label")
        _ = run("model dense 2->3 softmax")
        _ = run("compile sgd")
        for command in ["evaluate", "evaluate train", "predict 0", "confusion", "train epochs=1"] {
            expectRefused(command, ["the data has 5 features per sample but the model's first layer takes 2"])
        }
    }

    @Test func numbersThatCannotBeCountsAreRefusedByName() {
        prepare()
        expectRefused("ones(1e300)", ["dimension 0", "1e+300", "100,000,000 elements per tensor"])
        expectRefused("zeros(inf)", ["dimension 0", "inf"])
        expectRefused("zeros(-inf, 2)", ["dimension 0", "-inf"])
        expectRefused("one_hot([1e20], 3)", ["one_hot: label at position 0", "0…2"])
        expectRefused("one_hot([1], 1e9)", ["one_hot()", "1000000000"])
        expectRefused("arange(1e30)", ["arange", "limit of 100,000,000 elements per tensor"])
        expectRefused("arange(0, inf)", ["arange", "finite"])
        for empty in ["arange(-1e30)", "arange(1e30, 0)", "arange(0, 1, -1e-30)"] {
            #expect(text(empty).contains("tensor([]"), "\(empty) is an empty range, as in NumPy")
        }
        expectRefused("schedule step step_size=1e30", ["step_size=", "1e30", "1,000,000 steps"])
        expectRefused("callback early_stopping patience=1e30", ["patience=", "1e30", "100,000 epochs"])
        expectRefused("callback reduce_lr patience=-1", ["patience=", "-1"])
        expectRefused("race sgd on rosenbrock from (1, 1) steps=nan", ["steps=", "got nan"])
        expectRefused("race sgd on rosenbrock from (1, 1) steps=1e30", ["steps=", "1,000,000 steps"])
        expectRefused("minimize rosenbrock from (1, 1) with sgd steps=1e300", ["steps=", "1e300"])
        expectRefused("train epochs=1e30", ["epochs=", "1e30", "100,000 epochs"])
        expectRefused("train epochs=10000000000000000", ["epochs=", "10000000000000000"])
        expectRefused("train epochs=2.5", ["epochs", "2.5"])
        expectRefused("train batch=nan", ["batch=", "nan"])
        expectRefused("train validation=nan", ["validation=", "nan"])
        expectRefused("reshape(zeros(2, 3), (1e300, 1))", ["reshape: size 0", "1e+300"])
        expectRefused("reshape(zeros(2, 3), 3037000500, 3037000500)", ["reshape()", "3037000500"])
        expectRefused("step 1e30", ["N must be a whole number", "1,000,000 steps"])
        expectRefused("predict 99999999999999999999", ["INDEX", "0…7"])
        expectRefused("data moons n=1e30", ["n=", "1e30"])
        expectRefused("data blobs classes=1e9", ["classes=", "2…10", "1e9"])
        expectRefused("transpose(t, 1e300, 0)", ["transpose()", "1e+300"])
        expectRefused("sum(t, axis=inf)", ["axis=", "inf"])
    }

    @Test func shapesThatOverflowOrExceedTheLimitAreRefused() {
        prepare()
        expectRefused("zeros(3037000500, 3037000500)", ["3037000500", "100,000,000 elements per tensor"])
        expectRefused(
            "zeros(20000, 20000)",
            ["zeros: shape [20000, 20000] has 400,000,000 elements", "100,000,000 elements per tensor"])
        expectRefused("eye(3037000500)", ["3037000500"])
        _ = run("z = zeros(0, 100000)")
        expectRefused("z.T @ z", ["matmul: shape [100000, 100000] has 10,000,000,000 elements"])
        expectRefused("sum(zeros(0, 100000000000), axis=0)", ["100000000000"])
        expectRefused(
            "reshape(arange(100000), (-1, 1)) * arange(100000)",
            ["multiply: shape [100000, 100000]", "100,000,000 elements per tensor"])
        expectRefused("reshape(arange(100000), (100000, 1)) + arange(100000)", ["add: shape [100000, 100000]"])
        expectRefused("model dense 100000->100000", ["100000", "65,536 units per layer"])
        expectRefused("model dense 60000->60000", ["60000->60000", "20,000,000 parameters per model"])
        // (Zero-initialised, so the two layers that fit are made in no time, also under ASan.)
        expectRefused(
            "model dense 2->4000 init=zeros, dense 4000->4000 init=zeros, dense 4000->4000",
            ["dense 4000->4000 would bring the model to 32,020,000 parameters"])
        expectRefused("model dense 2->8 l2=-1000", ["l2=-1000 is out of range"])
        // Each tensor is within its limit, but the product is 4·10¹⁰ multiply-adds: too long
        // for a product no Ctrl-C can stop (10000×10000 squared would be minutes).
        _ = run("tall = zeros(10000, 400)")
        _ = run("flat = zeros(400, 10000)")
        expectRefused(
            "tall @ flat",
            [
                "matmul: 10000×400 · 400×10000 is 40,000,000,000 multiply-adds",
                "30,000,000,000 multiply-adds per matrix product",
            ])
        expectRefused("data circles n=40 noise=1e308", ["noise=1e308 is out of range", "[0, 1,000,000]"])
        expectRefused("add dense 1e9", ["dense units", "1e9"])
        expectRefused("concat(1)", ["concat", "single number"])
        expectRefused("model ,", ["expected at least one layer"])
        expectRefused("model  , ,", ["expected a layer"])
        expectRefused("forward [[1, 2]] labels=[1e30]", ["label 1e+30 at row 0 is not a class index in 0..<2"])
        expectRefused("forward [[1, 2]] labels=[-1]", ["label -1.0 at row 0"])
    }

    @Test func deepNestingIsASyntaxErrorNotAStackOverflow() {
        prepare()
        expectRefused(
            String(repeating: "(", count: 30_000) + "1" + String(repeating: ")", count: 30_000),
            ["200 levels of nesting"])
        expectRefused(
            String(repeating: "exp(", count: 10_000) + "1" + String(repeating: ")", count: 10_000),
            ["200 levels of nesting"])
        expectRefused(
            String(repeating: "[", count: 5_000) + "1" + String(repeating: "]", count: 5_000), ["200 levels of nesting"]
        )
        expectRefused(String(repeating: "-", count: 30_000) + "1", ["200 levels of nesting"])
        expectRefused(String(repeating: "2^", count: 5_000) + "2", ["200 levels of nesting"])
        expectRefused(
            "y = " + Array(repeating: "1", count: 50_000).joined(separator: "+"),
            ["1,000 levels in an expression's tree"])
        expectRefused("f(x) = f(x) + 1; f(1)", ["2,000 levels of evaluation"])
        // Doubling at every level: 2^30 evaluations are refused at the limit (and the memory
        // they would take with them).
        _ = run("d1(a) = a + a")
        for n in 2...30 { _ = run("d\(n)(a) = d\(n - 1)(a) + d\(n - 1)(a)") }
        expectRefused("w = d30(1)", ["more than 5,000,000 expressions evaluated at once"])
        #expect(text("d10(1)").contains("Value(1024.0)"))
        // Within the limits, deep expressions still work.
        #expect(
            text(String(repeating: "(", count: 150) + "1" + String(repeating: ")", count: 150)).contains("Value(1.0)"))
        #expect(text(Array(repeating: "1", count: 900).joined(separator: "+")).contains("Value(900.0)"))
    }

    @Test func longLoopsStopOnCtrlCAndKeepTheirProgress() {
        prepare()
        var polls = 0
        notebook.interruptRequested = {
            polls += 1
            return polls > 5
        }
        let minimized = text("minimize rosenbrock from (-1, 1) with adam lr=0.01 steps=1000000")
        #expect(minimized.contains("stopped by Ctrl-C after step 6 of 1000000"), "\(minimized)")
        #expect(notebook.session.run?.steps == 6)
        polls = 0
        let raced = text("race sgd adam on bowl from (1, 1) steps=1000000")
        #expect(
            raced.contains("stopped by Ctrl-C: sgd after 6 of 1000000 steps, the optimizers after it did not run"),
            "\(raced)")
        polls = 0
        let stepped = text("step 1000000")
        #expect(stepped.contains("stopped by Ctrl-C after 6 of 1000000 steps"), "\(stepped)")
        polls = 0
        _ = run("data moons n=400")
        _ = run("model dense 2->4 tanh, dense 4->2 softmax")
        _ = run("compile adam")
        let epochsBefore = notebook.session.runs.current.epochs.count
        let trained = text("train epochs=100000 batch=1")
        #expect(trained.contains("stopped by Ctrl-C after batch 6 of epoch 1"), "\(trained)")
        #expect(notebook.session.runs.current.epochs.count == epochsBefore + 1)
        // A function that calls itself twice: exponential work, stopped between evaluations.
        _ = run("d1(a) = a + a")
        for n in 2...30 { _ = run("d\(n)(a) = d\(n - 1)(a) + d\(n - 1)(a)") }
        polls = 0
        expectRefused("w = d30(1)", ["stopped by Ctrl-C; nothing was assigned"])
        // A chain of tensor products stops between products (every node polls), assigning nothing.
        polls = -1_000_000  // no Ctrl-C while setting up
        _ = run("m = randn(50, 50)")
        polls = 0
        expectRefused("z = m @ m @ m @ m", ["stopped by Ctrl-C; nothing was assigned"])
        #expect(notebook.session["z"] == nil)
        // One long operation interrupted midway (the poll after it): nothing assigned either.
        polls = 4  // the node polls (5th: no), the final poll (6th: yes)
        expectRefused("z = m", ["stopped by Ctrl-C; nothing was assigned"])
        #expect(notebook.session["z"] == nil)
        // gradcheck of a large tensor compares up to 2,000 elements, each a full forward pass.
        polls = -1_000_000
        _ = run("big = randn(300, 300)")
        _ = run("B = sum(big * big)")
        func bigData() -> [Float]? { if case .tensor(let t)? = notebook.session["big"] { t.data } else { nil } }
        let before = bigData()
        polls = 0
        let checked = text("gradcheck B")
        #expect(checked.contains("stopped by Ctrl-C after 6 elements"), "\(checked)")
        #expect(before != nil && bigData() == before, "the data is restored")
        polls = -1_000_000
        _ = run("s1 = 1 + 2 * 3")
        _ = run("s2 = s1 * s1 + s1")
        polls = 0
        #expect(text("gradcheck s2").contains("all 3 gradients agree"), "three leaves fit before the sixth poll")
        #expect(text("x").contains("Value(5.0)"))
    }

    @Test func filesAreWrittenWholeOrNotAtAll() throws {
        prepare()
        let directory = NSTemporaryDirectory() + "gradbook-write-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = run("L = x * 2")
        #expect(errorText("graph L --dot \(directory)/L.dot") == nil)
        #expect(try String(contentsOfFile: directory + "/L.dot", encoding: .utf8).hasPrefix("digraph"))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory) == ["L.dot"],
            "no temporary file is left behind")
        try FileManager.default.removeItem(atPath: directory + "/L.dot")
        // A link is followed: its target gets the file, the link stays a link.
        let target = directory + "/target.dot"
        let link = directory + "/link.dot"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(errorText("graph L --dot \(link)") == nil)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("digraph"))
        // What is not a regular file is written to, never renamed over.
        #expect(errorText("graph L --dot /dev/null") == nil)
        var status = stat()
        #expect(stat("/dev/null", &status) == 0 && (status.st_mode & S_IFMT) == S_IFCHR, "/dev/null is still a device")
        // A directory that does not exist: an error naming the path, nothing written.
        expectRefused(
            "graph L --dot \(directory)/missing/L.dot", ["\(directory)/missing/L.dot", "No such file or directory"])
    }

    /// Values at the edge of Double: spans that overflow to inf once crashed the plot and
    /// the digit picture (an integer conversion of nan).
    @Test func picturesOfExtremeValuesDrawWhatTheyCan() {
        let plot = Plot(
            title: "extreme", xLabel: "step", yLabel: "f", logarithmic: false,
            series: [.init(name: "f", points: [(1, -1e308), (2, 1e308), (3, .nan), (4, 0)])])
        let text = PlotRenderer().render(plot)
        #expect(text.contains("extreme") && text.contains("●"), "\(text)")
        let wild = (0..<784).map { i -> Float in [Float.nan, .infinity, -.infinity, 3e38, -3e38, 0.5][i % 6] }
        let picture = Command.picture(wild)
        #expect(picture.split(separator: "\n").count == 14)
    }

    /// A new model gets fresh optimizer state: t and the moment buffers start again, so Adam's
    /// bias correction matches its buffers (a rebuilt model once inherited t = 30).
    @Test func aNewModelStartsTheOptimizerAfresh() {
        prepare()
        #expect((notebook.session.training.optimizer?.stepCount ?? 0) > 0)
        _ = run("model dense 2->4 tanh, dense 4->2 softmax")
        #expect(notebook.session.training.optimizer?.stepCount == 0)
        #expect(text("train epochs=1 batch=8").contains("(t = 4)"), "32 samples in batches of 8: t counts from 0 again")
        // Parameters that change under the optimizer (add) also restart its state.
        _ = run("add dense 2 softmax")
        #expect(text("train epochs=1 batch=8").contains("(t = 4)"))
        // A minimize in between runs its own optimizer: the model's Adam and its state stay.
        _ = run("minimize rosenbrock from (-1, 1) with sgd lr=0.0001 steps=5")
        #expect(text("train epochs=1 batch=8").contains("Adam (t = 8)"))
    }

    /// Tensors are Float32: a literal beyond its range is stored as inf, and says so.
    @Test func float32OverflowInALiteralIsNamed() {
        let cell = run("big = [1e39, 1]")
        let warnings = cell.outputs.compactMap { if case .warning(let w) = $0 { w } else { nil } }
        #expect(
            warnings.contains("item 0 of the tensor, 1e+39, is beyond Float32's range (±3.4e38) and is stored as inf"),
            "\(warnings)")
        #expect(run("fine = [3e38, 1]").outputs.allSatisfy { if case .warning = $0 { false } else { true } })
    }
}
