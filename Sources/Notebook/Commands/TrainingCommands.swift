import Limits
import Datasets
import Explain
import NeuralNet
import Optimizers
import TensorGrad

extension Command {
    /// `train epochs=10 batch=128 validation=0.1`: Keras' fit.
    static let train = Command(
        name: "train",
        aliases: ["fit"],
        abstract: "Train the model on the loaded data with the compiled optimizer (Keras' fit)",
        usage: "train [epochs=N] [batch=B] [validation=F] [shuffle=0|1]",
        examples: ["train epochs=10 batch=128", "train epochs=20 batch=64 validation=0.1"],
        discussion: "Uses the model, the optimizer and loss from 'compile' (the loss defaults to sparse_categorical_crossentropy for class labels, mse otherwise), the data from 'data', the schedule, and the callbacks ('callback'). NaN or inf stops training with a diagnosis. Ctrl-C stops after the current batch; the model and the history so far are kept. 'step' and 'train' share the model and the optimizer state.",
        options: [
            .count("epochs", limit: .epochs, default: "1", "passes over the training data"),
            .count("batch", in: 1...Limit.tensorElements.value, aliases: ["batch_size"], default: "32", "samples per gradient step"),
            .number("validation", in: 0...0.99, aliases: ["validation_split"], default: "0", "the fraction of the data held out to validate after each epoch"),
            .boolean("shuffle", default: "1", "shuffle the training samples before each epoch"),
        ]
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        guard let model = session.model else { throw .precondition("no model: model dense 784->64 relu, dense 64->64 relu, dense 64->10 softmax") }
        guard let data = session.trainData else { throw .precondition("no data: data mnist (or data moons, data csv FILE label=…)") }
        guard let optimizer = session.optimizer else { throw .precondition("no optimizer: compile adam lr=0.001 loss=sparse_categorical_crossentropy") }
        let epochs = invocation.options.count("epochs") ?? 1
        let batch = invocation.options.count("batch") ?? 32
        let validation = invocation.options.number("validation") ?? 0
        let shuffle = invocation.options.text("shuffle").flatMap(Option.boolean) ?? true
        let loss = session.compiledLoss ?? (data.classCount != nil ? .sparseCategoricalCrossentropy : .meanSquaredError)
        let trainer = Trainer(model: model, optimizer: optimizer, loss: loss)
        let (trainRows, validationRows): ([Int], [Int])
        do throws(DatasetError) { (trainRows, validationRows) = try Batching.split(count: data.count, validationFraction: validation) } catch { throw .type(error.description) }
        var callbacks = Callbacks(earlyStopping: session.earlyStopping)
        if let (plateau, monitor) = session.reduceOnPlateau {
            callbacks.reduceOnPlateau = plateau
            callbacks.plateauMonitor = monitor
        }
        var lines: [String] = []
        let progress = invocation.notebook.progress
        let text = ProgressText()
        let result = try lift { () throws(TensorError) -> Trainer.Result in
            try trainer.fit(data, rows: trainRows, validation: validationRows.isEmpty ? nil : (data, validationRows), epochs: epochs, batchSize: batch,
                            shuffle: shuffle, generator: &session.generator, update: session.updateRule, callbacks: callbacks, progress: { event in
                if let progress { progress(Progress(event)); return }
                // Without a live display, the per-epoch lines become the cell's output.
                switch event {
                case .epoch(let epoch, let total, let logs, let seconds, let batches):
                    lines.append("Epoch \(epoch)/\(total)")
                    lines.append(text.epochLine(logs: logs, seconds: seconds, batches: batches))
                case .note(let note): lines.append(note)
                default: break
                }
            }, interrupted: invocation.notebook.interruptRequested)
        }
        for epoch in result.history.epochs { session.trainingHistory.append(epoch) }
        session.run = nil  // the model moved on: a later 'step' starts from here, with the same optimizer state
        var outputs: [Output] = lines.isEmpty ? [] : [.text(lines.joined(separator: "\n"))]
        switch result.stop {
        case .completed: outputs.append(.text("trained \(result.history.epochs.count) epoch\(result.history.epochs.count == 1 ? "" : "s") of \(trainRows.count) samples, batch \(batch), \(optimizer.displayName) (t = \(optimizer.stepCount))" + (validationRows.isEmpty ? "" : ", validated on \(validationRows.count)")))
        case .earlyStopping(let epoch, let best): outputs.append(.text("early stopping after epoch \(epoch): \(session.earlyStopping?.monitor ?? "the metric") has not improved since epoch \(best)"))
        case .interrupted(let epoch, let batch): outputs.append(.warning("stopped by Ctrl-C after batch \(batch) of epoch \(epoch); the model and the history so far are kept"))
        case .notANumber(let diagnosis): outputs.append(.error(.precondition(diagnosis)))
        }
        if let restored = result.restoredEpoch { outputs.append(.text("restored the weights of epoch \(restored), the best by \(session.earlyStopping?.monitor ?? "the metric")")) }
        outputs.append(.text("history: 'history', 'plot loss', 'plot accuracy'; test: 'evaluate'"))
        return Reply(outputs)
    }

    /// `evaluate`: loss and accuracy on the test set.
    static let evaluate = Command(
        name: "evaluate",
        abstract: "Loss and accuracy of the model on the test data (or the training data)",
        usage: "evaluate [train|test]",
        variants: [.init(["train"]), .init(["test"])]
    ) { invocation throws(NotebookError) in
        let (trainer, data) = try trainerAndData(invocation, which: invocation.positionals.first ?? "test")
        let (loss, accuracy) = try lift { () throws(TensorError) in try trainer.evaluate(data) }
        var text = "\(data.name): loss \(NumberFormat.fixed(loss, decimals: 4))"
        if let accuracy { text += ", accuracy \(NumberFormat.fixed(accuracy, decimals: 4)) (\(Int((accuracy * Double(data.count)).rounded()))/\(data.count))" }
        return Reply([.text(text)], value: accuracy.map { .scalar(ScalarGradValue($0)) })
    }

    /// `predict 0 1 2`: the model's output for test samples.
    static let predict = Command(
        name: "predict",
        abstract: "The model's prediction for test samples: class, confidence and probabilities",
        usage: "predict INDEX [INDEX …]",
        examples: ["predict 0", "predict 0 1 2 3"]
    ) { invocation throws(NotebookError) in
        let (trainer, data) = try trainerAndData(invocation, which: "test")
        var rows: [Int] = []
        for word in invocation.positionals {
            rows.append(try invocation.command.count(word, "INDEX", in: 0...(data.count - 1)))
        }
        guard !rows.isEmpty else { throw invocation.command.usageError("expected at least one INDEX") }
        let (values, _) = try lift { () throws(TensorError) in try trainer.predict(data, rows: rows) }
        let width = values.count / rows.count
        let table = rows.enumerated().map { index, row -> [String] in
            let p = Array(values[(index * width)..<((index + 1) * width)])
            let best = p.indices.max { p[$0] < p[$1] } ?? 0
            return [String(row), data.label(row).map { String($0) } ?? "—", String(best), NumberFormat.fixed(Double(p[best]), decimals: 4),
                    p.map { NumberFormat.fixed(Double($0), decimals: 2) }.joined(separator: " ")]
        }
        let predictions = Tensor(shape: [rows.count, width], data: values)
        return Reply([.table(Table(headers: ["sample", "label", "predicted", "confidence", "outputs"], rows: table,
                                   alignments: [.right, .right, .right, .right, .left]))], value: .tensor(predictions), display: "tensor of shape [\(rows.count), \(width)]")
    }

    /// `confusion`: the confusion matrix on the test set.
    static let confusion = Command(
        name: "confusion",
        abstract: "The confusion matrix on the test data: rows are true labels, columns predictions",
        usage: "confusion"
    ) { invocation throws(NotebookError) in
        let (trainer, data) = try trainerAndData(invocation, which: "test")
        guard let classes = data.classCount else { throw .type("the confusion matrix needs class labels; \(data.name) is a regression set") }
        let rows = Array(0..<data.count)
        let (values, _) = try lift { () throws(TensorError) in try trainer.predict(data, rows: rows) }
        let width = values.count / max(rows.count, 1)
        var matrix = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        for row in rows {
            let p = values[(row * width)..<((row + 1) * width)]
            let predicted = (p.indices.max { p[$0] < p[$1] } ?? row * width) - row * width
            if let label = data.label(row), predicted < classes { matrix[Int(label)][predicted] += 1 }
        }
        let names = data.classNames ?? (0..<classes).map(String.init)
        let table = matrix.enumerated().map { label, counts in
            [names[label]] + counts.map(String.init) + [NumberFormat.fixed(Double(counts[label]) / Double(max(counts.reduce(0, +), 1)), decimals: 3)]
        }
        return Reply([.text("\(data.name): rows = true label, columns = predicted"),
                      .table(Table(headers: ["true \\ pred"] + names.map { String($0.prefix(6)) } + ["recall"], rows: table,
                                   alignments: [.left] + Array(repeating: .right, count: classes + 1)))])
    }

    /// `show 7` / `show mistakes`: digits as terminal pictures with label and prediction.
    static let show = Command(
        name: "show",
        abstract: "Draw test digits in the terminal with their label and the model's prediction (or the worst mistakes)",
        usage: "show INDEX … | show mistakes [K]",
        examples: ["show 0", "show 0 1 2", "show mistakes 5"]
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        guard let data = session.testData ?? session.trainData else { throw .precondition("no data: data mnist") }
        guard data.featureWidth == 784 else { throw .type("show draws 28×28 images; \(data.name) has \(data.featureWidth) features per sample") }
        let words = invocation.positionals
        var rows: [Int] = []
        var title = ""
        var probabilities: [Float]?
        if words.first == "mistakes" {
            let (trainer, _) = try trainerAndData(invocation, which: "test")
            let k = words.count > 1 ? try invocation.command.count(words[1], "K", in: 1...Int.max) : 5
            let all = Array(0..<data.count)
            let (values, _) = try lift { () throws(TensorError) in try trainer.predict(data, rows: all) }
            let width = values.count / max(all.count, 1)
            var wrong: [(row: Int, confidence: Float)] = []
            for row in all {
                let p = values[(row * width)..<((row + 1) * width)]
                guard let best = p.indices.max(by: { p[$0] < p[$1] }), let label = data.label(row), best - row * width != Int(label) else { continue }
                wrong.append((row, p[best]))
            }
            rows = wrong.sorted { $0.confidence > $1.confidence }.prefix(max(1, k)).map(\.row)
            title = "the \(rows.count) most confident mistakes of \(wrong.count) on \(data.name):"
            probabilities = values
        } else {
            for word in words {
                rows.append(try invocation.command.count(word, "INDEX", in: 0...(data.count - 1)))
            }
            guard !rows.isEmpty else { throw invocation.command.usageError("expected an INDEX or 'mistakes'") }
        }
        var pictures: [String] = title.isEmpty ? [] : [title]
        for row in rows {
            var caption = "#\(row)  label \(data.label(row).map(String.init) ?? "?")"
            if let (trainer, _) = try? trainerAndData(invocation, which: "test") {
                let p: [Float]
                if let all = probabilities {
                    let width = all.count / data.count
                    p = Array(all[(row * width)..<((row + 1) * width)])
                } else {
                    p = (try? trainer.predict(data, rows: [row]).values) ?? []
                }
                if let best = p.indices.max(by: { p[$0] < p[$1] }) {
                    caption += "  predicted \(best) (\(NumberFormat.fixed(Double(p[best]) * 100, decimals: 1))%)" + (Int(data.label(row) ?? -1) == best ? "" : "  ✗")
                }
            }
            pictures.append(caption + "\n" + picture(data.sample(row)))
        }
        return Reply([.text(pictures.joined(separator: "\n"))])
    }

    /// `plot loss` / `plot accuracy`: the training history.
    static let plot = Command(
        name: "plot",
        abstract: "Plot the training history: loss or accuracy per epoch, training and validation",
        usage: "plot loss|accuracy [--svg FILE]",
        examples: ["plot loss", "plot accuracy --svg accuracy.svg"],
        options: [.svg],
        variants: [.init(["loss"]), .init(["accuracy"])]
    ) { invocation throws(NotebookError) in
        let history = invocation.session.trainingHistory
        guard !history.epochs.isEmpty else { throw .precondition("no training history yet: train first") }
        let metric = invocation.positionals.first ?? "loss"
        let series = [metric, "val_" + metric].compactMap { key -> Plot.Series? in
            let points = history.values(key).enumerated().compactMap { index, value in value.map { (Double(index + 1), $0) } }
            return points.isEmpty ? nil : Plot.Series(name: key, points: points)
        }
        guard !series.isEmpty else { throw .precondition("the history has no \(metric)") }
        let plot = Plot(title: "\(metric) per epoch", xLabel: "epoch", yLabel: metric, logarithmic: false, series: series)
        var outputs: [Output] = [.plot(plot)]
        if let path = invocation.options.text("svg") {
            try writeText(SVGPlot(plot: plot, trajectories: [], function: { _ in nil }, functionName: "").renderLossOnly(), to: path)
            outputs.append(.text("wrote \(path)"))
        }
        return Reply(outputs)
    }

    /// `callback early_stopping patience=3 …`: the callbacks of `train`.
    static let callback = Command(
        name: "callback",
        aliases: ["callbacks"],
        abstract: "Set train's callbacks: early stopping, reduce-LR-on-plateau (NaN detection is always on)",
        usage: "callback early_stopping [patience=P] [min_delta=D] [monitor=val_loss] [restore_best_weights=1] | callback reduce_lr [factor=F] [patience=P] [monitor=val_loss] | callback none",
        examples: ["callback early_stopping patience=3 restore_best_weights=1", "callback reduce_lr factor=0.5 patience=2", "callback none", "callback"],
        variants: [
            .init(["early_stopping", "earlystopping"], options: [
                .monitor, .count("patience", atLeast: 0, limit: .epochs, default: "0", "epochs without improvement before stopping"),
                .number("min_delta", in: 0...1e6, default: "0", "the smallest change that counts as an improvement"),
                .boolean("restore_best_weights", "restore the weights of the best epoch at the end"),
            ]),
            .init(["reduce_lr", "reduce_lr_on_plateau"], options: [.monitor] + Option.plateau),
            .init(["none", "off"]),
        ]
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        guard let kind = invocation.positionals.first else {
            var lines = ["NaN/inf detection: on (always)"]
            lines.append("early stopping: " + (session.earlyStopping.map { "monitor \($0.monitor), patience \($0.patience), min_delta \($0.minDelta), restore_best_weights \($0.restoreBestWeights)" } ?? "off"))
            lines.append("reduce lr on plateau: " + (session.reduceOnPlateau.map { "monitor \($0.monitor), factor \($0.0.factor), patience \($0.0.patience)" } ?? "off"))
            return Reply([.text(lines.joined(separator: "\n"))])
        }
        let options = invocation.options.numbers(["min_delta", "factor", "min_lr"])
        let monitor = invocation.options.text("monitor") ?? "val_loss"
        let restore = invocation.options.flag("restore_best_weights")
        switch kind {
        case "early_stopping", "earlystopping":
            let patience = invocation.options.count("patience") ?? 0
            session.earlyStopping = EarlyStopping(monitor: monitor, patience: patience, minDelta: options["min_delta"] ?? 0,
                                                  restoreBestWeights: restore)
            return Reply([.text("early stopping on \(monitor): patience \(patience)" + (restore ? ", the best epoch's weights are restored at the end" : ""))])
        case "reduce_lr", "reduce_lr_on_plateau":
            let patience = invocation.options.count("patience") ?? 10
            do throws(OptimizerError) {
                session.reduceOnPlateau = (try ReduceOnPlateau(factor: options["factor"] ?? 0.1, patience: patience, minimumRate: options["min_lr"] ?? 0), monitor)
            } catch {
                throw .type(error.description)
            }
            return Reply([.text("reduce the learning rate by \(options["factor"] ?? 0.1) when \(monitor) stalls for \(patience) epochs")])
        case "none", "off":
            session.earlyStopping = nil
            session.reduceOnPlateau = nil
            return Reply([.text("no callbacks (NaN detection stays on)")])
        default:
            throw invocation.command.usageError("unknown callback '\(kind)'" + (Suggestion.closest(to: kind, among: ["early_stopping", "reduce_lr", "none"]).map { " — did you mean '\($0)'?" } ?? ""))
        }
    }

    // MARK: - Shared

    static func trainerAndData(_ invocation: Invocation, which: String) throws(NotebookError) -> (Trainer, Dataset) {
        let session = invocation.session
        guard let model = session.model else { throw .precondition("no model yet") }
        guard let data = which == "train" ? session.trainData : (session.testData ?? session.trainData) else { throw .precondition("no data: data mnist") }
        let loss = session.compiledLoss ?? (data.classCount != nil ? .sparseCategoricalCrossentropy : .meanSquaredError)
        let optimizer: Optimizer
        if let current = session.optimizer { optimizer = current } else {
            do throws(OptimizerError) { optimizer = try SGD() } catch { throw .type(error.description) }
        }
        return (Trainer(model: model, optimizer: optimizer, loss: loss), data)
    }

    /// A 28×28 image as 14 lines of 28 characters (two pixel rows per line), darker = more ink.
    static func picture(_ pixels: [Float]) -> String {
        let ramp = Array(" .:-=+*#%@")
        var lines: [String] = []
        for r in stride(from: 0, to: 28, by: 2) {
            var line = "    "
            for c in 0..<28 {
                // Pixels of MNIST are 0…1; a CSV's 784 columns may hold anything, so clamp first.
                let v = (pixels[r * 28 + c] + pixels[(r + 1) * 28 + c]) / 2
                let ink = v.isFinite ? min(max(v, 0), 1) : 0
                line.append(ramp[Int(ink * Float(ramp.count - 1) + 0.5)])
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}

import ScalarGrad
typealias ScalarGradValue = Value
