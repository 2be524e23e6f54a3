import Explain
import Limits
import NeuralNet
import Optimizers
import TensorGrad

extension Command {
    /// `compile adam lr=0.001 loss=…`: choose the optimizer (and the model's loss).
    static let compile = Command(
        name: "compile",
        aliases: ["optimizer"],
        abstract: "Choose the optimizer (PyTorch's names and defaults) and, for a model, the loss",
        usage: "compile OPTIMIZER [lr=γ] [OPTION=VALUE …] [loss=NAME]",
        examples: ["compile adam lr=0.001 loss=sparse_categorical_crossentropy", "compile sgd lr=0.1 momentum=0.9 nesterov=1",
                   "compile rmsprop centered=1", "compile adam eps=1e-7   # Keras' epsilon"],
        discussion: "Optimizers: " + OptimizerFactory.catalog.map { "\($0.name) (\($0.summary))" }.joined(separator: "; ")
            + ". A run in progress continues from its current point with the new optimizer (fresh state).",
        options: [.loss],
        variants: Option.optimizerVariants
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        guard let name = invocation.positionals.first else { throw invocation.command.usageError("expected an optimizer name") }
        guard invocation.positionals.count == 1 else { throw invocation.command.usageError("expected one optimizer, got '\(invocation.positionals.joined(separator: " "))'") }
        let options = invocation.options.numbers(OptimizerFactory.entry(name)?.options ?? [])
        let optimizer: Optimizer
        do throws(OptimizerError) { optimizer = try OptimizerFactory.make(name, options) } catch { throw .type(error.description) }
        // Everything is checked before anything changes: a bad loss leaves the old optimizer.
        let loss = invocation.options.text("loss").flatMap(Loss.init(named:))
        session.optimizer = optimizer
        var lines = ["optimizer: \(optimizer.displayName), " + optimizer.hyperparameters.filter { !$0.symbol.isEmpty }.map { "\($0.name) \(NumberFormat.short($0.value))" }.joined(separator: ", ")]
        // As Keras' compile: each call sets the whole configuration, so a loss left out goes
        // back to the default instead of staying from an earlier compile.
        if let loss {
            session.compiledLoss = loss
            lines.append("loss: \(loss.rawValue)")
        } else {
            if let previous = session.compiledLoss { lines.append("loss: default again (was \(previous.rawValue)): \(Loss.sparseCategoricalCrossentropy.rawValue) for classes, \(Loss.meanSquaredError.rawValue) for values") }
            session.compiledLoss = nil
        }
        if let run = session.run {
            run.optimizer = optimizer
            lines.append("the current run (\(run.title)) continues from here with it")
        }
        return Reply([.text(lines.joined(separator: "\n"))])
    }

    /// `explain adam`: the update rule, with symbols and current values.
    static let explain = Command(
        name: "explain",
        abstract: "Show an optimizer's update rule: the math, its source, and the current values",
        usage: "explain [OPTIMIZER]",
        examples: ["explain adam", "explain rmsprop", "explain"],
        firstWords: { _ in OptimizerFactory.names }
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        let optimizer: Optimizer
        if let name = invocation.positionals.first {
            if let current = session.run?.optimizer ?? session.optimizer, current.kind == name.lowercased() {
                optimizer = current
            } else {
                do throws(OptimizerError) { optimizer = try OptimizerFactory.make(name) } catch { throw .type(error.description) }
            }
        } else {
            guard let current = session.run?.optimizer ?? session.optimizer else {
                throw .precondition("no optimizer yet: explain adam, or compile one first")
            }
            optimizer = current
        }
        let rows = optimizer.hyperparameters.map { [$0.symbol.isEmpty ? "" : $0.symbol, $0.name, NumberFormat.short($0.value, digits: 8)] }
        var outputs: [Output] = [
            .text("\(optimizer.displayName) — \(optimizer.reference)"),
            .text(optimizer.rule.map { "    " + $0 }.joined(separator: "\n")),
            .table(Table(headers: ["symbol", "hyperparameter", "value"], rows: rows, alignments: [.left, .left, .right])),
        ]
        let t = optimizer.stepCount
        outputs.append(.text(t == 0 ? "t = 0: no step taken yet (t counts from 1 at the first step)" : "t = \(t) steps taken; 'state' shows the buffers, 'step' shows one update with numbers"))
        return Reply(outputs)
    }

    /// `step`: one iteration, explained; `step N`: N iterations, one line each.
    static let step = Command(
        name: "step",
        abstract: "One optimizer iteration with the loss, gradient norms and the update formula with numbers",
        usage: "step [N] [--watch PARAMETER[i,j]]",
        examples: ["step", "step --watch dense_1.W[3,17]", "step --watch x", "step 100"],
        discussion: "Works on the run in progress: a function being minimized, or the model on the batch of the last 'forward … labels=…' with the compiled optimizer. The watched element defaults to the one with the largest |gradient|. 'undo' takes a step back.",
        options: [.text("watch", "PARAMETER[i,j]", "the element whose update is shown with numbers (default: the largest |gradient|)")]
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        let run = try currentRun(session)
        let count: Int
        if let word = invocation.positionals.first {
            count = try invocation.command.count(word, "N", in: 1...Limit.steps.value, limit: .steps)
        } else {
            count = 1
        }
        let watch = try invocation.options.text("watch").map { text throws(NotebookError) in try run.element(named: text) }
        if count == 1 {
            let result = try run.step(session: session, watch: watch, explain: true)
            return Reply(stepOutputs(result, run: run), value: run.pointObject, display: run.pointObject.map { "the point reached: " + $0.display })
        }
        var lines: [String] = []
        for _ in 0..<count {
            let result = try run.step(session: session, watch: nil, explain: false)
            let norm = result.gradientNorms.reduce(0.0) { $0 + $1.norm * $1.norm }.squareRoot()
            var line = "step \(pad(String(result.step), 5))  loss \(pad(NumberFormat.short(result.loss, digits: 7), 12))  ‖g‖ \(pad(NumberFormat.short(norm, digits: 4), 10))  lr \(NumberFormat.short(result.learningRate, digits: 4))"
            if !run.points.isEmpty, let point = run.points.last {
                line += "  at (" + point.map { NumberFormat.short($0, digits: 5) }.joined(separator: ", ") + ")"
            }
            if let rate = result.newRate { line += "  → lr \(NumberFormat.short(rate)) (plateau)" }
            lines.append(line)
            if invocation.notebook.interruptRequested() {
                lines.append("stopped by Ctrl-C after \(lines.count) of \(count) steps; the model and the optimizer state so far are kept")
                break
            }
        }
        return Reply([.text(lines.joined(separator: "\n"))], value: run.pointObject, display: run.pointObject.map { "the point reached: " + $0.display })
    }

    /// `state`: the optimizer's buffers, summarised per parameter.
    static let state = Command(
        name: "state",
        abstract: "The optimizer's state: its buffers (m, v, momentum, …) summarised per parameter",
        usage: "state"
    ) { invocation throws(NotebookError) in
        guard let run = invocation.session.run else { throw .precondition("no run in progress: minimize a function, or step a model first") }
        let optimizer = run.optimizer
        let buffers = optimizer.buffers.sorted { $0.key < $1.key }
        guard !buffers.isEmpty, optimizer.stepCount > 0 else {
            return Reply([.text(optimizer.stepCount == 0 ? "\(optimizer.displayName): no step taken yet" : "\(optimizer.displayName) keeps no state between steps (t = \(optimizer.stepCount))")])
        }
        var rows: [[String]] = []
        for (name, perParameter) in buffers {
            for (parameter, values) in zip(run.parameters, perParameter) {
                let n = Double(values.count)
                let mean = values.reduce(0, +) / n
                let std = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
                let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
                rows.append([name, parameter.name, NumberFormat.short(mean, digits: 5), NumberFormat.short(std, digits: 5),
                             NumberFormat.short(values.min() ?? 0, digits: 5), NumberFormat.short(values.max() ?? 0, digits: 5), NumberFormat.short(norm, digits: 5)])
            }
        }
        return Reply([
            .text("\(optimizer.displayName), t = \(optimizer.stepCount), lr \(NumberFormat.short(optimizer.learningRate))"),
            .table(Table(headers: ["buffer", "parameter", "mean", "std", "min", "max", "‖·‖₂"], rows: rows,
                         alignments: [.left, .left, .right, .right, .right, .right, .right])),
        ])
    }

    /// `undo`: revert the last step.
    static let undo = Command(
        name: "undo",
        abstract: "Revert the last step: parameters and optimizer state (try another lr from the same point)",
        usage: "undo"
    ) { invocation throws(NotebookError) in
        guard let run = invocation.session.run else { throw .precondition("no run in progress: nothing to undo") }
        guard run.undo(session: invocation.session) else { throw .precondition("nothing to undo: no step since the run started (or the last 50 were undone)") }
        let point = run.points.last.map { " at (" + $0.map { NumberFormat.short($0) }.joined(separator: ", ") + ")" } ?? ""
        return Reply([.text("undid step \(run.steps + 1): parameters and \(run.optimizer.displayName) state are as after step \(run.steps)\(point)")])
    }

    /// `schedule …`: a learning-rate schedule for the steps that follow.
    static let schedule = Command(
        name: "schedule",
        abstract: "Set a learning-rate schedule: step, exponential, cosine, warmup, plateau, or none",
        usage: "schedule step|exponential|cosine|warmup|plateau|none [OPTION=VALUE …]",
        examples: ["schedule step step_size=30 gamma=0.1", "schedule exponential gamma=0.95", "schedule cosine t_max=100 eta_min=0",
                   "schedule warmup start_factor=0.1 total_iters=10", "schedule plateau factor=0.5 patience=5", "schedule none"],
        discussion: "PyTorch's StepLR, ExponentialLR, CosineAnnealingLR, LinearLR (warm-up) and ReduceLROnPlateau, counted in steps here (in epochs during train).",
        variants: [
            .init(["step"], options: [.count("step_size", limit: .steps, default: "30", "steps between decays"),
                                      .number("gamma", in: 0...1, default: "0.1", "the factor applied every step_size steps")]),
            .init(["exponential"], options: [.number("gamma", in: 0...1, default: "0.95", "the factor applied every step")]),
            .init(["cosine"], options: [.count("t_max", limit: .steps, default: "100", "steps of the half cosine"),
                                        .number("eta_min", in: 0...1e6, default: "0", "the smallest learning rate")]),
            .init(["warmup", "linear"], options: [.number("start_factor", in: 0...1, default: "1/3", "the first step's factor of lr"),
                                                  .number("end_factor", in: 0...1, default: "1", "the factor reached after total_iters"),
                                                  .count("total_iters", limit: .steps, default: "5", "steps of the warm-up")]),
            .init(["plateau"], options: Option.plateau + [
                .number("threshold", in: 0...1e6, default: "1e-4", "the relative improvement that counts"),
                .count("cooldown", atLeast: 0, limit: .steps, default: "0", "steps to wait after a reduction")]),
            .init(["none", "off"]),
        ]
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        guard let kind = invocation.positionals.first else {
            let current = session.schedule?.description ?? (session.plateau != nil ? "reduce on plateau" : "none")
            return Reply([.text("schedule: \(current)")])
        }
        let options = invocation.options.numbers(["factor", "threshold", "min_lr", "gamma", "eta_min", "start_factor", "end_factor"])
        func int(_ key: String, _ fallback: Int) -> Int { invocation.options.count(key) ?? fallback }
        let (patience, cooldown, stepSize) = (int("patience", 10), int("cooldown", 0), int("step_size", 30))
        let (period, warmup) = (int("t_max", 100), int("total_iters", 5))
        do throws(OptimizerError) {
            switch kind {
            case "none", "off":
                session.schedule = nil
                session.plateau = nil
                return Reply([.text("no schedule: the learning rate stays constant")])
            case "plateau":
                session.plateau = try ReduceOnPlateau(factor: options["factor"] ?? 0.1, patience: patience, threshold: options["threshold"] ?? 1e-4,
                                                      cooldown: cooldown, minimumRate: options["min_lr"] ?? 0)
                session.schedule = nil
                return Reply([.text("reduce on plateau: lr ← lr·\(options["factor"] ?? 0.1) after \(patience) steps without improvement")])
            default:
                let schedule: LearningRateSchedule
                switch kind {
                case "step": schedule = .step(size: stepSize, gamma: options["gamma"] ?? 0.1)
                case "exponential": schedule = .exponential(gamma: options["gamma"] ?? 0.95)
                case "cosine": schedule = .cosine(maximum: period, minimum: options["eta_min"] ?? 0)
                case "warmup", "linear": schedule = .linearWarmup(startFactor: options["start_factor"] ?? 1.0 / 3, endFactor: options["end_factor"] ?? 1, iterations: warmup)
                default:
                    throw OptimizerError("unknown schedule '\(kind)'" + (Suggestion.closest(to: kind, among: ["step", "exponential", "cosine", "warmup", "plateau", "none"]).map { " — did you mean '\($0)'?" } ?? ""))
                }
                try schedule.validate()
                session.schedule = schedule
                session.plateau = nil
                return Reply([.text("schedule \(schedule.description)")])
            }
        } catch {
            throw .type(error.description)
        }
    }

    /// `clip norm=1`: gradient clipping before each step.
    static let clip = Command(
        name: "clip",
        abstract: "Clip gradients before each step, by global norm or by value (or turn it off)",
        usage: "clip norm=C | clip value=C | clip off",
        examples: ["clip norm=1.0", "clip value=0.5", "clip off"],
        discussion: "Applies to every step: 'step', 'minimize', 'race' and each batch of 'train'.",
        options: [.number("norm", in: 0...Double.greatestFiniteMagnitude, "scale the gradients so their global L2 norm is at most C (PyTorch's clip_grad_norm_)"),
                  .number("value", in: 0...Double.greatestFiniteMagnitude, "clamp each gradient element to [−C, C] (clip_grad_value_)")],
        variants: [.init(["off", "none"])]
    ) { invocation throws(NotebookError) in
        let options = invocation.options.numbers(["norm", "value"])
        let clipping: GradientClipping
        if invocation.positionals.first != nil {
            invocation.session.clipping = nil
            return Reply([.text("no gradient clipping")])
        } else if let c = options["norm"] {
            clipping = .norm(c)
        } else if let c = options["value"] {
            clipping = .value(c)
        } else {
            throw invocation.command.usageError("expected norm=C or value=C")
        }
        do throws(OptimizerError) { try clipping.validate() } catch { throw .type(error.description) }
        invocation.session.clipping = clipping
        return Reply([.text(clipping.description)])
    }

    // MARK: - Shared

    /// `key=value` words as numbers (`true`/`false` as 1/0), except the keys in `except`.
    /// The run `step` acts on: the one in progress, or the model on its last batch.
    static func currentRun(_ session: Session) throws(NotebookError) -> TrainingRun {
        if let run = session.run { return run }
        guard let model = session.model else {
            throw .precondition("nothing to step: minimize f from (x, y) with adam, or build a model (model …), compile an optimizer and forward a batch with labels")
        }
        guard let optimizer = session.optimizer else { throw .precondition("no optimizer: compile adam lr=0.001 (or sgd, rmsprop, …)") }
        guard session.lastBatch != nil || session.trainData != nil else {
            throw .precondition("no batch to train on: forward x labels=y, or load data (data mnist) to step on random minibatches")
        }
        let parameters = model.namedParameters.map { OptimizedParameter(name: $0.name, tensor: $0.parameter.tensor) }
        let fromData = session.lastBatch == nil
        let title = fromData ? "the model on a random minibatch of 128 from the training data" : "the model on the batch of the last forward"
        // The session keeps the run; the run only borrows the session (no reference cycle).
        let run = TrainingRun(title: title, isModel: true, parameters: parameters, optimizer: optimizer) { [weak session] () throws(NotebookError) -> Double in
            guard let session else { throw .precondition("the session of this run is gone") }
            if fromData, let data = session.trainData {
                // A fresh random minibatch each step, as one iteration of train would take.
                let rows = (0..<min(128, data.count)).map { _ in Int(session.generator.next() % UInt64(data.count)) }
                let x = Tensor(shape: [rows.count] + data.sampleShape, data: rows.flatMap { data.sample($0) })
                let y: Tensor
                if data.classCount != nil {
                    y = Tensor(shape: [rows.count], data: rows.map { Float(data.label($0) ?? 0) })
                } else {
                    var values = [Float](repeating: 0, count: rows.count * data.targetWidth)
                    values.withUnsafeMutableBufferPointer { data.fillTargets(rows, labels: nil, values: $0.baseAddress) }
                    y = Tensor(shape: [rows.count, data.targetWidth], data: values)
                }
                session.lastBatch = (x, y, session.compiledLoss ?? (data.classCount != nil ? .sparseCategoricalCrossentropy : .meanSquaredError))
            }
            guard let batch = session.lastBatch, let model = session.model else { throw .precondition("the model or its batch is gone") }
            return try lift { () throws(TensorError) -> Double in
                // The step train takes: the loss's gradient from the graph, then the
                // regularisation's from `Regularizer` (the update follows in the run).
                let (output, logits) = try model.forward(batch.input, training: true)
                let loss = try (session.compiledLoss ?? batch.loss).compute(target: batch.labels, output: output, logits: logits)
                loss.label = "loss"
                try loss.backward()
                session.lastLoss = loss
                return Double(loss.data[0]) + model.addRegularizationGradients()
            }
        }
        session.run = run
        return run
    }

    /// The explained step: loss, gradient norms, then the update formulas with numbers.
    static func stepOutputs(_ result: TrainingRun.StepResult, run: TrainingRun) -> [Output] {
        var outputs: [Output] = [.text("step \(result.step) of \(run.title): loss \(NumberFormat.short(result.loss, digits: 8)), lr \(NumberFormat.short(result.learningRate))")]
        let rows = result.gradientNorms.map { [$0.name, NumberFormat.short($0.norm, digits: 6)] }
        outputs.append(.table(Table(headers: ["parameter", "‖∂L/∂θ‖"], rows: rows, alignments: [.left, .right])))
        if let clipped = result.clipped {
            outputs.append(.text("clipped: total gradient norm \(NumberFormat.short(clipped.before, digits: 6)) → \(NumberFormat.short(clipped.after, digits: 6))"))
        }
        if let watched = result.watched {
            let width = result.formulas.map(\.lhs.count).max() ?? 1
            var lines = ["\(run.optimizer.displayName) update of \(watched.name):"]
            lines += result.formulas.map { "  " + $0.lhs.padding(width) + String($0.description.dropFirst($0.lhs.count)) }
            lines.append("  \(watched.name): \(NumberFormat.short(watched.before, digits: 10)) → \(NumberFormat.short(watched.after, digits: 10))")
            outputs.append(.text(lines.joined(separator: "\n")))
        }
        if let rate = result.newRate { outputs.append(.text("reduce on plateau: lr → \(NumberFormat.short(rate))")) }
        return outputs
    }
}

private func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s : String(repeating: " ", count: width - s.count) + s }
