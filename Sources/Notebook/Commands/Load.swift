import Checkpoint
import Datasets
import Files
import NeuralNet
import Randomness
import Rendering
import Safetensors
import Session

extension Command {
    /// `load model F.safetensors` / `load weights F.safetensors`.
    static let load = Command(
        name: "load",
        abstract: "Load a saved model (architecture, weights, optimizer state) or weights into the current model",
        usage: "load model FILE.safetensors | load weights FILE.safetensors",
        examples: ["load model mnist.safetensors", "load weights pretrained.safetensors"],
        discussion:
            "'load model' replaces the model with the file's: its layers, weights, compile configuration (optimizer "
            + "with every buffer and its step count, loss; a file saved before any compile leaves the session's) and "
            + "random state, so 'train' continues exactly where the saved session stopped (load the same data "
            + "first). 'load weights' copies tensors into the current "
            + "model by name (dense_1.W, …), as PyTorch's load_state_dict: every parameter must be there with its "
            + "shape. Any safetensors file of float32 or float64 tensors can be read. A file that does not fit "
            + "is refused with the reason, and the model is left as it was.",
        variants: [Variant(["model"]), Variant(["weights"])],
        positionals: 2...2
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        let path = session.expandingHome(invocation.positionals[1])
        if invocation.positionals[0] == "weights" {
            guard let model = session.model else {
                throw .precondition("no model to load weights into: build it first (model …), or 'load model \(path)'")
            }
            let file = try ModelCheckpoint.read(path)
            try onFile { () throws(FileError) in try ModelCheckpoint.copyWeights(from: file, into: model, path: path) }
            session.forgetBatch()
            return Reply(
                ModelCheckpoint.nonFiniteWarning(model) + [
                    .text(
                        "loaded \(model.namedParameters.count) tensors (\(grouped(model.parameterCount)) parameters) "
                            + "from \(path)"
                    )
                ])
        }
        let file = try ModelCheckpoint.read(path)
        // Building draws initial weights from the session's generator: put back afterwards,
        // whatever happens (the file's own state replaces it only on success).
        let before = session.generator
        let restored: ModelCheckpoint.Restored
        do throws(FileError) {
            restored = try ModelCheckpoint.restore(file, path: path, generator: &session.generator)
            session.generator = before
        } catch {
            session.generator = before
            throw NotebookError(error)
        }
        session.install(model: restored.model)
        // The file's compile configuration replaces the session's; a file saved before any
        // compile leaves the session's optimizer (with fresh state) and loss.
        var lines: [String]
        if let optimizer = restored.optimizer {
            session.training.optimizer = optimizer
            session.training.loss = restored.loss
            lines = ["loaded " + ModelCheckpoint.describe(session) + " from \(path)"]
        } else {
            lines = [
                "loaded model (\(grouped(restored.model.parameterCount)) parameters) from \(path); it was saved "
                    + "before any compile, so "
                    + (session.training.optimizer.map {
                        "the session's \($0.displayName) stays, with fresh state (t = 0)"
                    }
                        ?? "compile comes next")
            ]
        }
        if let generator = restored.generator { session.generator = generator }
        session.runs.current = restored.history
        let epochs = restored.history.epochs.count
        if epochs > 0 {
            lines.append(
                "it had trained \(epochs) epoch\(epochs == 1 ? "" : "s") ('history' shows them); train continues "
                    + "with epoch \(epochs + 1)")
        }
        let summary = try Command.summary.run(invocation)
        return Reply(
            summary.outputs + [.text(lines.joined(separator: "\n"))] + ModelCheckpoint.nonFiniteWarning(restored.model))
    }
}

extension ModelCheckpoint {
    /// The file for the session's model (with its optimizer, loss and random state). During
    /// `train`, which holds the session's generator, the caller passes its state and history.
    static func file(of session: Session, generator: SeededGenerator? = nil, history: History? = nil)
        throws(NotebookError) -> Safetensors
    {
        guard let model = session.model else {
            throw .precondition("no model to save: model dense 784->64 relu, dense 64->10 softmax")
        }
        return file(
            model: model, optimizer: session.training.optimizer, loss: session.training.loss,
            generator: generator ?? session.generator, history: history ?? session.runs.current)
    }

    /// A file's tensors; the error names the path and what is wrong with it.
    static func read(_ path: String) throws(NotebookError) -> Safetensors {
        let bytes: [UInt8]
        do throws(DatasetError) { bytes = try readBytes(path) } catch { throw .dataset(error) }
        do throws(SafetensorsError) { return try Safetensors(parsing: bytes) } catch {
            throw .file(path: path, reason: error.description)
        }
    }

    static func nonFiniteWarning(_ model: Sequential) -> [Output] {
        let bad = nonFinite(model)
        return bad.isEmpty
            ? []
            : [
                .warning(
                    "the file's weights hold NaN or infinity: \(bad.joined(separator: ", ")); training from them "
                        + "spreads them"
                )
            ]
    }

    /// "model (55,050 parameters), Adam at step 940": what a save or load holds.
    static func describe(_ session: Session) -> String {
        var text = "model (\(grouped(session.model?.parameterCount ?? 0)) parameters)"
        if let optimizer = session.training.optimizer {
            text += ", \(optimizer.displayName) at step \(optimizer.stepCount)"
        }
        if let loss = session.training.loss { text += ", loss \(loss.rawValue)" }
        return text
    }
}
