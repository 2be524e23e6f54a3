import Checkpoint
import Datasets
import Explain
import Files
import Limits
import NeuralNet
import Optimizers
import Rendering
import ScalarGrad
import Session
import TensorGrad

extension Command {
    /// `train epochs=10 batch=128 validation=0.1`: Keras' fit.
    static let train = Command(
        name: "train",
        aliases: ["fit"],
        abstract: "Train the model on the loaded data with the compiled optimizer (Keras' fit)",
        usage:
            "train [epochs=N] [batch=B] [validation=F] [limit=N] [shuffle=0|1] [name=NAME] "
            + "[checkpoint=FILE.safetensors] [verbose=0|1|2] [watch=boundary|weights [every=K]]",
        examples: [
            "train epochs=10 batch=128", "train epochs=20 batch=64 validation=0.1",
            "train epochs=50 validation=0.1 checkpoint=best.safetensors", "train epochs=200 watch=boundary",
        ],
        discussion:
            "Uses the model, the optimizer and loss from 'compile' (the loss defaults to "
            + "binary_crossentropy for two classes and one output, sparse_categorical_crossentropy for other "
            + "class labels, mse otherwise), the data from 'data', the "
            + "schedule, and the callbacks ('callback'). NaN or inf stops training with a diagnosis. Ctrl-C "
            + "stops after the current batch; the model and the history so far are kept. 'step' and 'train' "
            + "share the model and the optimizer state. checkpoint=FILE saves the model (as 'save model' does) "
            + "after every epoch that improves the monitored metric — early stopping's monitor, else val_loss "
            + "with validation, else loss — so an interrupted run keeps its best epoch; 'load model FILE' "
            + "continues from it. verbose=1 (the default) keeps the lines of the first epoch, every k-th and the last "
            + "(all of a run of up to 6 epochs), as a one-screen log; verbose=2 keeps every epoch's line, "
            + "verbose=0 none ('history' lists every epoch either way). watch=boundary redraws the decision boundary "
            + "('boundary') in place as the model trains, watch=weights the first layer's units ('show weights'): "
            + "every K batches with every=K, else after each epoch, at most four times a second.",
        options: [
            .count("epochs", limit: .epochs, default: "1", "passes over the training data"),
            .count(
                "batch", in: 1...Limit.tensorElements.value, aliases: ["batch_size"], default: "32",
                "samples per gradient step"),
            .number(
                "validation", in: 0...1, open: .upper, aliases: ["validation_split"], default: "0",
                "the fraction of the data held out to validate after each epoch"),
            .boolean("shuffle", default: "1", "shuffle the training samples before each epoch"),
            .text("name", "NAME", "name this model's run, to compare runs later (plot loss runs=a,b)"),
            .count(
                "limit", in: 1...100_000_000,
                "train on the first N training rows only; the validation rows stay the same "
                    + "(to compare training-set sizes on one validation set)"),
            .text("checkpoint", "FILE.safetensors", "save the best epoch so far to the file as training goes"),
            .count(
                "verbose", in: 0...2, default: "1",
                "which epoch lines stay printed: 0 none, 1 the first, every k-th and the last, 2 all"),
            .choice("watch", Watch.Kind.allCases.map(\.rawValue), "a picture redrawn in place while training"),
            .count("every", in: 1...Int.max, "with watch=: redraw every K batches (default: each epoch)"),
        ],
        positionals: 0...0
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        guard let model = session.model else {
            throw noModel(session)
        }
        guard let data = session.data.train else {
            throw .precondition("no data: data mnist (or data moons, data csv FILE label=…)")
        }
        guard let optimizer = session.training.optimizer else {
            throw .precondition("no optimizer: compile adam lr=0.001 loss=sparse_categorical_crossentropy")
        }
        // Checked before anything changes: a run that cannot keep its checkpoint does not start.
        let checkpointPath = invocation.options.text("checkpoint").map(session.expandingHome)
        if let checkpointPath {
            try onFile { () throws(FileError) in try ModelCheckpoint.checkWritable(checkpointPath) }
        }
        var replaced: String?
        if let name = invocation.options.text("name") {
            guard name.first?.isLetter == true, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw invocation.command.usageError("name=\(name): a run's name is a word (letters, digits, _)")
            }
            // A name used again replaces that run, as re-running a notebook cell replaces its output.
            if name != session.runs.currentName, session.runs.past.contains(where: { $0.name == name }) {
                session.runs.past.removeAll { $0.name == name }
                replaced = name
            }
            session.runs.currentName = name
        }
        let epochs = invocation.options.count("epochs") ?? 1
        let batch = invocation.options.count("batch") ?? 32
        let validation = invocation.options.number("validation") ?? 0
        let shuffle = invocation.options.text("shuffle").flatMap(CommandOption.boolean) ?? true
        let verbose = invocation.options.count("verbose") ?? 1
        var watch = invocation.options.text("watch").flatMap(Watch.Kind.init).map {
            Watch(kind: $0, every: invocation.options.count("every"))
        }
        if watch == nil, let every = invocation.options.count("every") {
            throw invocation.command.usageError("every=\(every) says how often watch= redraws: add watch=boundary")
        }
        // Checked before training: a picture that cannot be drawn is said now, not after the run.
        if let watch { _ = try watch.picture(model: model, data: data, moment: "before training") }
        let redraws = invocation.notebook.redrawsPictures
        let loss = session.training.loss ?? .implied(classes: data.classCount, outputs: model.outputShape.last ?? 1)
        let trainer = Trainer(model: model, optimizer: optimizer, loss: loss)
        var (trainRows, validationRows): ([Int], [Int])
        do throws(DatasetError) {
            (trainRows, validationRows) = try Batching.split(count: data.count, validationFraction: validation)
        } catch { throw .dataset(error) }
        if let limit = invocation.options.count("limit") { trainRows = Array(trainRows.prefix(limit)) }
        var callbacks = Callbacks(earlyStopping: session.training.earlyStopping)
        if checkpointPath != nil {
            let monitor = session.training.earlyStopping?.monitor ?? (validation > 0 ? "val_loss" : "loss")
            callbacks.checkpoint = Checkpoint(monitor: monitor)
        }
        if let (plateau, monitor) = session.training.reduceOnPlateau {
            callbacks.reduceOnPlateau = plateau
            callbacks.plateauMonitor = monitor
        }
        var lines: [String] = []
        var log = LogSchedule.epochs(first: 1, count: epochs, verbose: verbose)
        // The last epoch's line when it was not logged (a run that stopped early ends with it).
        var unlogged: String?
        let progress = invocation.notebook.progress
        // However training ends (an error included), the live line is closed before the outputs.
        defer { progress?(.finished) }
        let text = ProgressText()
        // The rate is on each epoch's line when something can change it.
        let showsRate = session.training.schedule != nil || callbacks.reduceOnPlateau != nil
        let result = try lift { () throws(TensorError) -> Trainer.Result in
            try trainer.fit(
                data, rows: trainRows, validation: validationRows.isEmpty ? nil : (data, validationRows),
                epochs: epochs, batchSize: batch, initialEpoch: session.runs.current.epochs.count,
                shuffle: shuffle, generator: &session.generator, update: session.training.updateRule,
                callbacks: callbacks,
                progress: { event in
                    // The logged epoch lines become the cell's output: shown, without a live display;
                    // kept as a log beside a live one (a saved notebook has them).
                    let shown = LiveProgress(event, verbose: verbose, showsRate: showsRate)
                    progress?(shown)
                    if let progress, redraws, case .batch(let epoch, let batch, let batches, _, _, _) = shown,
                        watch?.due(batch: batch, of: batches, now: LiveProgress.now()) == true,
                        let picture = try? watch?.picture(
                            model: model, data: data,
                            moment: batch == batches ? "after epoch \(epoch)" : "in epoch \(epoch)")
                    {
                        progress(.watch(picture))
                    }
                    switch shown {
                    case .trainingStarted(
                        let epochs, _, let batches, let samples, let validation, let fast, let schedule):
                        log = schedule
                        guard progress != nil || schedule.omission("epoch") != nil else { break }
                        lines.append(
                            text.header(
                                epochs: epochs, batches: batches, samples: samples, validationSamples: validation,
                                fastPath: fast, log: schedule))
                    case .epoch(let epoch, let epochs, let logs, let seconds, let batches, let total):
                        let line =
                            "Epoch \(epoch)/\(epochs) - "
                            + text.epochLine(logs: logs, seconds: seconds, batches: batches, of: total, bar: false)
                        if log.shows(epoch) {
                            lines.append(line)
                            unlogged = nil
                        } else {
                            unlogged = line
                        }
                    case .note(let note): lines.append(note)
                    default: break
                    }
                }, interrupted: invocation.notebook.interruptRequested,
                save: { history, generator in
                    guard let checkpointPath else { return nil }
                    var combined = session.runs.current
                    for epoch in history.epochs { combined.append(epoch) }
                    do throws(NotebookError) {
                        let file = try ModelCheckpoint.file(of: session, generator: generator, history: combined)
                        _ = try onFile { () throws(FileError) in try ModelCheckpoint.write(file, to: checkpointPath) }
                        return nil
                    } catch { return error.description }
                })
        }
        if let unlogged, verbose > 0 { lines.append(unlogged) }
        // The last picture: redrawn in place by a live front end, else among the outputs.
        var final: [Output] = []
        var moment = "after epoch \(session.runs.current.epochs.count + result.history.epochs.count)"
        if case .interrupted(let epoch, let batch) = result.stop {
            moment = "at Ctrl-C (epoch \(epoch), batch \(batch))"
        }
        if let watch, let picture = try? watch.picture(model: model, data: data, moment: moment) {
            if let progress, redraws { progress(.watch(picture)) } else { final = picture }
        }
        for epoch in result.history.epochs { session.runs.current.append(epoch) }
        session.forgetBatch()
        session.run = nil  // the model moved on: a later 'step' starts from here, with the same optimizer state
        let logText = lines.joined(separator: "\n")
        var outputs: [Output] = lines.isEmpty ? [] : [progress == nil ? .text(logText) : .log(logText)]
        if let replaced { outputs.insert(.text("the earlier run named \(replaced) is replaced by this one"), at: 0) }
        switch result.stop {
        case .completed:
            outputs.append(
                .text(
                    "trained \(result.history.epochs.count) epoch\(result.history.epochs.count == 1 ? "" : "s") of "
                        + "\(trainRows.count) samples, batch \(batch), \(optimizer.displayName) (t = "
                        + "\(optimizer.stepCount))"
                        + (validationRows.isEmpty ? "" : ", validated on \(validationRows.count)")))
        case .earlyStopping(let epoch, let best):
            outputs.append(
                .text(
                    "early stopping after epoch \(epoch): "
                        + "\(session.training.earlyStopping?.monitor ?? "the metric") has not improved since "
                        + "epoch \(best)"
                ))
        case .interrupted(let epoch, let batch):
            outputs.append(
                .warning(
                    "stopped by Ctrl-C after batch \(batch) of epoch \(epoch); the model and the history so far are "
                        + "kept"
                ))
        case .notANumber(let diagnosis): outputs.append(.error(.precondition(diagnosis)))
        }
        if let restored = result.restoredEpoch {
            outputs.append(
                .text(
                    "restored the weights of epoch \(restored), the best by "
                        + "\(session.training.earlyStopping?.monitor ?? "the metric")"
                ))
        }
        if let hint = session.hintOnce("history: 'history', 'plot loss', 'plot accuracy'; test: 'evaluate'") {
            outputs.append(.text(hint))
        }
        return Reply(final + outputs)
    }
}
