import Foundation
import JSON
import NeuralNet
import Rendering
import Safetensors
import Session
import TestSupport
import Testing

@testable import Notebook

/// `save model` / `load model` / `load weights` / `train … checkpoint=`: what is saved is
/// what training needs to go on exactly, and a file that does not fit changes nothing.
@Suite struct PersistenceCommandTests: NotebookHarness {
    let notebook = Notebook(session: Session(seed: 3))
    let directory = NSTemporaryDirectory() + "gradbook-persist-\(UUID().uuidString)"

    init() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// The set-up every notebook of a test repeats: the same data, network and optimizer.
    static let setup = [
        "seed 3", "data moons n=512 noise=0.2", "model dense 2->16 relu, dropout 0.2, dense 16->2 softmax",
        "compile adam lr=0.01 loss=sparse_categorical_crossentropy",
    ]

    func weights(_ notebook: Notebook) -> [Float] {
        notebook.session.model?.namedParameters.flatMap { $0.parameter.tensor.data } ?? []
    }

    /// Train 2 epochs, save, load in a new session, train 1 more: the same losses and weights
    /// as 3 epochs in one go (Adam's m, v and t, the shuffle and the dropout masks all continue).
    @Test func resumingASavedModelMatchesAnUninterruptedRun() throws {
        let path = directory + "/resume.safetensors"
        for line in Self.setup { #expect(!run(line).failed, "\(line)") }
        #expect(!run("train epochs=2 batch=32").failed)
        let saved = text("save model \(path)")
        #expect(saved.contains("saved model (82 parameters), Adam at step 26, loss sparse_categorical_crossentropy"))

        let resumed = Notebook(session: Session(seed: 99))
        for line in Self.setup.prefix(2) { #expect(resumed.execute(line)?.failed == false) }
        let loaded = TextRenderer().render(try #require(resumed.execute("load model \(path)")))
        #expect(loaded.contains("loaded model (82 parameters), Adam at step 26"), "\(loaded)")
        #expect(loaded.contains("it had trained 2 epochs ('history' shows them); train continues with epoch 3"))
        let third = TextRenderer().render(try #require(resumed.execute("train epochs=1 batch=32")))
        #expect(third.contains("Epoch 3/3"), "\(third)")

        let straight = Notebook(session: Session(seed: 7))
        for line in Self.setup { #expect(straight.execute(line)?.failed == false) }
        #expect(straight.execute("train epochs=3 batch=32")?.failed == false)

        let a = try #require(resumed.session.runs.current.epochs.last?["loss"])
        let b = try #require(straight.session.runs.current.epochs.last?["loss"])
        #expect(abs(a - b) < 1e-6, "resumed \(a), uninterrupted \(b)")
        #expect(resumed.session.runs.current.epochs.count == 3)
        #expect(weights(resumed) == weights(straight))
        #expect(resumed.session.training.optimizer?.stepCount == 39)
    }

    /// Every optimizer's state goes on after a save and load, whatever its number of buffers
    /// (SGD's none or one, Lion's one, Adam's two or three, centered RMSprop's three): one
    /// epoch, save, load, one more equals two epochs straight.
    @Test(arguments: [
        "sgd lr=0.1", "sgd lr=0.1 momentum=0.9", "lion lr=0.001", "adam lr=0.01 amsgrad=yes",
        "rmsprop lr=0.01 momentum=0.5 centered=1", "adagrad lr=0.1",
    ])
    func everyOptimizersStateResumes(_ optimizer: String) throws {
        let path = directory + "/state.safetensors"
        let setup = Array(Self.setup.prefix(3)) + ["compile \(optimizer)"]
        let first = Notebook(session: Session(seed: 3))
        for line in setup + ["train epochs=1 batch=64"] { #expect(first.execute(line)?.failed == false, "\(line)") }
        #expect(first.execute("save model \(path)")?.failed == false)
        let resumed = Notebook(session: Session(seed: 8))
        for line in Self.setup.prefix(2) { #expect(resumed.execute(line)?.failed == false) }
        #expect(resumed.execute("load model \(path)")?.failed == false)
        #expect(resumed.execute("train epochs=1 batch=64")?.failed == false)
        let straight = Notebook(session: Session(seed: 3))
        for line in setup + ["train epochs=2 batch=64"] { #expect(straight.execute(line)?.failed == false) }
        let same = weights(resumed) == weights(straight)
        #expect(same, "\(optimizer)")
        // And the state mattered: a fresh optimizer on the loaded weights goes elsewhere.
        let forgetful = Notebook(session: Session(seed: 8))
        for line in Self.setup.prefix(2) { #expect(forgetful.execute(line)?.failed == false) }
        #expect(forgetful.execute("load model \(path)")?.failed == false)
        #expect(forgetful.execute("compile \(optimizer)")?.failed == false)
        #expect(forgetful.execute("train epochs=1 batch=64")?.failed == false)
        let forgot = weights(forgetful) != weights(straight)
        if optimizer != "sgd lr=0.1" { #expect(forgot, "\(optimizer)") }
    }

    /// The file is a plain safetensors file: the weights under their names, float32.
    @Test func theFileHoldsNamedFloat32Tensors() throws {
        let path = directory + "/plain.safetensors"
        for line in Self.setup { _ = run(line) }
        _ = run("train epochs=1 batch=64")
        _ = run("save model \(path)")
        let file = try Safetensors(parsing: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        let model = try #require(notebook.session.model)
        for (name, parameter) in model.namedParameters {
            #expect(file[name] == Safetensors.Tensor(shape: parameter.tensor.shape, values: parameter.tensor.data))
        }
        #expect(file["optimizer.exp_avg.dense_1.W"]?.shape == [2, 16])
        // Any expression that gives a tensor can be saved, under its text.
        let tensors = directory + "/tensors.safetensors"
        #expect(text("save tensors \(tensors) dense_1.W").contains("saved dense_1.W"))
        let saved = try Safetensors(parsing: [UInt8](try Data(contentsOf: URL(fileURLWithPath: tensors))))
        #expect(saved["dense_1.W"] == file["dense_1.W"])
        #expect(errorText("save tensors \(tensors) nope")?.contains("name 'nope' is not defined") == true)
        #expect(file["optimizer.exp_avg_sq.dense_2.b"]?.shape == [2])
        #expect(file.metadata("gradbook.layers") == "dense 2->16 relu, dropout 0.2, dense 16->2 softmax")
        let optimizer = try JSON(parsing: try #require(file.metadata("gradbook.optimizer")))
        #expect(optimizer["name"] == "adam" && optimizer["step"] == 7 && optimizer["hyperparameters"]?["lr"] == 0.01)
    }

    @Test func loadingAFileThatDoesNotFitLeavesTheModelAsItWas() throws {
        let path = directory + "/other.safetensors"
        _ = run("model dense 2->8 tanh, dense 8->3 softmax")
        _ = run("save model \(path)")
        for line in Self.setup { _ = run(line) }
        let before = weights(notebook)

        #expect(
            errorText("load weights \(path)")
                == "\(path): 'dense_1.W' is [2, 8] in the file but [2, 16] in the model")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let truncated = directory + "/truncated.safetensors"
        try Data(bytes.dropLast(10)).write(to: URL(fileURLWithPath: truncated))
        #expect(errorText("load model \(truncated)")?.contains("corrupt or truncated data: tensor") == true)
        var corrupt = bytes
        corrupt[9] = UInt8(ascii: "x")
        let corruptPath = directory + "/corrupt.safetensors"
        try Data(corrupt).write(to: URL(fileURLWithPath: corruptPath))
        #expect(errorText("load model \(corruptPath)")?.hasPrefix("\(corruptPath): corrupt header: not JSON") == true)
        #expect(errorText("load model \(directory)/missing.safetensors")?.contains("no such file") == true)
        // A file without Gradbook's architecture can still give weights, not a model.
        let plain = directory + "/plain.safetensors"
        let weightsOnly = Safetensors(tensors: [("dense_1.W", .init(shape: [1], values: [1]))])
        try Data(try weightsOnly.serialized()).write(to: URL(fileURLWithPath: plain))
        #expect(errorText("load model \(plain)")?.contains("'load weights \(plain)' reads its tensors") == true)
        #expect(errorText("load weights \(plain)")?.contains("is [1] in the file but [2, 16] in the model") == true)

        #expect(weights(notebook) == before)
        #expect(notebook.session.model?.layers.count == 3)
        #expect(notebook.session.training.optimizer?.kind == "adam")

        // An optimizer step that is not a count, or a state that is not a number, is refused
        // (read as 0 the step would restart Adam's bias correction over the saved moments).
        _ = run("train epochs=1 batch=64")
        _ = run("save model \(path)")
        let saved = try Safetensors(parsing: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        let optimizer = try #require(saved.metadata("gradbook.optimizer"))
        for bad in ["-5", "4.5", "\"abc\""] {
            let text = optimizer.replacingOccurrences(of: #""step":"#, with: #""step":"# + bad + #","was":"#)
            let metadata = saved.metadata.map { ($0.key, $0.key == "gradbook.optimizer" ? text : $0.value) }
            let badPath = directory + "/step.safetensors"
            try Data(try Safetensors(tensors: saved.tensors, metadata: metadata).serialized()).write(
                to: URL(fileURLWithPath: badPath))
            let error = errorText("load model \(badPath)") ?? ""
            #expect(error.contains("step must be a whole number ≥ 0, got \(bad)"), "\(error)")
        }
        let poisoned = saved.tensors.map { item in
            item.name != "optimizer.exp_avg_sq.dense_1.b"
                ? item
                : (
                    item.name,
                    Safetensors.Tensor(shape: item.tensor.shape, values: item.tensor.values.map { _ in .nan })
                )
        }
        let nanPath = directory + "/nan.safetensors"
        try Data(try Safetensors(tensors: poisoned, metadata: saved.metadata).serialized()).write(
            to: URL(fileURLWithPath: nanPath))
        let trained = weights(notebook)
        #expect(errorText("load model \(nanPath)")?.contains("'optimizer.exp_avg_sq.dense_1.b' holds NaN") == true)
        // A state tensor the optimizer does not have is refused, as a weight the model lacks is.
        let stranger = saved.tensors + [("optimizer.momentum_buffer.dense_1.W", .init(shape: [1], values: [0]))]
        let strangerPath = directory + "/stranger.safetensors"
        try Data(try Safetensors(tensors: stranger, metadata: saved.metadata).serialized()).write(
            to: URL(fileURLWithPath: strangerPath))
        #expect(
            errorText("load model \(strangerPath)")?.contains(
                "holds 'optimizer.momentum_buffer.dense_1.W', which is not a state buffer of adam") == true)
        #expect(weights(notebook) == trained, "a refused file changes nothing")
    }

    @Test func loadWeightsCopiesByNameAndRefusesStrangers() throws {
        let path = directory + "/w.safetensors"
        for line in Self.setup { _ = run(line) }
        _ = run("save model \(path)")
        let saved = weights(notebook)
        _ = run("model dense 2->16 relu, dropout 0.2, dense 16->2 softmax")
        #expect(weights(notebook) != saved)
        #expect(text("load weights \(path)").contains("loaded 4 tensors (82 parameters)"))
        #expect(weights(notebook) == saved)
        let extra = directory + "/extra.safetensors"
        let file = Safetensors(tensors: [("dense_9.W", .init(shape: [1], values: [1]))])
        try Data(try file.serialized()).write(to: URL(fileURLWithPath: extra))
        #expect(
            errorText("load weights \(extra)")?.contains("holds 'dense_9.W' [1], which the model does not have") == true
        )
    }

    /// checkpoint=FILE keeps the best epoch by the monitored metric; loading it gives that
    /// epoch's weights and history.
    @Test func aCheckpointHoldsTheBestEpoch() throws {
        let path = directory + "/best.safetensors"
        for line in Self.setup { _ = run(line) }
        let trained = text("train epochs=4 batch=32 validation=0.25 checkpoint=\(path)")
        #expect(trained.contains("saved epoch 1 (val_loss"), "\(trained)")
        let losses = notebook.session.runs.current.values("val_loss").compactMap { $0 }
        let best = try #require(losses.indices.min { losses[$0] < losses[$1] })
        let file = try Safetensors(parsing: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        let history = try JSON(parsing: try #require(file.metadata("gradbook.history")))
        #expect(history.array?.count == best + 1)
        #expect(history.array?.last?["val_loss"]?.number == losses[best])
        // A checkpoint that could not be written is refused before training starts.
        let epochs = notebook.session.runs.current.epochs.count
        #expect(
            errorText("train epochs=1 checkpoint=\(directory)/no/such/dir/x.safetensors")
                == "\(directory)/no/such/dir/x.safetensors: the directory \(directory)/no/such/dir does not exist")
        #expect(errorText("train epochs=1 checkpoint=\(directory)/best.ipynb")?.contains("FILE.safetensors") == true)
        #expect(notebook.session.runs.current.epochs.count == epochs)
    }

    @Test func saveNeedsAModelAndAKnownKind() {
        #expect(errorText("save model \(directory)/m.safetensors")?.hasPrefix("no model to save") == true)
        #expect(errorText("save modle x")?.contains("did you mean 'model'") == true)
        #expect(errorText("save notebook \(directory)/n.txt")?.contains(".ipynb (Jupyter) or .md") == true)
        #expect(errorText("save")?.contains("expected at least 2 words after 'save', got 0") == true)
        #expect(errorText("load model")?.contains("expected at least 2 words after 'load', got 1 ('model')") == true)
        #expect(errorText("load weights x.safetensors")?.hasPrefix("no model to load weights into") == true)
        _ = run("model dense 2->3")
        #expect(errorText("save model \(directory)/m.ipynb")?.contains("FILE.safetensors") == true)
        #expect(!FileManager.default.fileExists(atPath: directory + "/m.ipynb"))
    }
}
