import Rendering
import Session
import TestSupport
import Testing

@testable import Notebook

@Suite struct TrainingCommandTests: NotebookHarness {
    let notebook = Notebook(session: Session(seed: 1))

    /// A 30-epoch run prints the first, every 5th and the last epoch, says so, and keeps every
    /// epoch in the history; verbose=2 prints them all, verbose=0 none.
    @Test func aLongRunPrintsASummaryOfItsEpochs() {
        _ = run("data moons n=100")
        _ = run("model dense 2->4 tanh, dense 4->2 softmax")
        _ = run("compile sgd lr=0.1")
        let summary = text("train epochs=30 batch=80")
        let epochs = summary.split(separator: "\n").filter { $0.hasPrefix("Epoch ") }.map {
            $0.prefix { $0 != " " && $0 != "-" }
        }
        let numbers = summary.split(separator: "\n").compactMap { line -> Int? in
            guard line.hasPrefix("Epoch ") else { return nil }
            return Int(line.dropFirst(6).prefix { $0 != "/" })
        }
        #expect(numbers == [1, 10, 20, 30], "\(summary)")
        #expect(epochs.count == 4)
        #expect(summary.contains("(every 10th epoch; verbose=2: all)"))
        #expect(notebook.session.runs.current.epochs.count == 30)
        let all = text("train epochs=30 batch=80 verbose=2")
        #expect(all.split(separator: "\n").filter { $0.hasPrefix("Epoch ") }.count == 30)
        #expect(all.contains("Epoch 31/60") && all.contains("Epoch 60/60"))
        let none = text("train epochs=3 batch=80 verbose=0")
        #expect(!none.contains("Epoch ") && none.contains("trained 3 epochs"))
        #expect(errorText("train epochs=3 verbose=3")?.contains("verbose") == true)
    }

    /// One plateau rule for every loop: `schedule plateau` reduces the rate in `train` (per
    /// epoch) as in `step` (per step), and `callback reduce_lr` in `step` as in `train`.
    @Test func thePlateauRuleIsTheSameForTrainAndStep() throws {
        _ = run("data moons n=100")
        _ = run("model dense 2->4 tanh, dense 4->2 softmax")
        _ = run("compile sgd lr=0.1")
        // A relative improvement of 100% never comes: every epoch past the patience reduces.
        _ = run("schedule plateau factor=0.5 patience=0 threshold=1")
        _ = run("train epochs=4 batch=50 verbose=0")
        let afterTrain = try #require(notebook.session.training.optimizer?.learningRate)
        #expect(afterTrain < 0.1, "train kept lr \(afterTrain)")
        // reduce_lr, and a rate so small the loss cannot improve: step reduces too.
        _ = run("callback reduce_lr factor=0.5 patience=0")
        #expect(notebook.session.training.schedule == nil)
        _ = run("compile sgd lr=1e-6")
        _ = run("step 3 batch=all verbose=0")
        let afterStep = try #require(notebook.session.run?.optimizer.learningRate)
        #expect(afterStep < 1e-6, "step kept lr \(afterStep)")
        // 'callback none' ends it for both.
        _ = run("callback none")
        #expect(notebook.session.training.plateau == nil)
    }

    /// The same network built again prints one line, not its summary table again.
    @Test func theSameModelAgainPrintsItsSummaryOnce() {
        #expect(text("model dense 2->4 tanh, dense 4->2 softmax").contains("Total params: 22"))
        let again = text("model dense 2->4 tanh, dense 4->2 softmax")
        #expect(again.hasPrefix("model: the same layers as before, 22 parameters"), "\(again)")
        #expect(text("model dense 2->5 tanh, dense 5->2 softmax").contains("Total params: 27"))
        // Another initialisation or regulariser is another model, though its table looks the same.
        #expect(text("model dense 2->5 tanh init=zeros, dense 5->2 softmax").contains("Total params: 27"))
        #expect(text("model dense 2->5 tanh l2=0.01, dense 5->2 softmax").contains("Total params: 27"))
        _ = run("model clear")
        #expect(text("model dense 2->5 tanh l2=0.01, dense 5->2 softmax").contains("Total params: 27"))
    }

    @Test func trainEvaluateHistoryOnGeneratedData() {
        #expect(
            text("data moons n=300 noise=0.1").hasPrefix(
                "moons: 300 samples of 2 features, 2 classes; 240 for training, 60 for testing"))
        _ = run("model dense 2->16 tanh, dense 16->2 softmax")
        #expect(errorText("train epochs=2")?.contains("no optimizer") == true)
        _ = run("compile adam lr=0.05")
        let trained = text("train epochs=3 batch=32 validation=0.25")
        #expect(trained.contains("Epoch 1/3") && trained.contains("Epoch 3/3"))
        #expect(trained.contains("val_accuracy:") && (trained.contains("ms/step") || trained.contains("us/step")))
        #expect(trained.contains("trained 3 epochs of 180 samples, batch 32, Adam (t = 18), validated on 60"))
        let history = text("history")
        #expect(history.contains("epoch") && history.contains("val_loss"))
        #expect(text("history --inputs").contains("train epochs=3"))
        let evaluation = text("evaluate")
        #expect(evaluation.hasPrefix("moons test: loss"))
        #expect(text("plot accuracy").contains("● accuracy   ○ val_accuracy"))
        // One step after training continues with the same optimizer state, on the next minibatch.
        #expect(text("step").contains("step 1 of the model on minibatches of 128"))
        #expect(notebook.session.training.optimizer?.stepCount == 19)
    }

    /// As Keras' compile, each `compile` sets the whole configuration: a loss left out is the
    /// default again. A sigmoid binary classifier is evaluated with binary accuracy.
    @Test func compileResetsTheLossAndBinaryModelsEvaluate() {
        _ = run("seed 4")
        _ = run("data moons n=400")
        _ = run("model dense 2->16 relu, dense 16->1 sigmoid")
        #expect(text("compile adam lr=0.02 loss=binary_crossentropy").contains("loss: binary_crossentropy"))
        _ = run("train epochs=20 batch=32")
        let evaluated = text("evaluate")
        #expect(evaluated.contains("moons test: loss") && !evaluated.contains("accuracy 0.5"), "\(evaluated)")
        #expect(text("compile adam lr=0.001").contains("loss: default again (was binary_crossentropy)"))
        #expect(notebook.session.training.loss == nil)
    }

    /// Keras refuses categorical_crossentropy with integer labels; so do `train` and `forward`,
    /// naming sparse_categorical_crossentropy, and the model is untouched.
    @Test func categoricalCrossentropyWithClassLabelsSuggestsTheSparseLoss() throws {
        _ = run("seed 4")
        _ = run("data moons n=200")
        _ = run("model dense 2->8 relu, dense 8->2 softmax")
        _ = run("compile adam loss=categorical_crossentropy")
        let before = try #require(notebook.session.model).namedParameters.map { $0.1.tensor.data }
        let refused = try #require(errorText("train epochs=1"))
        #expect(refused.contains("use loss=sparse_categorical_crossentropy for class labels"), "\(refused)")
        #expect(notebook.session.model?.namedParameters.map { $0.1.tensor.data } == before)
        _ = run("compile adam loss=sparse_categorical_crossentropy")
        #expect(errorText("train epochs=1") == nil)
    }

    @Test func callbacksAreConfiguredAndReported() {
        #expect(
            text("callback early_stopping patience=2 restore_best_weights=1").contains(
                "the best epoch's weights are restored at the end"))
        #expect(text("callback").contains("early stopping: monitor val_loss, patience 2"))
        #expect(errorText("callback early_stoping")?.contains("did you mean 'early_stopping'?") == true)
        #expect(
            errorText("callback reduce_lr monitor=acc")?.contains(
                "monitor=acc is not known; expected one of loss, val_loss, accuracy, val_accuracy") == true)
        #expect(text("callback none") == "no callbacks (NaN detection stays on)")
    }

    @Test func dataMistakesAreNamed() {
        #expect(errorText("data mnist /nonexistent/mnist")?.contains("/nonexistent/mnist: no such directory") == true)
        #expect(errorText("data moonz")?.contains("did you mean 'moons'?") == true)
        #expect(errorText("data csv /nonexistent.csv label=y")?.contains("/nonexistent.csv: no such file") == true)
        #expect(errorText("train")?.contains("no model") == true)
    }

    /// Each model is a run of its own, named or numbered; runs are listed and plotted side by side.
    @Test func runsAreKeptApartAndCompared() throws {
        for line in [
            "seed 2", "data moons n=400", "model dense 2->4 relu, dense 4->2 softmax", "compile adam lr=0.01",
            "train epochs=2 name=small", "model dense 2->32 relu, dense 32->2 softmax", "compile adam lr=0.01",
            "train epochs=3",
        ] { _ = run(line) }
        #expect(notebook.session.runs.current.epochs.count == 3, "the new model's history starts at epoch 1")
        let listed = text("history runs")
        #expect(listed.contains("small") && listed.contains("run2"), "\(listed)")
        let rows = listed.split(separator: "\n").filter { $0.hasPrefix("small") || $0.hasPrefix("run2") }
        #expect(rows.map { $0.split(separator: " ")[1] } == ["2", "3"], "\(rows)")
        let cell = run("plot loss runs=small,run2")
        let plots = cell.outputs.compactMap { output -> Plot? in if case .plot(let p) = output { p } else { nil } }
        #expect(plots.first?.series.map(\.name) == ["small", "run2"])
        #expect(plots.first?.series.map(\.points.count) == [2, 3])
        #expect(errorText("plot loss runs=smal")?.contains("did you mean 'small'?") == true)
        // Only the runs named, once each; the value has only those.
        let named = text("history runs run2,run2")
        #expect(named.split(separator: "\n").filter { $0.hasPrefix("run2") }.count == 1, "\(named)")
        #expect(!named.contains("small"), "\(named)")
        #expect(errorText("history runs run2,smal")?.contains("no run named 'smal' (did you mean 'small'?)") == true)
        // A name used again replaces that run (re-running a lesson step, a notebook cell).
        _ = run("model dense 2->2 softmax")
        #expect(text("train epochs=1 name=small").hasPrefix("the earlier run named small is replaced by this one"))
        _ = run("history runs")
        #expect(text("check _.small.epochs == 1").hasPrefix("✓"))
        #expect(notebook.session.runs.all.filter { $0.name == "small" }.count == 1)
    }

    /// lr_find takes minibatches whatever `step batch=` says (the full gradient would make it
    /// slow and would not be the range test).
    @Test func lrFindIgnoresStepsBatchSetting() throws {
        for line in ["seed 1", "data moons n=1000", "model dense 2->8 relu, dense 8->2 softmax", "compile sgd"] {
            _ = run(line)
        }
        _ = run("step batch=all")
        #expect(notebook.session.training.stepBatch == nil)
        let said = text("lr_find steps=30")
        #expect(said.contains("A good learning rate"), "\(said)")
        #expect(text("step").contains("whole training set"), "step keeps its own setting")
    }

    /// `train` records each layer's gradient norm and dead ReLU share; `diagnose` reads the
    /// history and its value is checkable; `plot gradients` and `plot dead` draw them.
    @Test func layerStatisticsAndDiagnosis() throws {
        for line in [
            "seed 1", "data moons n=1000", "model dense 2->32 relu, dense 32->2 softmax", "compile sgd lr=0.0001",
            "train epochs=4",
        ] { _ = run(line) }
        let last = try #require(notebook.session.runs.current.epochs.last)
        #expect((last["grad_norm/dense_1"] ?? 0) > 0 && (last["grad_norm/dense_2"] ?? 0) > 0)
        #expect(last["dead/dense_1"].map { (0...1).contains($0) } == true && last["dead/dense_2"] == nil)
        #expect(text("diagnose").contains("lr_too_low: the loss falls by only"))
        #expect(text("check _.lr_too_low == 1").hasPrefix("✓"))
        _ = run("diagnose")
        #expect(text("check _.overfitting == 0").hasPrefix("✓"))
        let plots = ["gradients", "dead"].map { metric in
            run("plot \(metric)").outputs.compactMap { output -> Plot? in
                if case .plot(let p) = output { p } else { nil }
            }
        }
        #expect(plots[0].first?.series.map(\.name) == ["dense_1", "dense_2"])
        #expect(plots[1].first?.series.map(\.name) == ["dense_1"])
    }

    /// The range test raises lr geometrically on fresh minibatches, suggests a tenth of the rate of
    /// the lowest loss, and leaves the weights and the optimizer's state as they were.
    @Test func lrFindSuggestsARateAndRestoresTheModel() throws {
        for line in ["seed 1", "data moons n=1000", "model dense 2->32 relu, dense 32->2 softmax", "compile adam"] {
            _ = run(line)
        }
        let model = try #require(notebook.session.model)
        let before = model.namedParameters.map { $0.parameter.tensor.data }
        let said = text("lr_find steps=60")
        #expect(said.contains("A good learning rate is about 10× smaller"), "\(said)")
        #expect(model.namedParameters.map { $0.parameter.tensor.data } == before, "the weights are put back")
        #expect(notebook.session.training.optimizer?.stepCount == 0, "and the optimizer's state")
        #expect(text("check _.suggested == _.lowest / 10").hasPrefix("✓"))
        #expect(errorText("lr_find from=1 to=0.1")?.contains("to=0.1 must be larger than from=1") == true)
    }

    /// The range test leaves the run in progress (its undo), the last forward's batch and the
    /// generator as they were, and reports an error that is not a blown-up loss as it is.
    @Test func lrFindLeavesTheRunAndReportsRealErrors() throws {
        for line in ["seed 1", "data moons n=400", "model dense 2->8 tanh, dense 8->2 softmax", "compile adam"] {
            _ = run(line)
        }
        _ = run("step 3 verbose=0")
        let generator = notebook.session.generator
        #expect(text("lr_find steps=20").contains("A good learning rate"))
        #expect(notebook.session.generator.words == generator.words)
        #expect(text("undo").contains("undid step 3"), "the run and its undo survive lr_find")
        // A trained model: the loss falls at no rate, and the suggestion says so.
        _ = run("compile adam lr=0.05")
        _ = run("train epochs=20 verbose=0")
        let trained = text("lr_find from=1e-7 to=1e-5 steps=10")
        #expect(
            trained.contains("the loss fell at none of the rates tried") || trained.contains("lowest"), "\(trained)")
        // Class labels against two outputs with mse: the shapes error, not "the loss was not a number".
        _ = run("compile adam loss=mse")
        let error = errorText("lr_find steps=10") ?? ""
        #expect(error.contains("mse") && !error.contains("was not a number"), "\(error)")
        // step checks the targets as train does, with the same advice, naming itself.
        let stepError = errorText("step") ?? ""
        #expect(stepError.hasPrefix("step:") && stepError.contains("class label"), "\(stepError)")
    }

    /// `data mnist n=N` keeps the first N training images (the test set stays whole);
    /// `scale=none` keeps the raw 0–255 pixels.
    @Test func mnistSubsetsAndRawPixels() throws {
        #expect(text("data mnist \(Fixtures.mnistSmall) n=100").contains("the first 100 of 1,000 training images"))
        let scaled = try #require(notebook.session.data.train)
        #expect(scaled.count == 100 && notebook.session.data.test?.count == 200)
        let unit = (0..<100).flatMap { scaled.sample($0) }.max() ?? 0
        #expect(unit == 1)
        #expect(text("data mnist \(Fixtures.mnistSmall) scale=none").contains("raw values 0–255"))
        let raw = try #require(notebook.session.data.train)
        #expect(raw.count == 1000)
        #expect((0..<100).flatMap { raw.sample($0) }.max() == 255)
        #expect(errorText("data mnist \(Fixtures.mnistSmall) scale=raw")?.contains("unit, none") == true)
    }

    /// A schedule advances every epoch in train, or every batch with per=batch (a warm-up).
    @Test func schedulesCountEpochsOrBatches() throws {
        for line in ["data moons n=200", "model dense 2->8 relu, dense 8->2 softmax", "compile sgd lr=0.1"] {
            _ = run(line)
        }
        #expect(text("schedule warmup start_factor=0.1 total_iters=4").hasSuffix("train counts e in epochs"))
        _ = run("train epochs=1 batch=16")
        _ = run("history")
        #expect(text("check _.lr == 0.01 tol=1e-9").hasPrefix("✓"))
        #expect(text("schedule warmup start_factor=0.1 total_iters=4 per=batch").hasSuffix("in batches"))
        _ = run("model dense 2->8 relu, dense 8->2 softmax")
        _ = run("train epochs=1 batch=16")
        _ = run("history")
        #expect(text("check _.lr == 0.1 tol=1e-9").hasPrefix("✓"), "10 batches: past the warm-up")
        #expect(errorText("schedule cosine per=step")?.contains("epoch, batch") == true)
        #expect(text("schedule cosine per=Batch").hasSuffix("in batches"))
        #expect(
            text("schedule warmup").hasPrefix("schedule linear warm-up: γ·(0.333333 + (1.0 − 0.333333)·min(e, 5)/5)"))
    }

    /// `history` is a value: the last epoch's figures, the per-layer ones grouped by layer.
    @Test func historyIsTheLastEpochAsAValue() throws {
        for line in ["data moons n=200", "model dense 2->8 relu, dense 8->2 softmax", "compile sgd lr=0.1"] {
            _ = run(line)
        }
        _ = run("train epochs=2 batch=16")
        _ = run("history")
        let last = try #require(notebook.session.runs.current.epochs.last)
        #expect(text("check _.loss == \(last["loss"] ?? .nan) tol=1e-12").hasPrefix("✓"))
        #expect(text("check _.epochs == 2").hasPrefix("✓"))
        _ = run("history")
        #expect(text("check _.grad_norm.dense_2 == \(last["grad_norm/dense_2"] ?? .nan) tol=1e-12").hasPrefix("✓"))
        _ = run("history")
        #expect(text("check _.dead.dense_1 == \(last["dead/dense_1"] ?? .nan) tol=1e-12").hasPrefix("✓"))
    }

    /// On a fresh clone (no data directory chosen, none at the default place) `data mnist`
    /// reads the sample shipped in the checkout and says so; a chosen directory is never
    /// replaced by it.
    @Test func freshCloneFallsBackToTheShippedSample() {
        let session = Session()
        session.paths.mnistSample = Fixtures.mnistSmall
        let notebook = Notebook(session: session)
        let said = TextRenderer().render(notebook.execute("data mnist")!)
        #expect(said.contains("using the 1,000-image sample shipped with Gradbook"), "\(said)")
        #expect(session.data.train?.count == 1000)
        _ = notebook.execute("data dir /no/such/place")
        #expect(TextRenderer().render(notebook.execute("data mnist")!).contains("/no/such/place: no such directory"))
    }

    /// Asking for more images than a data set has loads them all, and says so.
    @Test func mnistSubsetLargerThanTheSetSaysSo() {
        #expect(
            text("data mnist \(Fixtures.mnistSmall) n=5000").contains(
                "all 1,000 training images (n=5000 asked for more than there are)"))
    }

    @Test func mnistDigitsAreDrawn() {
        _ = run("data mnist \(Fixtures.mnistSmall)")
        let picture = text("show 0")
        #expect(picture.hasPrefix("#0  label 7"))
        #expect(picture.split(separator: "\n").count == 15)
        #expect(picture.contains("@"))
    }

    @Test func divergingTrainingIsDiagnosed() {
        _ = run("data blobs n=200 classes=3")
        _ = run("model dense 2->8 relu, dense 8->3 softmax")
        _ = run("compile sgd lr=1e12")
        let error = errorText("train epochs=3 batch=16")
        #expect(error?.contains("training stopped at epoch 1") == true)
        #expect(error?.contains("a smaller learning rate than the current lr 1e+12") == true, "\(error ?? "")")
        // Training the blown-up model again with a sane optimizer names the weights, not the rate.
        _ = run("compile adam")
        let again = errorText("train epochs=3 batch=16") ?? text("history")
        #expect(again.contains("rebuild the model"), "\(again)")
        // A forward pass on a batch with nan names the inputs.
        _ = run("model dense 2->8 relu, dense 8->3 softmax")
        _ = run("xb = log(zeros(2, 2)) * 0")
        #expect(text("forward xb labels=[0, 1]").contains("the inputs hold 4 nan/inf values"))
    }

    /// A model trained again goes on counting its epochs, in the output and in `history` alike;
    /// a new model starts a new history.
    @Test func epochsAreCountedPerModel() throws {
        let notebook = Notebook()
        for line in [
            "seed 3", "data moons n=100", "model dense 2->4 relu, dense 4->2 softmax", "compile adam", "train epochs=2",
        ] {
            _ = notebook.execute(line)
        }
        let second = TextRenderer().render(try #require(notebook.execute("train epochs=2")))
        #expect(second.contains("Epoch 3/4 - ") && second.contains("Epoch 4/4 - "), "\(second)")
        #expect(notebook.session.runs.current.epochs.count == 4)
        _ = notebook.execute("model dense 2->3 tanh, dense 3->2 softmax")
        #expect(notebook.session.runs.current.epochs.isEmpty, "a new model is a new run")
        let fresh = TextRenderer().render(try #require(notebook.execute("train epochs=1")))
        #expect(fresh.contains("Epoch 1/1 - "))
    }
}
