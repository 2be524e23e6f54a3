import Datasets
import Explain
import Limits
import NeuralNet
import Optimizers
import Randomness
import Rendering
import Session
import TensorGrad

/// What the optimizer commands share.
extension Command {
    /// The run `step` acts on: the one in progress, or the model on its last batch.
    /// `minibatch`: the minibatch size on loaded data (default: what `step batch=` set, which
    /// may be the whole set).
    static func currentRun(_ session: Session, minibatch: Int? = nil) throws(NotebookError) -> TrainingRun {
        if let run = session.run { return run }
        guard let model = session.model else {
            throw .precondition(
                "nothing to step: minimize f from (x, y) with adam, or build a model (model …), compile an optimizer "
                    + "and load data (data moons) or forward a batch with labels"
            )
        }
        guard let optimizer = session.training.optimizer else {
            throw .precondition("no optimizer: compile adam lr=0.001 (or sgd, rmsprop, …)")
        }
        guard session.lastBatch != nil || session.data.train != nil else {
            throw .precondition(
                "no batch to train on: forward x labels=y, or load data (data mnist) to step on random minibatches")
        }
        let parameters = model.namedParameters.map { OptimizedParameter(name: $0.name, tensor: $0.parameter.tensor) }
        let fromData = session.lastBatch == nil
        if fromData, let data = session.data.train {
            // The targets against the model and loss, as train checks them (with its advice).
            let loss = session.training.loss ?? .implied(classes: data.classCount, outputs: model.outputShape.last ?? 1)
            try lift { () throws(TensorError) in
                try Trainer(model: model, optimizer: optimizer, loss: loss).checkTargets(data, for: "step")
            }
        }
        let size = minibatch ?? session.training.stepBatch
        let title =
            !fromData
            ? "the model on the batch of the last forward"
            : size == nil
                ? "the model on the whole training set (\(session.data.train?.count ?? 0) samples: the full gradient)"
                : "the model on minibatches of \(min(size ?? 0, session.data.train?.count ?? 0)) from the "
                    + "training data (a fresh shuffle each epoch, as train draws them)"
        // Minibatches as train draws them: a fresh permutation of the rows each epoch.
        var sampler: MinibatchSampler?
        // The session keeps the run; the run only borrows the session (no reference cycle).
        let run = TrainingRun(title: title, isModel: true, parameters: parameters, optimizer: optimizer) {
            [weak session] () throws(NotebookError) -> Double in
            guard let session else { throw .precondition("the session of this run is gone") }
            // The batch: the sampler's next minibatch each step (kept in the run, not as the
            // session's "last forward"), or the batch of the last forward.
            var batch = session.lastBatch
            if fromData, let data = session.data.train {
                // The next minibatch, as the next iteration of train would take it.
                // `step batch=all` (stepBatch nil): every sample, the full-batch gradient.
                let (x, y) = Command.minibatch(of: data, size: size, sampler: &sampler, generator: &session.generator)
                let implied = Loss.implied(classes: data.classCount, outputs: model.outputShape.last ?? 1)
                batch = (x, y, session.training.loss ?? implied)
            }
            guard let batch, let model = session.model else {
                throw .precondition("the model or its batch is gone")
            }
            return try lift { () throws(TensorError) -> Double in
                // The step train takes on the graph (the update follows in the run).
                let step = try ModelStep.gradients(
                    model: model, loss: session.training.loss ?? batch.loss, input: batch.input, target: batch.labels)
                session.lastLoss = step.loss
                return step.total
            }
        }
        session.run = run
        return run
    }

    /// The explained step: loss, gradient norms, then the update formulas with numbers.
    static func stepOutputs(_ result: TrainingRun.StepResult, run: TrainingRun) -> [Output] {
        var outputs: [Output] = [
            .text(
                "step \(result.step) of \(run.title): loss \(NumberFormat.short(result.loss, digits: 8)), lr "
                    + "\(NumberFormat.short(result.learningRate))"
            )
        ]
        let rows = result.gradientNorms.map { [$0.name, NumberFormat.short($0.norm, digits: 6)] }
        outputs.append(.table(Table(headers: ["parameter", "‖∂L/∂θ‖"], rows: rows, alignments: [.left, .right])))
        if let clipped = result.clipped {
            outputs.append(
                .text(
                    "clipped: total gradient norm \(NumberFormat.short(clipped.before, digits: 6)) → "
                        + "\(NumberFormat.short(clipped.after, digits: 6))"
                ))
        }
        if let watched = result.watched {
            let width = result.formulas.map(\.lhs.count).max() ?? 1
            var lines = ["\(run.optimizer.displayName) update of \(watched.name):"]
            lines += result.formulas.map {
                "  " + $0.lhs.padding(width) + String($0.description.dropFirst($0.lhs.count))
            }
            lines.append(
                "  \(watched.name): \(NumberFormat.short(watched.before, digits: 10)) → "
                    + "\(NumberFormat.short(watched.after, digits: 10))"
            )
            outputs.append(.text(lines.joined(separator: "\n")))
        }
        if let rate = result.newRate { outputs.append(.text("reduce on plateau: lr → \(NumberFormat.short(rate))")) }
        return outputs
    }
}

func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
}

extension Command {
    /// A step's minibatch as tensors: the sampler's next batch of `size` (`MinibatchSampler`, the
    /// one train draws from), or every row when `size` is nil (the full gradient). Kept out of
    /// the run's closure: inlined there, Swift 6.3.1's optimizer crashes in release builds
    /// (CopyPropagation, an ownership error).
    @inline(never)
    static func minibatch(
        of data: Dataset, size: Int?, sampler: inout MinibatchSampler?, generator: inout SeededGenerator
    ) -> (input: Tensor, target: Tensor) {
        guard let size else { return data.batch(0..<data.count) }
        var drawing = sampler ?? MinibatchSampler(rows: Array(0..<data.count), size: size)
        if drawing.rows.count != data.count { drawing = MinibatchSampler(rows: Array(0..<data.count), size: size) }
        let rows = drawing.next(generator: &generator)
        sampler = drawing
        return data.batch(rows)
    }
}
